import { z } from 'zod';
import type { PixelMode } from '../data/dataset.js';
import { Autoencoder } from './autoencoder.js';
import { autoencoderSpecSchema } from './autoencoder-schema.js';
import { Vae } from './vae.js';
import { vaeSpecSchema } from './vae-schema.js';

export const CHECKPOINT_FORMAT = 'latentlab-model';
export const CHECKPOINT_VERSION = 1;

/** What a model file says about the images it was trained on, so it can draw what it decodes. */
export interface ImageInfo {
  name: string;
  width: number;
  height: number;
  labels: string[];
  /** How to draw the pixels; 'ink' when absent (the font). */
  mode?: PixelMode;
}

const imageInfoSchema = z.object({
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  labels: z.array(z.string()),
  mode: z.enum(['ink', 'luminance']).optional(),
});

const header = { format: z.literal(CHECKPOINT_FORMAT), version: z.literal(CHECKPOINT_VERSION), inputSize: z.number().int().positive(), data: imageInfoSchema };

const autoencoderFileSchema = z.object({ ...header, kind: z.literal('autoencoder'), spec: autoencoderSpecSchema, parameters: z.array(z.number()) });

const vaeFileSchema = z.object({
  ...header,
  kind: z.literal('vae'),
  spec: vaeSpecSchema,
  parameters: z.object({ encoder: z.array(z.number()), decoder: z.array(z.number()) }),
});

export const modelKinds = ['autoencoder', 'vae'] as const;

/** A model file's contents: which kind of model, the model, and its image info. */
export type LoadedModel = { kind: 'autoencoder'; model: Autoencoder; data: ImageInfo } | { kind: 'vae'; model: Vae; data: ImageInfo };

/** A model file's text: versioned JSON with the spec, the image info and every parameter. */
export function serializeAutoencoder(model: Autoencoder, data: ImageInfo): string {
  return JSON.stringify({
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    kind: 'autoencoder',
    spec: model.spec,
    inputSize: model.inputSize,
    data,
    parameters: Array.from(model.parameters),
  });
}

/** A VAE's model file: like an autoencoder's, with the encoder's and the decoder's parameters apart. */
export function serializeVae(model: Vae, data: ImageInfo): string {
  return JSON.stringify({
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    kind: 'vae',
    spec: model.spec,
    inputSize: model.inputSize,
    data,
    parameters: { encoder: Array.from(model.encoderParameters), decoder: Array.from(model.decoderParameters) },
  });
}

/** Reads a model file of any kind, checking format, version, shapes and finiteness; errors say exactly what is wrong. */
export function parseModel(text: string): LoadedModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(`not valid JSON (${(error as Error).message})`);
  }
  const head = z.object({ format: z.string(), version: z.number(), kind: z.unknown() }).safeParse(json);
  if (!head.success || head.data.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`not a latentlab model file (expected "format": "${CHECKPOINT_FORMAT}")`);
  }
  if (head.data.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(`unsupported version ${head.data.version}; this latentlab reads version ${CHECKPOINT_VERSION}`);
  }
  if (head.data.kind === 'vae') {
    const { spec, inputSize, data, parameters } = validated(vaeFileSchema, json);
    return { kind: 'vae', model: built(() => new Vae(spec, inputSize, Float64Array.from(parameters.encoder), Float64Array.from(parameters.decoder))), data };
  }
  if (head.data.kind === 'autoencoder') {
    const { spec, inputSize, data, parameters } = validated(autoencoderFileSchema, json);
    return { kind: 'autoencoder', model: built(() => new Autoencoder(spec, inputSize, Float64Array.from(parameters))), data };
  }
  throw new CheckpointError(`unknown model kind ${JSON.stringify(head.data.kind)}; valid: ${modelKinds.join(', ')}`);
}

/** Reads an autoencoder's model file; a VAE's is refused with a message that says so. */
export function parseAutoencoder(text: string): { model: Autoencoder; data: ImageInfo } {
  const loaded = parseModel(text);
  if (loaded.kind !== 'autoencoder') throw new CheckpointError(`this is a ${loaded.kind} model file; expected an autoencoder`);
  return loaded;
}

/** Reads a VAE's model file; an autoencoder's is refused with a message that says so. */
export function parseVae(text: string): { model: Vae; data: ImageInfo } {
  const loaded = parseModel(text);
  if (loaded.kind !== 'vae') throw new CheckpointError(`this is an ${loaded.kind} model file; expected a vae`);
  return loaded;
}

function validated<T extends { inputSize: number; data: ImageInfo }>(schema: z.ZodType<T>, json: unknown): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CheckpointError(z.prettifyError(parsed.error));
  const { inputSize, data } = parsed.data;
  if (data.width * data.height !== inputSize) {
    throw new CheckpointError(`images of ${data.width}x${data.height} pixels do not match an input size of ${inputSize}`);
  }
  return parsed.data;
}

/** Builds the model, turning a shape error (e.g. a parameter count) into a model-file error. */
function built<M>(build: () => M): M {
  try {
    return build();
  } catch (error) {
    throw new CheckpointError((error as Error).message);
  }
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(`bad model file: ${message}`);
    this.name = 'CheckpointError';
  }
}
