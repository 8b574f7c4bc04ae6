import type { Dataset } from '../data/dataset.js';
import { datasetIdentity } from '../data/dataset-identity.js';
import { flipCount, formatNoise, levelBounds, type NoiseLevel, type NoiseSpec } from '../data/noise.js';
import { evaluateDenoising, spread, type Spread } from '../eval/denoising.js';
import { wrongPixelsPerRow } from '../eval/pixels.js';
import { autoencoderKind } from '../runs/autoencoder/kind.js';
import type { AutoencoderRunSpec } from '../runs/autoencoder/spec.js';
import { Run } from '../runs/run.js';
import type { Matrix } from '../tensor/matrix.js';

/**
 * The cross-noise matrix: one setting trained at several noise levels (rows) and several seeds,
 * each model tested at several levels (columns) with the same test protocol. It answers the
 * study's question (does training at p = 0.2 help at p = 0.1?) and whether one model trained on a
 * range of levels serves them all.
 */
export interface CrossNoisePlan {
  /** The setting; its noise section names the noise model and the copies per epoch. */
  base: AutoencoderRunSpec;
  trainLevels: NoiseLevel[];
  testLevels: NoiseLevel[];
  seeds: number[];
  /** Noisy copies of the data set per test level (K) and the test noise's seed. */
  copies: number;
  testSeed: number;
}

/** One trained model of the matrix and its figures at every test level. */
export interface CrossNoiseCell {
  train: string;
  seed: number;
  spec: AutoencoderRunSpec;
  trainSeconds: number;
  cleanWrongPixels: number;
  tests: { noise: string; noisyWrongPixels: Spread; referenceWrongPixels: Spread; posteriorWrongPixels?: Spread }[];
}

/** What one worker trains and tests. */
export interface CrossNoiseTask {
  train: string;
  spec: AutoencoderRunSpec;
  testNoises: NoiseSpec[];
  copies: number;
  testSeed: number;
}

/** The training run of every (train level, seed): the base spec at that level, without its curriculum, with that seed. */
export function crossNoiseTasks(plan: CrossNoisePlan): CrossNoiseTask[] {
  const noise = plan.base.noise;
  if (!noise) throw new RangeError('the cross-noise matrix needs a setting with a noise section (a dae-* preset)');
  if (plan.trainLevels.length === 0 || plan.testLevels.length === 0 || plan.seeds.length === 0) {
    throw new RangeError('the cross-noise matrix needs at least one training level, one test level and one seed');
  }
  const testNoises = plan.testLevels.map((level) => ({ name: noise.name, level }));
  return plan.trainLevels.flatMap((level) =>
    plan.seeds.map((seed) => {
      const spec = structuredClone(plan.base);
      spec.noise = { ...noise, level };
      delete spec.noise.curriculum;
      delete spec.evaluation;
      spec.training.seed = seed;
      return { train: formatNoise({ name: noise.name, level }), spec, testNoises, copies: plan.copies, testSeed: plan.testSeed };
    }),
  );
}

/** Trains one model of the matrix (on `dataset`, the data its spec names) and tests it at every level. */
export function runCrossNoiseTask(task: CrossNoiseTask, dataset: Dataset): CrossNoiseCell {
  const run = Run.start(autoencoderKind, task.spec, dataset, datasetIdentity(dataset, task.spec.data.dataset, task.spec.data.table));
  run.train();
  const model = autoencoderKind.modelOf(run.model);
  const cleanWrongPixels = wrongPixelsPerRow(model.reconstruct(dataset.inputs), dataset.inputs).reduce((a, b) => a + b, 0);
  const tests = task.testNoises.map((noise) => {
    const e = evaluateDenoising((x) => model.reconstruct(x), dataset.inputs, { noise, copies: task.copies, seed: task.testSeed }).evaluation;
    return {
      noise: e.noise,
      noisyWrongPixels: e.noisyWrongPixels,
      referenceWrongPixels: e.referenceWrongPixels,
      ...(e.posteriorWrongPixels ? { posteriorWrongPixels: e.posteriorWrongPixels } : {}),
    };
  });
  return { train: task.train, seed: task.spec.training.seed, spec: task.spec, trainSeconds: run.trainSeconds, cleanWrongPixels, tests };
}

/**
 * The floor of each row trained on a range of levels, at every test level: the Bayes pixel denoiser
 * whose prior over levels is that range (it does not know the test level either), on the same
 * inputs as the models. Keyed by the training level's text form; rows at one level are absent
 * (their floor at their own level is the Bayes row underneath).
 */
export function crossNoiseFloors(plan: CrossNoisePlan, glyphs: Matrix): Map<string, number[]> {
  const name = plan.base.noise!.name;
  const ranges = plan.trainLevels.filter((level) => typeof level !== 'number');
  return new Map(
    ranges.map((level) => [
      formatNoise({ name, level }),
      plan.testLevels.map((test) => evaluateDenoising((x) => x, glyphs, { noise: { name, level: test }, copies: plan.copies, seed: plan.testSeed, prior: { name, level } }).evaluation.posteriorWrongPixels?.mean ?? NaN),
    ]),
  );
}

/**
 * The matrix as markdown: a row per training level, a column for the clean glyphs and one per test
 * level; each cell the mean over the training seeds of the wrong pixels per copy of the data set,
 * with the lowest and highest seed in brackets; the best row of each column in bold; the nearest-glyph
 * reference and the Bayes pixel denoiser on the same inputs underneath, with the floor of each
 * row trained on a range (`floors`, crossNoiseFloors); then every seed's figure.
 */
export function crossNoiseMarkdown(plan: CrossNoisePlan, cells: CrossNoiseCell[], pixelsPerCopy: number, pixelsPerImage: number, floors = new Map<string, number[]>()): string[] {
  const noiseName = plan.base.noise!.name;
  const trains = plan.trainLevels.map((level) => formatNoise({ name: noiseName, level }));
  const tests = plan.testLevels.map((level) => formatNoise({ name: noiseName, level }));
  const levelText = (level: NoiseLevel): string => {
    const { min, max } = levelBounds(level);
    const text = min === max ? `${min}` : `${min}-${max}`;
    if (noiseName !== 'flip-count') return text;
    const [low, high] = [flipCount(min, pixelsPerImage), flipCount(max, pixelsPerImage)];
    return `${text} (${low === high ? low : `${low}-${high}`} flip${high === 1 ? '' : 's'})`;
  };
  const rowsOf = (train: string): CrossNoiseCell[] => cells.filter((c) => c.train === train);
  const format = (values: number[]): { mean: number; text: string } => {
    const s = spread(values);
    return { mean: s.mean, text: `${round(s.mean)} (${round(s.min)}-${round(s.max)})` };
  };
  const columns: ((c: CrossNoiseCell) => number)[] = [(c) => c.cleanWrongPixels, ...tests.map((_, t) => (c: CrossNoiseCell) => c.tests[t].noisyWrongPixels.mean)];
  const table = trains.map((train) => columns.map((column) => format(rowsOf(train).map(column))));
  const best = columns.map((_, j) => Math.min(...table.map((row) => row[j].mean)));
  const first = cells[0];
  const reference = (pick: (t: CrossNoiseCell['tests'][number]) => Spread | undefined): string[] =>
    tests.map((_, t) => {
      const s = pick(first.tests[t]);
      return s ? round(s.mean) : 'n/a';
    });
  const lines = [
    `Wrong pixels per ${pixelsPerCopy} (mean over ${plan.seeds.length} training seeds of each model's mean over ${plan.copies} noisy copies; lowest and highest seed in brackets; best row per column in bold).`,
    '',
    `| trained at (${noiseName}) | clean | ${plan.testLevels.map(levelText).join(' | ')} |`,
    `|---|${'---:|'.repeat(tests.length + 1)}`,
    ...trains.map((_, i) => `| ${levelText(plan.trainLevels[i])} | ${table[i].map((cell, j) => (cell.mean === best[j] ? `**${cell.text}**` : cell.text)).join(' | ')} |`),
    `| nearest glyph (reference) | 0 | ${reference((t) => t.referenceWrongPixels).join(' | ')} |`,
    `| Bayes pixel denoiser | 0 | ${reference((t) => t.posteriorWrongPixels).join(' | ')} |`,
    ...plan.trainLevels.flatMap((level, i) => {
      const floor = floors.get(trains[i]);
      return floor ? [`| Bayes, prior ${levelText(level)}: that row's floor | 0 | ${floor.map(round).join(' | ')} |`] : [];
    }),
    '',
    'Every seed (wrong pixels per copy, mean over the copies):',
    '',
    `| trained at | seed | train s | clean | ${plan.testLevels.map(levelText).join(' | ')} |`,
    `|---|---:|---:|---:|${'---:|'.repeat(tests.length)}`,
    ...trains.flatMap((train, i) =>
      rowsOf(train).map(
        (c) => `| ${levelText(plan.trainLevels[i])} | ${c.seed} | ${c.trainSeconds.toFixed(1)} | ${c.cleanWrongPixels} | ${c.tests.map((t) => round(t.noisyWrongPixels.mean)).join(' | ')} |`,
      ),
    ),
  ];
  return lines;
}

function round(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
