/**
 * ASHA against the full grid on experiments/ae-font-widths.json (issue 14, item 3): how many of the
 * grid's top 5 variants ASHA's leaderboard also ranks in its top 5, and the CPU time of each.
 *
 *     npx tsx bench/asha-widths.ts [--threads 2] [--min-epochs 1000] [--reduction 3] [--promote trial|variant] [--out out/bench-asha]
 *
 * Both sweeps keep SQLite stores in --out, so a run stopped half way continues and the grid (about
 * 700 CPU-seconds) trains once; before using a stored grid the bench trains two of its trials again
 * and stops unless they give the stored numbers. CPU: each sweep's epochs, variant by variant, times
 * that variant's CPU-seconds per epoch measured in this process now (so both sides are costed under
 * the same load, however busy the machine was when they trained), and the process CPU time of the
 * sweeps that trained in this process (which adds what jobs cost beyond their epochs: loading the
 * data, checkpoints, measuring each rung).
 *
 * Fair comparison: the grid's top 5 are ranked by success over 20 seeds, so variants a seed or two
 * apart are within noise. The bench also counts ASHA's top 5 among the grid's variants whose success
 * rate is within one binomial standard error of the 5th's, and resamples the grid's seeds (bootstrap)
 * to show how many of its own top 5 the same grid with other seeds would find.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jobTask, openSweep, runSweep, sweepLeaderboard, trialRungs, type Sweep } from '../src/experiments/sweep.js';
import type { ExperimentSpec } from '../src/experiments/experiment-spec.js';
import { latestResults, type LeaderboardRow, type TrialRecord } from '../src/experiments/leaderboard.js';
import { runTrial } from '../src/io/trial-worker.js';
import { modelKind } from '../src/runs/kinds.js';
import { Rng } from '../src/tensor/rng.js';
import { cpuPerEpoch, gridSpec, redrawSeeds, TOP, topVariants, withinNoise } from './asha-grid.js';
import { cpuModel, integerFlag, printFigures } from './measure.js';

const threads = integerFlag('threads', 2);
const minEpochs = integerFlag('min-epochs', 1000);
const reduction = integerFlag('reduction', 3);
const flag = (name: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
const promote = flag('promote') ?? 'trial';
if (promote !== 'trial' && promote !== 'variant') throw new Error(`--promote must be trial or variant, got "${promote}"`);
const out = flag('out') ?? join('out', 'bench-asha');
const BOOTSTRAP_DRAWS = 1000;

/** A sweep's results and what it cost. */
interface Measured {
  sweep: Sweep;
  results: TrialRecord[];
  board: LeaderboardRow[];
  /** Process CPU seconds, when the whole sweep trained in this process. */
  processCpu?: number;
}

async function measure(label: string, experiment: ExperimentSpec, file: string, check?: (sweep: Sweep, results: TrialRecord[]) => void): Promise<Measured> {
  const sweep = await openSweep(experiment, false, file);
  const before = await sweep.store.results();
  check?.(sweep, before);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await runSweep(sweep, threads);
  const cpu = process.cpuUsage(cpuBefore);
  const results = await sweep.store.results();
  const processCpu = before.length === 0 ? (cpu.user + cpu.system) / 1e6 : undefined;
  const rungs = results.reduce<number[]>((counts, r) => ((counts[r.rung] = (counts[r.rung] ?? 0) + 1), counts), []);
  console.log(
    `${label}: ${results.length} jobs (by rung: ${rungs.join(', ')}), ${results.length - before.length} trained now in ${((performance.now() - started) / 1000).toFixed(0)} s wall` +
      (processCpu === undefined ? ' (stored before: no process CPU)' : `, process CPU ${processCpu.toFixed(1)} s`),
  );
  return { sweep, results, board: sweepLeaderboard(sweep, results), processCpu };
}

/** Trains two stored trials again (the first and the last of the grid) and stops unless they give the stored numbers. */
function checkStored(sweep: Sweep, results: TrialRecord[]) {
  if (results.length === 0) return;
  for (const trial of [sweep.trials[0], sweep.trials.at(-1)!]) {
    const stored = results.find((r) => r.key === trial.key);
    if (!stored) continue;
    const outcome = runTrial(jobTask(sweep, { key: trial.key, rung: 0 }));
    const again = outcome.status === 'finished' ? modelKind(trial.kind).summarize(outcome.result) : undefined;
    const same = JSON.stringify({ ...again, trainSeconds: 0 }) === JSON.stringify({ ...stored.summary, trainSeconds: 0 });
    if (!same) throw new Error(`${sweep.store.location}: trial ${trial.key} trains to ${JSON.stringify(again)} now but the store holds ${JSON.stringify(stored.summary)}: delete the store`);
    console.log(`stored grid checked: ${trial.key} trains again to the stored numbers (${again?.epochs} epochs, ${again?.wrongPixels} wrong pixels)`);
  }
}

/** A sweep's CPU-seconds at these per-epoch costs: each trial's epochs at its highest rung (a promotion goes on from the rung below). */
const epochSeconds = (results: TrialRecord[], perEpoch: Map<number, number>) =>
  latestResults(results).reduce((sum, r) => sum + (r.summary?.epochs ?? 0) * perEpoch.get(r.variantIndex)!, 0);

/**
 * How much a trial's loss after each of `epochs` tells of its success at the end (from the grid's
 * stored loss curves, 200 points each: the loss at the first point at or after that epoch): of the
 * pairs of seeds of one variant where one succeeded later than that epoch and the other never did,
 * the share in which the one that succeeded had the lower loss then (0.5: a coin toss).
 */
async function lossForetellsSuccess(sweep: Sweep, results: TrialRecord[], epochs: number[]): Promise<number[]> {
  const curves = new Map<string, [number, number][]>();
  for (const r of results) curves.set(r.key, ((await sweep.store.result(r.key)) as { lossCurve: [number, number][] }).lossCurve);
  const lossAt = (key: string, epoch: number) => (curves.get(key)!.find(([e]) => e >= epoch) ?? curves.get(key)!.at(-1)!)[1];
  return epochs.map((epoch) => {
    let pairs = 0;
    let foretold = 0;
    for (const won of results.filter((r) => r.summary?.success && r.summary.epochs > epoch)) {
      for (const lost of results.filter((r) => r.variantIndex === won.variantIndex && !r.summary?.success)) {
        pairs++;
        foretold += Math.sign(lossAt(lost.key, epoch) - lossAt(won.key, epoch)) / 2 + 0.5;
      }
    }
    return foretold / pairs;
  });
}

/** How many of the grid's top 5 a grid of the same variants with its seeds drawn again (with replacement) ranks in its top 5: one count per draw. */
function bootstrapOverlaps(records: TrialRecord[], top: Set<number>): number[] {
  const rng = new Rng(1);
  return Array.from({ length: BOOTSTRAP_DRAWS }, () => [...topVariants(redrawSeeds(records, rng))].filter((v) => top.has(v)).length);
}

const ashaSpec: ExperimentSpec = { ...gridSpec, schedule: { name: 'asha', minEpochs, reduction, seed: 1, ...(promote === 'variant' && { promote }) } };
console.log(`${cpuModel()}; ${threads} threads; ASHA minEpochs ${minEpochs}, reduction ${reduction}, promote per ${promote}`);
const grid = await measure('grid', gridSpec, join(out, 'grid.sqlite'), checkStored);
const asha = await measure('asha', ashaSpec, join(out, `asha-${minEpochs}-${reduction}${promote === 'variant' ? '-variant' : ''}.sqlite`));
const rungs = trialRungs(ashaSpec, asha.sweep.trials[0]).slice(0, -1);
const foretold = await lossForetellsSuccess(grid.sweep, latestResults(grid.results), rungs);
const perEpoch = cpuPerEpoch(grid.sweep);
const [gridCpu, ashaCpu] = [epochSeconds(grid.results, perEpoch), epochSeconds(asha.results, perEpoch)];
await grid.sweep.store.close();
await asha.sweep.store.close();

const gridRank = new Map(grid.board.map((row, i) => [row.variantIndex, i + 1]));
const gridTop = new Set(grid.board.slice(0, TOP).map((row) => row.variantIndex));
const fifth = grid.board[TOP - 1];
const { variants: noise, margin } = withinNoise(grid.board);
const ashaTop = asha.board.slice(0, TOP);
// A variant ASHA pruned on every seed is on its board only to fill it: ASHA tells nothing of it, so it finds nothing.
const judged = ashaTop.filter((row) => row.pruned < row.trials);
const found = judged.filter((row) => gridTop.has(row.variantIndex)).length;
const foundWithinNoise = judged.filter((row) => noise.has(row.variantIndex)).length;
const overlaps = bootstrapOverlaps(latestResults(grid.results), gridTop);
const mean = overlaps.reduce((a, b) => a + b, 0) / overlaps.length;
const counts = [0, 1, 2, 3, 4, 5].map((k) => overlaps.filter((o) => o === k).length);

const row = (r: LeaderboardRow) => `${r.variant} ${r.successes}/${r.trials}${r.pruned ? ` (${r.pruned} pruned)` : ''}`;
console.log(`grid top ${TOP}: ${grid.board.slice(0, TOP).map(row).join('; ')}`);
console.log(`asha top ${TOP}: ${ashaTop.map((r) => `${row(r)} [grid #${gridRank.get(r.variantIndex)}]`).join('; ')}`);
console.log(`ASHA's top ${TOP} holds ${found} of the grid's top ${TOP} (${TOP - judged.length} of its top ${TOP} pruned on every seed, counted as not found)`);
console.log(
  `within noise: the grid's 5th has ${fifth.successes}/${fifth.trials}, one binomial standard error is ${(margin * fifth.trials).toFixed(1)} seeds: ` +
    `${noise.size} variants have at least ${(fifth.successRate - margin).toFixed(2)}; ASHA's top ${TOP} holds ${foundWithinNoise} of them`,
);
console.log(`the grid with its seeds drawn again (bootstrap, ${BOOTSTRAP_DRAWS} draws, seed 1) holds ${mean.toFixed(2)} of its own top ${TOP} on average (draws holding 0..5: ${counts.join(', ')})`);
console.log(
  `does a seed's loss at a rung foretell its success later (grid, pairs of seeds of one variant, one succeeding after that rung, one never; 0.5 is a coin toss): ` +
    rungs.map((epoch, i) => `${epoch} epochs ${foretold[i].toFixed(2)}`).join(', '),
);
const processRatio = grid.processCpu && asha.processCpu ? asha.processCpu / grid.processCpu : undefined;
console.log(
  `CPU, epochs costed at each variant's CPU per epoch measured now: grid ${gridCpu.toFixed(0)} s, ASHA ${ashaCpu.toFixed(0)} s: ${(ashaCpu / gridCpu).toFixed(3)} of the grid's` +
    (asha.processCpu ? `; ASHA's process CPU ${asha.processCpu.toFixed(0)} s (${(asha.processCpu / gridCpu).toFixed(3)} of the grid's estimate)` : '') +
    (processRatio ? `; process CPU ratio ${processRatio.toFixed(3)}` : ''),
);
printFigures('asha-widths', {
  minEpochs,
  reduction,
  promote,
  threads,
  gridTop: grid.board.slice(0, TOP).map((r) => r.variant),
  ashaTop: ashaTop.map((r) => r.variant),
  ashaTopGridRanks: ashaTop.map((r) => gridRank.get(r.variantIndex)),
  foundOfGridTop: found,
  foundWithinNoise,
  lossForetellsSuccess: Object.fromEntries(rungs.map((epoch, i) => [epoch, Number(foretold[i].toFixed(2))])),
  withinNoise: noise.size,
  bootstrapMeanOfOwnTop: Number(mean.toFixed(2)),
  cpuRatio: Number((ashaCpu / gridCpu).toFixed(3)),
  ...(asha.processCpu && { ashaProcessCpuSeconds: Number(asha.processCpu.toFixed(1)) }),
  ...(processRatio && { processCpuRatio: Number(processRatio.toFixed(3)) }),
});
