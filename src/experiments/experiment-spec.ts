import * as z from 'zod';
import type { ModelKindName } from '../models/checkpoint.js';
import { kindNames, modelKind } from '../runs/kinds.js';
import { isSettings, mergeSettings, setPath, type Settings } from '../runs/settings.js';
import { SpecError, type RunSpec } from '../runs/spec.js';
import { formatCount } from '../data/format-count.js';

/**
 * An experiment: one kind of run (e.g. an autoencoder), a starting setting (a preset and/or a
 * partial spec), axes that vary settings over lists, and seeds. Every combination of one value per
 * axis is a variant; every variant is trained once per seed. A sweep is an experiment too.
 *
 * ```json
 * { "name": "ae-optimizers", "title": "...", "kind": "autoencoder", "preset": "ae-font",
 *   "axes": [{ "name": "optimizer", "path": "training.optimizer",
 *              "values": [{ "name": "gd", "lr": 0.0005 }, { "name": "adam", "lr": 0.0005 }] }],
 *   "seeds": { "first": 1, "count": 10 },
 *   "quick": { "seeds": { "first": 1, "count": 3 }, "set": { "training.epochs": 5000 } } }
 * ```
 *
 * An axis can also list explicit variants, each setting several paths and optionally starting from
 * another preset: `{ "name": "noise", "variants": [{ "label": "p 0.2", "preset": "dae-font-0.2", "set": {} }] }`.
 */

const settingPath = z
  .string()
  .regex(/^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/, 'expected a dotted path to a setting, such as "training.optimizer.lr"');
const settingsByPath = z.record(settingPath, z.unknown());

const seedsSchema = z.union([
  z
    .array(z.number().int().nonnegative())
    .min(1)
    .refine((seeds) => new Set(seeds).size === seeds.length, 'seeds must not repeat'),
  z.object({ first: z.number().int().nonnegative(), count: z.number().int().positive() }).strict(),
]);

/** One value of an axis: settings by path, optionally starting from another preset of the kind. */
const variantSchema = z.object({ label: z.string().min(1), preset: z.string().optional(), set: settingsByPath.default({}) }).strict();

/** Either one value list applied at one or more paths, or explicit variants that each set several paths. */
const axisSchema = z
  .object({
    name: z.string().min(1),
    path: settingPath.optional(),
    paths: z.array(settingPath).min(1).optional(),
    values: z.array(z.unknown()).min(1).optional(),
    variants: z.array(variantSchema).min(1).optional(),
  })
  .strict()
  .superRefine((axis, context) => {
    const targets = Number(axis.path !== undefined) + Number(axis.paths !== undefined);
    if (axis.variants !== undefined) {
      if (targets > 0 || axis.values !== undefined) context.addIssue({ code: 'custom', message: 'an axis has either "variants" or "path"/"paths" with "values", not both' });
    } else if (targets !== 1 || axis.values === undefined) {
      context.addIssue({ code: 'custom', message: 'an axis needs "values" and exactly one of "path" or "paths" (or a list of "variants")' });
    }
  });

export const experimentSpecSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lowercase letters, digits and dashes, e.g. "ae-layers"'),
    title: z.string().min(1),
    description: z.string().optional(),
    kind: z.enum(kindNames),
    /** The kind's preset to start from. */
    preset: z.string().optional(),
    /** Settings merged over the preset: the run spec's own fields (data, model, training, noise, ...). */
    base: z.record(z.string(), z.unknown()).optional(),
    axes: z.array(axisSchema).default([]),
    seeds: seedsSchema,
    /** What the kind measures after training, beyond its standard metrics (e.g. new-glyph discovery). */
    evaluation: z.record(z.string(), z.unknown()).optional(),
    /** Sweeps: random search, that is a budget of trials picked at random from the grid (whole variants, each with all its seeds). */
    search: z.object({ name: z.literal('random'), trials: z.number().int().positive(), seed: z.number().int().nonnegative().default(1) }).strict().optional(),
    /** Sweeps: asynchronous successive halving, trials train minEpochs, the best 1/reduction of each rung go on (see asha.ts). */
    schedule: z
      .object({
        name: z.literal('asha'),
        minEpochs: z.number().int().positive(),
        reduction: z.number().int().min(2).default(3),
        /** Trials start in an order shuffled with this seed: ASHA compares each result with those before it, so a sorted grid would promote too many. */
        seed: z.number().int().nonnegative().default(1),
        /**
         * What is promoted: each trial on its own result ("trial"), or each variant with all its seeds
         * on their rung's leaderboard row ("variant": the leaderboard's question is about variants).
         * Absent means "trial" (and keeps stores made before this option the same sweep).
         */
        promote: z.enum(['trial', 'variant']).optional(),
      })
      .strict()
      .optional(),
    /** The quick version: fewer seeds and other settings (e.g. fewer epochs) applied to every variant. */
    quick: z.object({ seeds: seedsSchema.optional(), set: settingsByPath.optional() }).strict().optional(),
  })
  .strict()
  .superRefine((spec, context) => {
    const kind = modelKind(spec.kind);
    const presetNames = Object.keys(kind.presets);
    if (spec.preset !== undefined && !presetNames.includes(spec.preset)) {
      context.addIssue({ code: 'custom', path: ['preset'], message: `unknown ${spec.kind} preset "${spec.preset}"; valid: ${presetNames.join(', ')}` });
    }
    spec.axes.forEach((axis, a) =>
      axis.variants?.forEach((variant, v) => {
        if (variant.preset !== undefined && !presetNames.includes(variant.preset)) {
          context.addIssue({ code: 'custom', path: ['axes', a, 'variants', v, 'preset'], message: `unknown ${spec.kind} preset "${variant.preset}"; valid: ${presetNames.join(', ')}` });
        }
      }),
    );
    const problem = spec.evaluation === undefined ? undefined : kind.evaluationProblem(spec.evaluation);
    if (problem) context.addIssue({ code: 'custom', path: ['evaluation'], message: problem });
    const names = spec.axes.map((axis) => axis.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) context.addIssue({ code: 'custom', path: ['axes', i, 'name'], message: `axis name "${name}" is used twice` });
    });
  });

export type ExperimentSpec = z.infer<typeof experimentSpecSchema>;
type Axis = ExperimentSpec['axes'][number];
type Seeds = z.infer<typeof seedsSchema>;

/** Validates an experiment spec (e.g. a parsed JSON file), with an error naming each bad field. */
export function parseExperiment(value: unknown, source = 'experiment'): ExperimentSpec {
  const parsed = experimentSpecSchema.safeParse(value);
  if (!parsed.success) throw new SpecError(`${source}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** One value of every axis: a setting of the experiment. */
export interface Variant {
  /** 0-based position in the grid. */
  index: number;
  /** "axis=value, axis=value", or "base" when there are no axes. */
  label: string;
  /** The label of this variant's value on each axis. */
  values: Record<string, string>;
}

/** One run to do: a variant at one seed, with its complete, validated run spec. */
export interface Trial {
  /** Unique within the experiment; stable across runs of the same spec. */
  key: string;
  experiment: string;
  kind: ModelKindName;
  variant: Variant;
  seed: number;
  /** The run spec, validated by the kind (its defaults filled in), with the trial's seed. */
  spec: RunSpec;
  evaluation?: Settings;
}

/** The most trials one experiment (a sweep) runs: at a second each, more than a day on one core. */
export const MAX_TRIALS = 100_000;

/** Every variant x seed of an experiment, each spec validated by its kind; `quick` applies the quick settings. */
export function expandExperiment(experiment: ExperimentSpec, quick = false): Trial[] {
  const kind = modelKind(experiment.kind);
  const seedSpec = quick && experiment.quick?.seeds ? experiment.quick.seeds : experiment.seeds;
  // Counted before any trial is made, so an absurd grid is refused at once rather than filling the memory.
  const seedCount = Array.isArray(seedSpec) ? seedSpec.length : seedSpec.count;
  const trials = experiment.axes.reduce((count, axis) => count * axisValues(axis).length, seedCount);
  if (trials > MAX_TRIALS) {
    throw new SpecError(`experiment "${experiment.name}" has ${formatCount(trials)} trials (${formatCount(seedCount)} seeds x ${formatCount(trials / seedCount)} variants); the most one experiment runs is ${formatCount(MAX_TRIALS)}: lower seeds.count or the axes' values`);
  }
  const seeds = seedList(seedSpec);
  const quickSettings = quick ? Object.entries(experiment.quick?.set ?? {}) : [];
  return variantsOf(experiment.axes).flatMap(({ variant, preset, set }) => {
    const start = preset ?? experiment.preset;
    const base = mergeSettings(start ? structuredClone({ ...kind.presets[start] }) : {}, experiment.base ?? {});
    const settings = [...set, ...quickSettings].reduce((spec, [path, value]) => setPath(spec, path, value), base);
    return seeds.map((seed) => {
      let spec: RunSpec;
      try {
        spec = kind.parseSpec(setPath(settings, 'training.seed', seed));
      } catch (error) {
        throw new SpecError(`experiment "${experiment.name}", variant "${variant.label}", seed ${seed}: ${(error as Error).message}`);
      }
      return { key: `${variant.label} #${seed}`, experiment: experiment.name, kind: experiment.kind, variant, seed, spec, evaluation: experiment.evaluation };
    });
  });
}

export function seedList(seeds: Seeds): number[] {
  return Array.isArray(seeds) ? seeds : Array.from({ length: seeds.count }, (_, i) => seeds.first + i);
}

interface AxisValue {
  label: string;
  preset?: string;
  set: [string, unknown][];
}

function axisValues(axis: Axis): AxisValue[] {
  if (axis.variants) return axis.variants.map((v) => ({ label: v.label, preset: v.preset, set: Object.entries(v.set) }));
  const paths = axis.paths ?? [axis.path as string];
  return (axis.values ?? []).map((value) => ({ label: valueLabel(value), set: paths.map((path): [string, unknown] => [path, value]) }));
}

/** 0.001 -> "0.001", [20, 10] -> "20,10", {name: "adam", lr: 0.01} -> "adam lr 0.01". */
export function valueLabel(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(valueLabel).join(',');
  if (isSettings(value)) return Object.values(value).map(valueLabel).join(' ');
  return String(value);
}

/** The Cartesian product of the axes, first axis slowest; a variant's preset, if any, replaces the experiment's (the last axis with one wins). */
function variantsOf(axes: Axis[]): { variant: Variant; preset?: string; set: [string, unknown][] }[] {
  let combos: { labels: [string, string][]; preset?: string; set: [string, unknown][] }[] = [{ labels: [], set: [] }];
  for (const axis of axes) {
    combos = combos.flatMap((combo) =>
      axisValues(axis).map((v) => ({ labels: [...combo.labels, [axis.name, v.label] as [string, string]], preset: v.preset ?? combo.preset, set: [...combo.set, ...v.set] })),
    );
  }
  const seen = new Set<string>();
  return combos.map((combo, index) => {
    const label = combo.labels.length === 0 ? 'base' : combo.labels.map(([name, value]) => `${name}=${value}`).join(', ');
    if (seen.has(label)) throw new SpecError(`two variants share the label "${label}"; give the axis values distinct labels`);
    seen.add(label);
    return { variant: { index, label, values: Object.fromEntries(combo.labels) }, preset: combo.preset, set: combo.set };
  });
}
