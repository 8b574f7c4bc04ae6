/**
 * One denoising setting against the Bayes floor, level by level (issue 16): trains a preset (with
 * optional changes) on several seeds, tests every model at each flip-count level and each
 * flip-prob level on the tighter protocol (100 noisy copies of the 32 glyphs, test seed 1000), and
 * prints per level the median and range over the seeds next to the floors on the very same inputs:
 * the Bayes pixel denoiser whose prior is the training range (`--prior`, the mixture floor), the
 * one that knows the exact level, and the nearest glyph. Finished seeds are kept in
 * out/dae-floor/<label>/seed<k>.json (resumable; a change of the spec's model, training, data or
 * noise trains again, not one of its own test protocol).
 *
 * Usage: npx tsx bench/dae-floor.ts --preset dae-font-any [--set noise.targets=\"posterior\" ...]
 *          [--seeds 1-5] [--prior flip-count:0-0.2] [--levels 0,0.03,0.06,0.1,0.15,0.2]
 *          [--flip-prob 0.05,0.1,0.15,0.2] [--copies 100] [--label name] [--train-only]
 * Two processes with different --seeds train side by side; a last call prints them all.
 *
 * The cross-noise table of settings already measured (no training): one row per label, its median
 * (min-max) over the seeds stored for it at every test noise, and the floors on the same inputs:
 *        npx tsx bench/dae-floor.ts --table label1,label2,... [--prior flip-count:0-0.2]
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flipCount, formatNoise, parseNoise, type NoiseSpec } from '../src/data/noise.js';
import { datasetIdentity } from '../src/data/dataset-identity.js';
import { configureKernels } from '../src/io/kernel-build.js';
import { evaluateDenoising, DEFAULT_TEST_SEED, TIGHT_TEST_COPIES, type DenoisingEvaluation } from '../src/eval/denoising.js';
import { median } from '../src/eval/statistics.js';
import { writeFileAtomic } from '../src/io/files.js';
import { loadDataset } from '../src/io/datasets.js';
import { autoencoderKind } from '../src/runs/autoencoder/kind.js';
import type { AutoencoderRunSpec } from '../src/runs/autoencoder/spec.js';
import { preset } from '../src/runs/kinds.js';
import { Run } from '../src/runs/run.js';
import { canonicalJson, setPath, type Settings } from '../src/runs/settings.js';

configureKernels();
const args = process.argv.slice(2);
function flag(name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
}
const f = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
const span = (values: number[]): string => `${f(median(values))} (${f(Math.min(...values))}-${f(Math.max(...values))})`;
const sets = args.flatMap((a, i) => (a === '--set' ? [args[i + 1]] : []));
const seedText = flag('seeds', '1-5');
const range = /^(\d+)-(\d+)$/.exec(seedText);
const seeds = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : seedText.split(',').map(Number);
const copies = Number(flag('copies', String(TIGHT_TEST_COPIES)));
const testSeed = Number(flag('test-seed', String(DEFAULT_TEST_SEED)));
if (flag('table', '')) {
  printCrossNoiseTable(flag('table', '').split(','));
  process.exit(0);
}

let settings: Settings = { ...structuredClone(preset(flag("preset", "dae-font-best")).spec) };
for (const text of sets) {
  const at = text.indexOf('=');
  if (at < 1) throw new RangeError(`--set takes path=json, got "${text}"`);
  settings = setPath(settings, text.slice(0, at), JSON.parse(text.slice(at + 1)));
}
const base = autoencoderKind.parseSpec(settings);
if (!base.noise) throw new RangeError('the setting has no training noise: use a dae-* preset');
const prior: NoiseSpec = flag('prior', '') ? parseNoise(flag('prior', '')) : { name: base.noise.name, level: base.noise.level };
const levels = flag('levels', '0,0.03,0.06,0.1,0.15,0.2').split(',').map((p) => parseNoise(`flip-count:${p}`));
const flipProb = flag('flip-prob', '0.05,0.1,0.15,0.2').split(',').filter(Boolean).map((p) => parseNoise(`flip-prob:${p}`));
const tests = [...levels, ...flipProb];
const hash = createHash('sha256').update(canonicalJson({ ...base, training: { ...base.training, seed: 0 } })).digest('hex').slice(0, 6);
const label = flag('label', `${flag('preset', 'dae-font-best')}-${hash}`);
const dir = join('out', 'dae-floor', label);
const { dataset } = loadDataset(base.data);
const glyphs = dataset.inputs;

interface SeedFigures {
  spec: AutoencoderRunSpec;
  seed: number;
  trainSeconds: number;
  /** CPU seconds of this process while training: the training time without the other jobs' share of a busy machine. */
  cpuSeconds: number;
  /** Wrong pixels per 1120 (mean over the copies) at each test noise, by its text form. */
  wrong: Record<string, number>;
}

const protocol = (noise: NoiseSpec, withPrior?: NoiseSpec) => ({ noise, copies, seed: testSeed, ...(withPrior ? { prior: withPrior } : {}) });
const file = (seed: number) => join(dir, `seed${seed}.json`);
function cached(seed: number): SeedFigures | undefined {
  if (!existsSync(file(seed))) return undefined;
  const saved = JSON.parse(readFileSync(file(seed), 'utf8')) as SeedFigures;
  // The spec's own test protocol (evaluation) does not change the model: this tool tests on its own.
  const trained = ({ evaluation: _evaluation, ...spec }: AutoencoderRunSpec): string => canonicalJson(spec);
  const same = trained(saved.spec) === trained({ ...base, training: { ...base.training, seed } }) && tests.every((t) => formatNoise(t) in saved.wrong);
  return same ? saved : undefined;
}

for (const seed of seeds) {
  if (cached(seed)) continue;
  const spec = { ...base, training: { ...base.training, seed } };
  const run = Run.start(autoencoderKind, spec, dataset, datasetIdentity(dataset, base.data.dataset, base.data.table));
  const cpu = process.cpuUsage();
  run.train();
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const model = autoencoderKind.modelOf(run.model);
  const wrong = Object.fromEntries(tests.map((noise) => [formatNoise(noise), evaluateDenoising((x) => model.reconstruct(x), glyphs, protocol(noise)).evaluation.noisyWrongPixels.mean]));
  writeFileAtomic(file(seed), `${JSON.stringify({ spec, seed, trainSeconds: run.trainSeconds, cpuSeconds, wrong } satisfies SeedFigures)}\n`);
  writeFileAtomic(join(dir, `seed${seed}-model.json`), run.modelFile());
  console.error(`${label} seed ${seed}: ${run.trainSeconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU); ${tests.map((t) => `${formatNoise(t)} ${wrong[formatNoise(t)].toFixed(2)}`).join(', ')}`);
}
if (args.includes('--train-only')) process.exit(0);

const results = seeds.map((seed) => cached(seed)!);
const floors = (noise: NoiseSpec, withPrior?: NoiseSpec): DenoisingEvaluation => evaluateDenoising((x) => x, glyphs, protocol(noise, withPrior)).evaluation;
console.log(`\n### ${label}: ${formatNoise({ name: base.noise.name, level: base.noise.level })}${base.noise.targets === 'posterior' ? ', posterior targets' : ''}, ${base.training.epochs} epochs; seeds ${seedText}\n`);
console.log(`Test: ${copies} noisy copies of the ${glyphs.rows} glyphs per level, test seed ${testSeed}; wrong pixels per ${glyphs.data.length}; mixture floor: the Bayes pixel denoiser with prior ${formatNoise(prior)}.\n`);
console.log('| test noise | model: median (min-max over seeds) | mixture floor | median / mixture floor | Bayes, level known | nearest glyph |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const noise of tests) {
  const values = results.map((r) => r.wrong[formatNoise(noise)]);
  const known = floors(noise);
  // A single-level prior (a specialist) is a floor only at its own level.
  const covers = noise.name === prior.name && (typeof prior.level !== 'number' || prior.level === noise.level);
  const mixture = covers ? floors(noise, prior).posteriorWrongPixels!.mean : NaN;
  const ratio = median(values) / mixture;
  console.log(`| ${formatNoise(noise)} | ${span(values)} | ${Number.isNaN(mixture) ? '-' : f(mixture)} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : median(values) === 0 ? '0/0' : '-'} | ${f(known.posteriorWrongPixels!.mean)} | ${f(known.referenceWrongPixels.mean)} |`);
}
console.log(`\nTraining: ${span(results.map((r) => r.trainSeconds))} s per seed, ${span(results.map((r) => r.cpuSeconds))} CPU s (seeds ${results.map((r) => `${r.seed}: ${r.trainSeconds.toFixed(1)} s, ${r.cpuSeconds.toFixed(1)} CPU s`).join('; ')}).`);

/** The stored seeds of each label as rows, the test noises they all share as columns, then the floors on the same inputs. */
function printCrossNoiseTable(labels: string[]): void {
  const rows = labels.map((name) => {
    const folder = join('out', 'dae-floor', name);
    const files = existsSync(folder) ? readdirSync(folder).filter((file) => /^seed\d+\.json$/.test(file)) : [];
    if (files.length === 0) throw new RangeError(`no measured seeds in ${folder}`);
    return { name, seeds: files.map((file) => JSON.parse(readFileSync(join(folder, file), 'utf8')) as SeedFigures) };
  });
  const all = rows.flatMap((row) => row.seeds);
  const tests = Object.keys(all[0].wrong).filter((noise) => all.every((seed) => noise in seed.wrong));
  const { dataset } = loadDataset(all[0].spec.data);
  const evaluate = (noise: string, prior?: NoiseSpec): DenoisingEvaluation =>
    evaluateDenoising((x) => x, dataset.inputs, { noise: parseNoise(noise), copies, seed: testSeed, ...(prior ? { prior } : {}) }).evaluation;
  const mixturePrior = parseNoise(flag('prior', 'flip-count:0-0.2'));
  const heading = (text: string): string => {
    const noise = parseNoise(text);
    const flips = noise.name === 'flip-count' ? flipCount(noise.level as number, dataset.inputs.cols) : undefined;
    return flips === undefined ? text : `${flips} flip${flips === 1 ? '' : 's'}`;
  };
  console.log(`| trained (label: seeds) | ${tests.map(heading).join(' | ')} |`);
  console.log(`|---|${tests.map(() => '---:').join('|')}|`);
  for (const row of rows) console.log(`| ${row.name}: ${row.seeds.map((s) => s.seed).join(',')} | ${tests.map((noise) => span(row.seeds.map((s) => s.wrong[noise]))).join(' | ')} |`);
  const known = tests.map((noise) => evaluate(noise));
  console.log(`| Bayes, level known | ${known.map((e) => f(e.posteriorWrongPixels!.mean)).join(' | ')} |`);
  console.log(`| Bayes, prior ${formatNoise(mixturePrior)} | ${tests.map((noise) => (parseNoise(noise).name === mixturePrior.name ? f(evaluate(noise, mixturePrior).posteriorWrongPixels!.mean) : '-')).join(' | ')} |`);
  console.log(`| nearest glyph | ${known.map((e) => f(e.referenceWrongPixels.mean)).join(' | ')} |`);
  console.log(`\n${copies} noisy copies of the ${dataset.inputs.rows} glyphs per test noise, test seed ${testSeed}; wrong pixels per ${dataset.inputs.data.length}, median (min-max) over the seeds.`);
}
