import { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';

/**
 * Noise models for denoising, each chosen by name with a level:
 * - `flip-count`: invert exactly floor(p x n) of the n pixels of each sample, chosen at random
 *   (the study's definition: p = 0.1 flips 3 of 35 pixels, p = 0.2 flips 7).
 * - `flip-prob`: invert each pixel independently with probability p.
 * - `salt-pepper`: with probability p, set a pixel to 0 or to 1 (even odds); works for grayscale.
 * - `gaussian`: add N(0, sigma^2) to each pixel, clipped to [0, 1] unless `clip` is false.
 * "Invert" means x -> 1 - x. A level can be a range: each sample then draws its own level, uniform
 * in [min, max]; for `flip-count` the count is drawn uniform among floor(min n)..floor(max n).
 */
export const noiseModelNames = ['flip-count', 'flip-prob', 'salt-pepper', 'gaussian'] as const;
export type NoiseModelName = (typeof noiseModelNames)[number];

export interface LevelRange {
  min: number;
  max: number;
  /**
   * flip-count only: the relative odds of each flip count of the range, lowest first (one per count
   * from floor(min x n) to floor(max x n)); every count equally likely when absent. E.g. 0 to 7
   * flips with 5 to 7 twice as likely: { min: 0, max: 0.2, weights: [1, 1, 1, 1, 1, 2, 2, 2] }.
   */
  weights?: number[];
}

/** A fixed level, or a range every sample draws its own level from. */
export type NoiseLevel = number | LevelRange;

export interface NoiseSpec {
  name: NoiseModelName;
  /** p for the flip and salt-pepper models, sigma for gaussian. */
  level: NoiseLevel;
  /** gaussian only: clip noisy values to [0, 1] (default true). */
  clip?: boolean;
}

/** Writes a noisy copy of `clean` into `noisy` (same shape), drawing from `rng`. */
export type Corruption = (clean: Matrix, noisy: Matrix, rng: Rng) => void;

/** Guards floor(p x n) against float rounding: 0.6 x 35 is 20.999999999999996 in binary floating point. */
const FLOOR_SLACK = 1e-9;

/** The number of pixels flip-count inverts at level p in a sample of n pixels: floor(p x n). */
export function flipCount(p: number, pixels: number): number {
  return Math.floor(p * pixels + FLOOR_SLACK);
}

/** The lowest and highest level of a fixed level or a range. */
export function levelBounds(level: NoiseLevel): LevelRange {
  return typeof level === 'number' ? { min: level, max: level } : level;
}

/** What is wrong with a noise spec's level, or undefined when it is valid. */
export function noiseLevelProblem(spec: NoiseSpec): string | undefined {
  const { min, max } = levelBounds(spec.level);
  const levelName = spec.name === 'gaussian' ? 'sigma' : 'p';
  for (const value of [min, max]) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.name} ${levelName} must be a finite number, got ${value}`;
    if (spec.name === 'gaussian' && value < 0) return `gaussian sigma must be >= 0, got ${value}`;
    if (spec.name !== 'gaussian' && (value < 0 || value > 1)) return `${spec.name} p must be in [0, 1], got ${value}`;
  }
  if (min > max) return `a noise range must go from low to high, got ${min}-${max}`;
  const weights = typeof spec.level === 'number' ? undefined : spec.level.weights;
  if (weights !== undefined) {
    if (spec.name !== 'flip-count') return `only a flip-count range can weigh its levels, got weights with ${spec.name}`;
    if (!Array.isArray(weights) || weights.some((w) => typeof w !== 'number' || !Number.isFinite(w) || w < 0) || !weights.some((w) => w > 0)) {
      return `a range's weights must be finite numbers >= 0, not all 0, got ${Array.isArray(weights) ? weights.join(',') : JSON.stringify(weights)}`;
    }
  }
  if (spec.clip !== undefined && spec.name !== 'gaussian') return `only gaussian noise can be clipped or not, got clip with ${spec.name}`;
  return undefined;
}

/**
 * The flip counts of a flip-count level over `pixels` pixels, lowest first, and the probability of
 * each: one count for a fixed level; for a range, every count from floor(min n) to floor(max n),
 * equally likely or by the range's weights.
 */
export function flipCountOdds(level: NoiseLevel, pixels: number): { low: number; odds: Float64Array } {
  const { min, max, weights } = levelBounds(level);
  const low = flipCount(min, pixels);
  const counts = flipCount(max, pixels) - low + 1;
  if (weights && weights.length !== counts) {
    throw new RangeError(`flip-count ${min}-${max} of ${pixels} pixels is ${counts} flip counts (${low} to ${low + counts - 1}), but its weights list ${weights.length}`);
  }
  const raw = weights ?? new Array<number>(counts).fill(1);
  const total = raw.reduce((a, b) => a + b, 0);
  return { low, odds: Float64Array.from(raw, (w) => w / total) };
}

/** Checks a noise spec, throwing an error that says what is wrong. */
export function checkNoise(spec: NoiseSpec): NoiseSpec {
  if (!(noiseModelNames as readonly string[]).includes(spec.name)) {
    throw new RangeError(`unknown noise model "${spec.name}"; valid: ${noiseModelNames.join(', ')}`);
  }
  const problem = noiseLevelProblem(spec);
  if (problem) throw new RangeError(problem);
  return spec;
}

const NUMBER = String.raw`(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;
const RANGE = new RegExp(`^(${NUMBER})-(${NUMBER})$`, 'i');

/**
 * Reads the text form `model:level`, `model:min-max`, for gaussian `gaussian:sigma:noclip`, for a
 * weighted flip-count range `flip-count:min-max:weights=w,w,...`, e.g. `flip-count:0.1`,
 * `flip-count:0.05-0.2`, `salt-pepper:0.1`, `gaussian:0.3`, `flip-count:0-0.1:weights=1,1,2,2`.
 */
export function parseNoise(text: string): NoiseSpec {
  const [model, level, option, ...rest] = text.split(':');
  const usage = 'expected model:level (e.g. flip-count:0.1), model:min-max (e.g. flip-count:0.05-0.2), gaussian:sigma:noclip or flip-count:min-max:weights=w,w,...';
  if (level === undefined || level.trim() === '' || rest.length > 0) throw new RangeError(`bad noise "${text}": ${usage}`);
  const weights = option?.startsWith('weights=') ? option.slice('weights='.length).split(',').map(Number) : undefined;
  if (option !== undefined && !(model === 'gaussian' && option === 'noclip') && !(model === 'flip-count' && weights)) {
    throw new RangeError(`bad noise "${text}": the options are ":noclip", for gaussian noise, and ":weights=w,w,...", for a flip-count range`);
  }
  const range = RANGE.exec(level.trim());
  if (weights && !range) throw new RangeError(`bad noise "${text}": weights need a range of levels (min-max)`);
  const spec: NoiseSpec = {
    name: model as NoiseModelName,
    level: range ? { min: Number(range[1]), max: Number(range[2]), ...(weights ? { weights } : {}) } : Number(level),
    ...(option === 'noclip' ? { clip: false } : {}),
  };
  try {
    return checkNoise(spec);
  } catch (error) {
    throw new RangeError(`bad noise "${text}": ${(error as Error).message}`);
  }
}

/** The text form of a noise spec (what parseNoise reads). */
export function formatNoise(spec: NoiseSpec): string {
  const { min, max, weights } = levelBounds(spec.level);
  const level = typeof spec.level === 'number' ? `${min}` : `${min}-${max}${weights ? `:weights=${weights.join(',')}` : ''}`;
  return `${spec.name}:${level}${spec.clip === false ? ':noclip' : ''}`;
}

/** A corruption function for the spec; its scratch space is reused from call to call. */
export function corruption(spec: NoiseSpec): Corruption {
  return statefulCorruption(spec).corrupt;
}

/**
 * A corruption and the state it carries from call to call: flip-count noise picks its pixels by a
 * partial shuffle of a permutation it keeps, so the next call depends on it (empty until first used).
 */
function statefulCorruption(spec: NoiseSpec): { corrupt: Corruption; permutation: { get(): number[]; set(values: number[]): void } } {
  checkNoise(spec);
  const { min, max } = levelBounds(spec.level);
  const drawLevel = (rng: Rng): number => (min === max ? min : rng.between(min, max));
  let order = new Uint32Array(0);
  const permutation = {
    get: () => Array.from(order),
    set(values: number[]) {
      if (values.length > 0 && new Set(values).size !== values.length) throw new RangeError('a saved noise permutation must list each pixel once');
      order = Uint32Array.from(values);
    },
  };
  const corrupt: Corruption = (clean, noisy, rng) => {
    if (noisy.rows !== clean.rows || noisy.cols !== clean.cols) {
      throw new RangeError(`noisy is ${noisy.rows}x${noisy.cols}, expected the clean data's shape ${clean.rows}x${clean.cols}`);
    }
    const n = clean.cols;
    noisy.data.set(clean.data);
    if (spec.name === 'flip-count') {
      if (order.length !== n) order = Uint32Array.from({ length: n }, (_, i) => i);
      const { low, odds } = flipCountOdds(spec.level, n);
      const uniform = typeof spec.level === 'number' || spec.level.weights === undefined;
      for (let r = 0; r < clean.rows; r++) flipExactly(noisy.row(r), low + (odds.length === 1 ? 0 : uniform ? rng.int(odds.length) : drawIndex(odds, rng)), order, rng);
      return;
    }
    for (let r = 0; r < clean.rows; r++) {
      const row = noisy.row(r);
      const level = drawLevel(rng);
      if (spec.name === 'flip-prob') {
        for (let i = 0; i < n; i++) if (rng.uniform() < level) row[i] = 1 - row[i];
      } else if (spec.name === 'salt-pepper') {
        for (let i = 0; i < n; i++) if (rng.uniform() < level) row[i] = rng.uniform() < 0.5 ? 0 : 1;
      } else {
        for (let i = 0; i < n; i++) {
          const value = row[i] + rng.normal(0, level);
          row[i] = spec.clip === false ? value : Math.min(1, Math.max(0, value));
        }
      }
    }
  };
  return { corrupt, permutation };
}

/** `epochs` epochs of training at `level` (the noise model stays the same). */
export interface NoiseStage {
  epochs: number;
  level: NoiseLevel;
}

/**
 * Noise that changes over training, a curriculum: each stage in order for its epochs, then
 * `noise` itself for the rest, e.g. 3000 epochs at p = 0.1, then p = 0.2. For fit's corrupt hook,
 * which passes the 1-based epoch.
 */
export function scheduledCorruption(noise: NoiseSpec, curriculum: readonly NoiseStage[] = []): TrainingNoise {
  let until = 0;
  const stages = curriculum.map((stage) => {
    if (!Number.isInteger(stage.epochs) || stage.epochs < 1) throw new RangeError(`a curriculum stage must last a positive whole number of epochs, got ${stage.epochs}`);
    until += stage.epochs;
    return { until, ...statefulCorruption({ ...noise, level: stage.level }) };
  });
  const all = [...stages, { until: Infinity, ...statefulCorruption(noise) }];
  return {
    corrupt: (clean, noisy, rng, epoch) => all.find((stage) => epoch <= stage.until)!.corrupt(clean, noisy, rng),
    getState: () => all.map((stage) => stage.permutation.get()),
    setState(state) {
      if (state.length !== all.length) throw new RangeError(`this noise has ${all.length} stages, the saved state ${state.length}`);
      all.forEach((stage, i) => stage.permutation.set(state[i]));
    },
  };
}

/** The saved state of a training's noise: each stage's pixel permutation, then the final level's. */
export type NoiseState = number[][];

/** Noise drawn epoch after epoch for a denoising training, with the state it carries between epochs (for checkpoints). */
export interface TrainingNoise {
  /** Writes a noisy copy of `clean` into `noisy` for a (1-based) epoch. */
  corrupt(clean: Matrix, noisy: Matrix, rng: Rng, epoch: number): void;
  getState(): NoiseState;
  setState(state: NoiseState): void;
}

/** An index drawn with the given probabilities (they sum to 1). */
function drawIndex(odds: Float64Array, rng: Rng): number {
  let u = rng.uniform();
  for (let i = 0; i < odds.length - 1; i++) {
    u -= odds[i];
    if (u < 0) return i;
  }
  return odds.length - 1;
}

/** Inverts `count` distinct pixels of a row chosen at random (a partial Fisher-Yates over `order`). */
function flipExactly(row: Float64Array, count: number, order: Uint32Array, rng: Rng): void {
  for (let k = 0; k < count; k++) {
    const j = k + rng.int(order.length - k);
    const picked = order[j];
    order[j] = order[k];
    order[k] = picked;
    row[picked] = 1 - row[picked];
  }
}

/** `copies` copies of every row, one block of all rows after another: row c x rows + i is row i. */
export function repeatRows(data: Matrix, copies: number): Matrix {
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`copies must be a positive integer, got ${copies}`);
  const out = new Matrix(data.rows * copies, data.cols);
  for (let c = 0; c < copies; c++) out.data.set(data.data, c * data.data.length);
  return out;
}
