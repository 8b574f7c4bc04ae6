/**
 * ASHA against the full grid on experiments/ae-font-widths.json (issue 14, item 3): how many of the
 * grid's top 5 variants ASHA's leaderboard also ranks in its top 5, and the CPU time of each.
 *
 *     npx tsx bench/asha-widths.ts [--threads 2] [--min-epochs 1000] [--reduction 3] [--out out/bench-asha]
 *
 * Both sweeps keep SQLite stores in --out, so a run stopped half way continues (the CPU time of this
 * process then counts only what it ran; the summed trial train seconds count everything).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { shippedExperiment } from '../src/experiments/experiment-file.js';
import type { ExperimentSpec } from '../src/experiments/experiment-spec.js';
import { latestResults, leaderboard } from '../src/experiments/leaderboard.js';
import { openSweep, runSweep } from '../src/experiments/sweep.js';
import { cpuModel, integerFlag } from './measure.js';

const threads = integerFlag('threads', 2);
const minEpochs = integerFlag('min-epochs', 1000);
const reduction = integerFlag('reduction', 3);
const outAt = process.argv.indexOf('--out');
const out = outAt >= 0 ? process.argv[outAt + 1] : join('out', 'bench-asha');

async function measure(label: string, experiment: ExperimentSpec, file: string) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const sweep = await openSweep(experiment, false, file);
  try {
    await runSweep(sweep, threads);
    const cpu = process.cpuUsage(cpuBefore);
    const results = await sweep.store.results();
    const trials = latestResults(results);
    const measured = {
      label,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      wallSeconds: (performance.now() - started) / 1000,
      /** Seconds every trial spent training, summed over trials and rungs (threads' time, whatever the process). */
      trainSeconds: results.reduce((sum, r) => sum + (r.summary?.trainSeconds ?? 0), 0),
      /** Epochs trained in all: each trial's epochs at its highest rung (a promotion goes on from the rung below). */
      epochs: trials.reduce((sum, r) => sum + (r.summary?.epochs ?? 0), 0),
      jobs: results.length,
      board: leaderboard(trials),
    };
    console.log(`${label}: ${measured.jobs} jobs, ${measured.epochs} epochs, trial train time ${measured.trainSeconds.toFixed(1)} s, process CPU ${measured.cpuSeconds.toFixed(1)} s, wall ${measured.wallSeconds.toFixed(1)} s`);
    return measured;
  } finally {
    await sweep.store.close();
  }
}

const grid = shippedExperiment('ae-font-widths');
const asha: ExperimentSpec = { ...grid, schedule: { name: 'asha', minEpochs, reduction, seed: 1 } };
console.log(`${cpuModel()}; ${threads} threads; ASHA minEpochs ${minEpochs}, reduction ${reduction}`);
const full = await measure('grid', grid, join(out, 'grid.sqlite'));
const early = await measure('asha', asha, join(out, `asha-${minEpochs}-${reduction}.sqlite`));

const top = (board: typeof full.board) => board.slice(0, 5).map((row) => `${row.variant} (${row.successes}/${row.trials})`);
const gridTop = full.board.slice(0, 5).map((row) => row.variant);
const ashaTop = early.board.slice(0, 5).map((row) => row.variant);
console.log(`grid top 5: ${top(full.board).join('; ')}`);
console.log(`asha top 5: ${top(early.board).join('; ')}`);
console.log(`ASHA finds ${ashaTop.filter((v) => gridTop.includes(v)).length} of the grid's top 5 in its top 5`);
console.log(`ASHA / grid: trial train time ${(early.trainSeconds / full.trainSeconds).toFixed(3)}, epochs ${(early.epochs / full.epochs).toFixed(3)}` + (full.cpuSeconds > 1 && early.cpuSeconds > 1 ? `, process CPU ${(early.cpuSeconds / full.cpuSeconds).toFixed(3)}` : ''));
