import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { InvalidArgumentError } from 'commander';
import { parseNoise, type NoiseLevel } from '../data/noise.js';
import { DEFAULT_TEST_COPIES, DEFAULT_TEST_SEED } from '../eval/denoising.js';
import { crossNoiseFloors, crossNoiseMarkdown, crossNoiseTasks, type CrossNoiseCell, type CrossNoisePlan, type CrossNoiseTask } from '../experiments/cross-noise.js';
import { runCrossNoiseTasks } from '../experiments/cross-noise-pool.js';
import { autoencoderKind } from '../runs/autoencoder/kind.js';
import { preset } from '../runs/kinds.js';
import { writeFileAtomic } from '../io/files.js';
import { loadDataset } from '../io/datasets.js';
import { versions } from '../io/versions.js';

export interface CrossNoiseFlags {
  preset: string;
  train: string;
  test: string;
  seeds: number[];
  epochs?: number;
  copies?: number;
  testSeed?: number;
  jobs: number;
  cache?: string;
  out?: string;
}

/** `latentlab cross-noise`: train at each level x seed (resumable: finished models are kept in --cache), test at each level, print/write the table. */
export async function crossNoise(flags: CrossNoiseFlags): Promise<void> {
  const { kind, spec } = preset(flags.preset);
  if (kind.name !== 'autoencoder') throw new InvalidArgumentError(`preset "${flags.preset}" is a ${kind.name} preset; the cross-noise matrix trains denoising autoencoders: use a dae-* preset`);
  const base = autoencoderKind.parseSpec(spec);
  if (!base.noise) throw new InvalidArgumentError(`preset "${flags.preset}" trains without noise; use a dae-* preset`);
  if (flags.epochs !== undefined) base.training.epochs = flags.epochs;
  const levels = (text: string): NoiseLevel[] => text.split(',').map((part) => parseNoise(`${base.noise!.name}:${part}`).level);
  const plan: CrossNoisePlan = {
    base,
    trainLevels: levels(flags.train),
    testLevels: levels(flags.test),
    seeds: flags.seeds,
    copies: flags.copies ?? DEFAULT_TEST_COPIES,
    testSeed: flags.testSeed ?? DEFAULT_TEST_SEED,
  };
  const { dataset } = loadDataset(base.data);
  const tasks = crossNoiseTasks(plan);
  const cache = flags.cache ?? join('out', 'cross-noise', `${flags.preset}-${base.training.epochs}`);
  const cacheFile = (task: CrossNoiseTask): string => join(cache, `${task.train.replace(/[^\w.-]+/g, '_')}-seed${task.spec.training.seed}.json`);
  const cells: (CrossNoiseCell | undefined)[] = tasks.map((task) => cached(cacheFile(task), task));
  const todo = tasks.map((task, i) => ({ task, i })).filter(({ i }) => !cells[i]);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log(`${tasks.length} models (${tasks.length - todo.length} already in ${cache}); training ${todo.length} on ${flags.jobs} thread(s)`);
  let done = 0;
  await runCrossNoiseTasks(
    todo.map(({ task }) => task),
    dataset,
    flags.jobs,
    (cell, k) => {
      const { task, i } = todo[k];
      cells[i] = cell;
      writeFileAtomic(cacheFile(task), `${JSON.stringify({ task, cell })}\n`);
      const figures = cell.tests.map((t) => `${t.noise.split(':')[1]}: ${t.noisyWrongPixels.mean.toFixed(1)}`).join(', ');
      log(`[${++done}/${todo.length}] trained at ${cell.train}, seed ${cell.seed}, ${cell.trainSeconds.toFixed(0)} s; clean ${cell.cleanWrongPixels}; ${figures}`);
    },
  );
  const table = crossNoiseMarkdown(plan, cells as CrossNoiseCell[], dataset.inputs.data.length, dataset.inputs.cols, crossNoiseFloors(plan, dataset.inputs));
  const document = [
    `# Cross-noise matrix: ${flags.preset}`,
    '',
    'Produced by:',
    '',
    '```sh',
    `latentlab cross-noise ${process.argv.slice(2).filter((a) => a !== 'cross-noise').join(' ')}`,
    '```',
    '',
    settingLine(plan, dataset.inputs.cols),
    '',
    ...table,
    '',
    `latentlab ${versions().latentlab}, Node ${versions().node}.`,
  ].join('\n');
  if (flags.out) {
    writeFileAtomic(flags.out, `${document}\n`);
    log(`Table: ${flags.out}`);
  } else {
    process.stdout.write(`${document}\n`);
  }
}

/** A finished model's figures, if the cache holds them for exactly this task (an unreadable or stale file is trained again). */
function cached(path: string, task: CrossNoiseTask): CrossNoiseCell | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { task: unknown; cell: CrossNoiseCell };
    return isDeepStrictEqual(saved.task, JSON.parse(JSON.stringify(task))) ? saved.cell : undefined;
  } catch {
    return undefined;
  }
}

function settingLine(plan: CrossNoisePlan, inputSize: number): string {
  const { model, training, noise } = plan.base;
  const sizes = [inputSize, ...model.encoder, model.latent, ...model.decoder, inputSize];
  const schedule = training.lrSchedule?.name === 'cosine' ? ' with a cosine decay' : '';
  return (
    `Setting: ${sizes.join('-')}, ${model.activation}/${model.latentActivation}/${model.outputActivation}, ${model.loss}, ` +
    `${training.optimizer.name} lr ${training.optimizer.lr}${schedule}, ${training.epochs} epochs, ${noise!.copies ?? 1} noisy cop${(noise!.copies ?? 1) === 1 ? 'y' : 'ies'} ` +
    `of every glyph per epoch (${training.batchSize ? `batches of ${training.batchSize}` : 'full batch'}); each row trains at its level from the first epoch. ` +
    `Test: ${plan.copies} noisy copies of the glyphs per level, test seed ${plan.testSeed} (the same inputs for every model and for the references).`
  );
}

/** Seeds as a list (1,2,5) or a range (1-5). */
export function seedList(text: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(text.trim());
  const seeds = range
    ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i)
    : text.split(',').map((part) => Number(part));
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new InvalidArgumentError(`seeds must be whole numbers like 1,2,3 or 1-5, got "${text}"`);
  return seeds;
}
