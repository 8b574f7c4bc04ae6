/**
 * The wait around a training on mnist (issue 15, item 2): `latentlab train --data mnist --layers
 * 784,512,256,2,256,512,784 --batch-size 256 --epochs 1` as a whole process, split into training
 * (the result document's trainSeconds), the report after it (reportSeconds: measuring the model on
 * the 10,000 images, pictures, model file; target under 3 s) and the rest (start-up, loading and
 * hashing the data). The median of --rounds (3) runs. Runs the built CLI (bin/latentlab.js, so
 * `npm run build` first). Prints a line per round, then one JSON line.
 *
 *   npx tsx bench/mnist-report.ts [--rounds 3]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { integerFlag, median, printFigures } from './measure.js';

const rounds = integerFlag('rounds', 3);
const cli = join(import.meta.dirname, '..', 'bin', 'latentlab.js');
const folder = mkdtempSync(join(tmpdir(), 'latentlab-mnist-report-'));
const args = ['train', '--data', 'mnist', '--layers', '784,512,256,2,256,512,784', '--batch-size', '256', '--epochs', '1', '--out', join(folder, 'run'), '--force', '--json'];

const runs: { wholeSeconds: number; trainSeconds: number; reportSeconds: number; otherSeconds: number }[] = [];
let kernels = '';
try {
  for (let round = 1; round <= rounds; round++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, [cli, ...args], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 30 });
    const wholeSeconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`latentlab ${args.join(' ')} failed: ${run.stderr}`);
    const { trainSeconds, reportSeconds, versions } = JSON.parse(run.stdout) as { trainSeconds: number; reportSeconds: number; versions: { kernels: string } };
    kernels = versions.kernels;
    const otherSeconds = wholeSeconds - trainSeconds - reportSeconds;
    runs.push({ wholeSeconds, trainSeconds, reportSeconds, otherSeconds });
    console.log(`round ${round}: whole ${wholeSeconds.toFixed(2)} s = training ${trainSeconds.toFixed(2)} + report ${reportSeconds.toFixed(2)} + start-up and data ${otherSeconds.toFixed(2)}`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
const medians = Object.fromEntries(Object.keys(runs[0]).map((key) => [key, median(runs.map((run) => run[key as keyof (typeof runs)[0]]))]));
console.log(`median of ${rounds}: whole ${medians.wholeSeconds.toFixed(2)} s, training ${medians.trainSeconds.toFixed(2)} s, report after training ${medians.reportSeconds.toFixed(2)} s (target < 3 s: ${medians.reportSeconds < 3 ? 'met' : 'NOT met'})`);
// The kernels the CLI ran (its result document says), not this process's.
printFigures('mnist-report', { kernels, command: `latentlab ${args.slice(0, -4).join(' ')}`, rounds, ...medians, target: { reportSeconds: 3 }, met: medians.reportSeconds < 3, runs });
