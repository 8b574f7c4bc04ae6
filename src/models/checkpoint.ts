import * as z from 'zod';
import { builtinShapeProblem } from '../data/builtin-shapes.js';
import type { DataIdentity } from '../data/dataset-identity.js';
import type { OptimizerState } from '../nn/optimizers.js';
import type { RngState } from '../tensor/rng.js';
import type { Autoencoder } from './autoencoder/autoencoder.js';
import { autoencoderSection } from './autoencoder/model-file.js';
import type { LatentModel, TrainingState } from './latent-model.js';
import type { ModelSection, NamedNetwork } from './model-section.js';
import { fromNamedTensors, loadTensor, storeTensor, toNamedTensors, type NamedTensors, type StoredTensor } from './named-tensors.js';
import { vaeSection } from './vae/model-file.js';
import type { Vae } from './vae/vae.js';

export const CHECKPOINT_FORMAT = 'latentlab-model';
export const CHECKPOINT_VERSION = 2;

const sections = { autoencoder: autoencoderSection, vae: vaeSection } as const;
export type ModelKindName = keyof typeof sections;
export const modelKindNames = Object.keys(sections) as ModelKindName[];

/** A model of either kind, with its kind's name. */
export type KindModel = { kind: 'autoencoder'; model: Autoencoder } | { kind: 'vae'; model: Vae };

/**
 * A model file: the complete state of a run. The model, the run spec it was trained with (kept as
 * written; src/runs validates it), the identity of its training data and, for a run that can go on,
 * its training state (epochs done, loss history, optimizer state, Rng state, row order).
 */
export type ModelFile = KindModel & {
  version: number;
  spec: Record<string, unknown>;
  data: DataIdentity;
  training?: TrainingState;
};

const storedTensorSchema = z.object({ dtype: z.enum(['float32', 'float64']), shape: z.array(z.number().int().nonnegative()), data: z.string() }).strict();
const tensorsSchema = z.record(z.string(), storedTensorSchema);
const uint32 = z.number().int().min(0).max(0xffffffff);

const dataIdentitySchema = z
  .object({
    name: z.string(),
    source: z.string(),
    table: z.number().int().positive().optional(),
    rows: z.number().int().positive(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    labels: z.array(z.string()),
    mode: z.enum(['ink', 'luminance']),
    hash: z.string(),
  })
  .strict() satisfies z.ZodType<DataIdentity>;

const trainingSchema = z
  .object({
    epochsDone: z.number().int().nonnegative(),
    stoppedEarly: z.boolean(),
    history: z.record(z.string(), z.array(z.number())),
    optimizer: z.object({ config: z.object({ name: z.string() }).catchall(z.unknown()), states: z.array(z.object({ step: z.number().nonnegative(), slots: z.record(z.string(), tensorsSchema) }).strict()) }).strict(),
    rng: z.object({ s: z.tuple([uint32, uint32, uint32, uint32]), spareNormal: z.number().nullable() }).strict() satisfies z.ZodType<RngState>,
    order: z.array(uint32).nullable(),
    /** A denoising run's noise state (src/data/noise.ts). */
    noise: z.array(z.array(uint32)).optional(),
  })
  .strict();

const fileSchema = z
  .object({
    format: z.literal(CHECKPOINT_FORMAT),
    version: z.literal(CHECKPOINT_VERSION),
    kind: z.enum(modelKindNames),
    spec: z.object({ model: z.unknown() }).catchall(z.unknown()),
    data: dataIdentitySchema,
    tensors: tensorsSchema,
    training: trainingSchema.optional(),
  })
  .strict();

/** Version 1: one flat parameter array (a VAE's: encoder and decoder apart), the architecture and the image info. */
const version1Schema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(1),
  kind: z.enum(modelKindNames),
  spec: z.unknown(),
  inputSize: z.number().int().positive(),
  data: z.object({ name: z.string(), width: z.number().int().positive(), height: z.number().int().positive(), labels: z.array(z.string()), mode: z.enum(['ink', 'luminance']).optional() }),
  parameters: z.union([z.array(z.number()), z.object({ encoder: z.array(z.number()), decoder: z.array(z.number()) })]),
});

/** A model's networks with their parameters, in its section's order. */
function networksOf(file: KindModel): { named: NamedNetwork; parameters: Float64Array }[] {
  const pair = <M extends LatentModel & { spec: S }, S>(section: ModelSection<M, S>, model: M) => {
    const parameters = section.parameters(model);
    return section.networks(model.spec, model.inputSize).map((named, i) => ({ named, parameters: parameters[i] }));
  };
  return file.kind === 'autoencoder' ? pair(autoencoderSection, file.model) : pair(vaeSection, file.model);
}

/** Builds a model of `kind` from its architecture and, per network, a reader of that network's parameters. */
function buildModel(kind: ModelKindName, spec: unknown, inputSize: number, read: (named: NamedNetwork, index: number) => Float64Array): KindModel {
  const build = <M extends LatentModel, S>(section: ModelSection<M, S>): M => {
    const parsed = section.specSchema.safeParse(spec);
    if (!parsed.success) throw new CheckpointError(`spec.model: ${z.prettifyError(parsed.error)}`);
    return checked(() => section.build(parsed.data, inputSize, section.networks(parsed.data, inputSize).map(read)));
  };
  return kind === 'autoencoder' ? { kind, model: build(autoencoderSection) } : { kind, model: build(vaeSection) };
}

/** A model file's text (version 2): see the README's "Model files" for the layout. */
export function serializeModelFile(file: ModelFile): string {
  const networks = networksOf(file);
  const tensors = storeAll(Object.assign({}, ...networks.map(({ named, parameters }) => toNamedTensors(named.network, parameters, named.layerNames))));
  const { training } = file;
  return JSON.stringify({
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    kind: file.kind,
    spec: file.spec,
    data: file.data,
    tensors,
    ...(training && {
      training: {
        epochsDone: training.epochsDone,
        stoppedEarly: training.stoppedEarly,
        history: { loss: Array.from(training.losses), ...Object.fromEntries(Object.entries(training.terms).map(([name, values]) => [name, Array.from(values)])) },
        optimizer: {
          config: optimizerConfig(file.spec),
          states: training.optimizers.map((state, i) => {
            const { named } = networks[i];
            return { step: state.step, slots: Object.fromEntries(Object.entries(state.slots).map(([slot, values]) => [slot, storeAll(toNamedTensors(named.network, values, named.layerNames))])) };
          }),
        },
        rng: training.rng,
        order: training.order && Array.from(training.order),
        ...(training.noise && { noise: training.noise }),
      },
    }),
  });
}

/** Reads a model file of any kind and version, checking format, shapes and finiteness; errors say exactly what is wrong. */
/** What a file that is not JSON text is, when it can be told (a picture, a database, other binary data). */
function notJson(text: string): string | undefined {
  const start = text.slice(0, 16);
  if (start.slice(1, 4) === 'PNG') return 'this is a PNG image, not a model file';
  if (start.startsWith('SQLite format 3')) return 'this is a SQLite database (a sweep store?), not a model file';
  // eslint-disable-next-line no-control-regex -- NUL and other control bytes mark binary data
  if (/[\u0000-\u0008\ufffd]/.test(text.slice(0, 512))) return 'this is a binary file, not a model file (a model file is JSON text written by latentlab train)';
  return undefined;
}

export function parseModelFile(text: string): ModelFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(notJson(text) ?? `not valid JSON (${(error as Error).message})`);
  }
  const head = z.object({ format: z.string(), version: z.number() }).safeParse(json);
  if (!head.success || head.data.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`not a latentlab model file (expected "format": "${CHECKPOINT_FORMAT}")`);
  if (head.data.version === 1) return parseVersion1(json);
  if (head.data.version !== CHECKPOINT_VERSION) throw new CheckpointError(`unsupported version ${head.data.version}; this latentlab reads versions 1 and ${CHECKPOINT_VERSION}`);
  const file = validated(fileSchema, json);
  const { data } = file;
  if (data.labels.length !== data.rows) throw new CheckpointError(`data: ${data.rows} rows but ${data.labels.length} labels`);
  const contradiction = builtinShapeProblem(data);
  if (contradiction) throw new CheckpointError(`data: ${contradiction}`);
  const tensors = loadAll(file.tensors);
  const networks: NamedNetwork[] = [];
  const model = buildModel(file.kind, file.spec.model, data.width * data.height, (named) => {
    networks.push(named);
    return fromNamedTensors(named.network, tensors, named.layerNames);
  });
  return { ...model, version: file.version, spec: file.spec, data, ...(file.training && { training: trainingState(file.training, networks, data.rows) }) };
}

function trainingState(saved: z.infer<typeof trainingSchema>, networks: NamedNetwork[], rows: number): TrainingState {
  const { loss, ...terms } = saved.history;
  if (!loss || Object.values(saved.history).some((values) => values.length !== saved.epochsDone)) {
    throw new CheckpointError(`training.history: every history needs ${saved.epochsDone} values, one per epoch done`);
  }
  if (saved.optimizer.states.length !== networks.length) throw new CheckpointError(`training.optimizer: ${networks.length} optimizer states expected, got ${saved.optimizer.states.length}`);
  // The rows trained are the data's, or several noisy copies of them: the order is a permutation of its own length.
  const { order } = saved;
  if (order && (order.length % rows !== 0 || new Set(order).size !== order.length || order.some((row) => row >= order.length))) {
    throw new CheckpointError(`training.order must list each of the rows trained (the ${rows} rows of the data, or copies of them) once`);
  }
  return {
    epochsDone: saved.epochsDone,
    stoppedEarly: saved.stoppedEarly,
    losses: Float64Array.from(loss),
    terms: Object.fromEntries(Object.entries(terms).map(([name, values]) => [name, Float64Array.from(values)])),
    optimizers: saved.optimizer.states.map((state, i): OptimizerState => ({
      step: state.step,
      slots: Object.fromEntries(Object.entries(state.slots).map(([slot, stored]) => [slot, checked(() => fromNamedTensors(networks[i].network, loadAll(stored), networks[i].layerNames))])),
    })),
    rng: saved.rng,
    order: saved.order && Uint32Array.from(saved.order),
    ...(saved.noise && { noise: saved.noise }),
  };
}

/** A version-1 file: the model and its image info; its data has no hash and its training cannot go on. */
function parseVersion1(json: unknown): ModelFile {
  const file = validated(version1Schema, json);
  const { data, inputSize, parameters } = file;
  if (data.width * data.height !== inputSize) throw new CheckpointError(`images of ${data.width}x${data.height} pixels do not match an input size of ${inputSize}`);
  const flat = Array.isArray(parameters) ? [parameters] : [parameters.encoder, parameters.decoder];
  const model = buildModel(file.kind, file.spec, inputSize, (_, i) => Float64Array.from(flat[i] ?? []));
  const identity: DataIdentity = { name: data.name, source: data.name, rows: data.labels.length, width: data.width, height: data.height, labels: data.labels, mode: data.mode ?? 'ink', hash: '' };
  return { ...model, version: 1, spec: { model: file.spec }, data: identity };
}

/** What a spec with a training state holds at least: the optimizer's name and settings. */
const trainingOptimizer = z.object({ training: z.object({ optimizer: z.object({ name: z.string() }).catchall(z.unknown()) }) });

/** The optimizer's name and settings, from the run spec (the states alone do not say which optimizer made them). */
function optimizerConfig(spec: Record<string, unknown>): Record<string, unknown> {
  const parsed = trainingOptimizer.safeParse(spec);
  if (!parsed.success) throw new CheckpointError('a model file with a training state needs spec.training.optimizer');
  return parsed.data.training.optimizer;
}

function storeAll(tensors: NamedTensors): Record<string, StoredTensor> {
  return Object.fromEntries(Object.entries(tensors).map(([name, tensor]) => [name, storeTensor(tensor)]));
}

function loadAll(stored: Record<string, StoredTensor>): NamedTensors {
  return Object.fromEntries(Object.entries(stored).map(([name, tensor]) => [name, checked(() => loadTensor(name, tensor))]));
}

function validated<T>(schema: z.ZodType<T>, json: unknown): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CheckpointError(z.prettifyError(parsed.error));
  return parsed.data;
}

/** Runs `build`, turning a shape error (e.g. a parameter count) into a model-file error. */
function checked<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError((error as Error).message);
  }
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(`bad model file: ${message}`);
    this.name = 'CheckpointError';
  }
}
