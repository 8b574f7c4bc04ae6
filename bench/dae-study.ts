/**
 * The denoising study's closing figures (issue 3): trains each dae-* preset with several seeds
 * through the CLI (`latentlab train --preset P --seed S --out out/dae/P-seedS`), skipping runs whose
 * result.json is already there (resumable), then prints per seed the model's wrong pixels per 1120
 * on the test protocol's noisy inputs next to the nearest-glyph reference and the Bayes pixel
 * denoiser on the same inputs, and the median, min and max over the seeds.
 * Usage: npm run build && npx tsx bench/dae-study.ts [--seeds 1-5] [--jobs 2] [--presets dae-font,dae-font-0.2]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AutoencoderResult } from '../src/runs/autoencoder/kind.js';

const bin = join(import.meta.dirname, '../bin/latentlab.js');

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const presets = flag('presets', 'dae-font,dae-font-0.2,dae-font-best,dae-font-best-0.2').split(',');
const seedText = flag('seeds', '1-5');
const range = /^(\d+)-(\d+)$/.exec(seedText);
const seeds = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : seedText.split(',').map(Number);
const jobs = Number(flag('jobs', '1'));
if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`--jobs must be a positive integer, got ${flag('jobs', '1')}`);

const runs = presets.flatMap((preset) => seeds.map((seed) => ({ preset, seed, dir: join('out', 'dae', `${preset}-seed${seed}`) })));
const missing = runs.filter((run) => !existsSync(join(run.dir, 'result.json')));
console.error(`${runs.length} runs, ${runs.length - missing.length} already in out/dae; training ${missing.length}, ${jobs} at a time`);

function train(run: (typeof runs)[number]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'train', '--preset', run.preset, '--seed', String(run.seed), '--out', run.dir, '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${run.preset} seed ${run.seed} failed (exit ${code})`))));
  });
}

let next = 0;
await Promise.all(
  Array.from({ length: Math.min(jobs, missing.length) }, async () => {
    while (next < missing.length) {
      const run = missing[next++];
      await train(run);
      console.error(`done: ${run.preset} seed ${run.seed}`);
    }
  }),
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const summary: Record<string, { seeds: number; medianWrongPixels: number; minWrongPixels: number; maxWrongPixels: number; medianVsReference: number }> = {};
const f = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));
for (const preset of presets) {
  const results = runs
    .filter((run) => run.preset === preset)
    .map((run) => JSON.parse(readFileSync(join(run.dir, 'result.json'), 'utf8')) as AutoencoderResult);
  const d = results[0].denoising!;
  console.log(`\n### ${preset} (test: ${d.noise}, ${d.copies} noisy copies of the 32 glyphs, test seed ${d.seed})\n`);
  console.log('| seed | wrong pixels / 1120: mean (min-max over copies) | x reference | restored perfectly | clean glyphs | train s |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const e = r.denoising!;
    const ratio = e.noisyWrongPixels.mean / e.referenceWrongPixels.mean;
    console.log(`| ${r.seed} | ${f(e.noisyWrongPixels.mean)} (${e.noisyWrongPixels.min}-${e.noisyWrongPixels.max}) | ${ratio.toFixed(2)} | ${(100 * e.restored.perfect).toFixed(1)}% | ${e.cleanWrongPixels} | ${r.trainSeconds.toFixed(0)} |`);
  }
  const means = results.map((r) => r.denoising!.noisyWrongPixels.mean);
  const refs = results.map((r) => r.denoising!.referenceWrongPixels.mean);
  console.log(`\nmedian ${f(median(means))}, min ${f(Math.min(...means))}, max ${f(Math.max(...means))} wrong pixels per 1120 over ${results.length} seeds;` +
    ` nearest-glyph reference ${f(median(refs))}, Bayes pixel denoiser ${f(d.posteriorWrongPixels?.mean ?? NaN)} on the same inputs;` +
    ` median / reference = ${(median(means) / median(refs)).toFixed(2)}`);
  summary[preset] = { seeds: results.length, medianWrongPixels: median(means), minWrongPixels: Math.min(...means), maxWrongPixels: Math.max(...means), medianVsReference: median(means) / median(refs) };
}
// The figures as one JSON object, the last line, for scripts.
console.log(JSON.stringify({ bench: 'dae-study', presets: summary }));
