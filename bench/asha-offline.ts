/**
 * Early-stopping policies on experiments/ae-font-widths.json without training them (issue 14, item 3):
 * can any keep the grid's top 5 variants in at most a third of the grid's CPU?
 *
 *     npx tsx bench/asha-offline.ts [--out out/bench-asha] [--draws 30]
 *
 * Reads the grid's store that bench/asha-widths.ts keeps (out/bench-asha/grid.sqlite) and traces each
 * of its 640 trials once, every 100 epochs up to 10,000, with its loss, wrong pixels and worst glyph
 * (out/bench-asha/grid-trace.json, about 260 CPU-seconds on one thread; a stopped trace goes on; a
 * traced trial that met the goal must stop at the grid's epoch, bit for bit). Then it plays
 * successive halving by variant on those traces, as ASHA with `"promote": "variant"` does: a trial
 * promoted to the spec's epochs ends as the grid's trial of that seed, so a policy finds the grid's
 * top 5 exactly when its last rung carries them. Synchronous halving: the asynchronous ASHA promotes
 * these and possibly more (each rung's best so far), at more CPU.
 *
 * A policy: rungs (minEpochs x reduction^k below the spec's epochs), the share of variants kept at
 * each rung (the last rung below the top keeps a number), and the statistic that ranks variants at
 * a rung after their successes so far: the sweep's own rule (its leaderboard: success, median wrong
 * pixels, loss), mean or median loss, the mean of the 5 lowest losses, the seeds' mean rank among
 * all, the share of seeds in the best quarter, the loss's slope since half the rung, median or best-5
 * wrong pixels, median worst glyph. CPU: epochs, variant by variant, at its CPU per epoch measured
 * now. Each policy is also scored on grids with their seeds drawn again (each against its own top 5),
 * so that one lucky fit to this grid's seeds does not pass for a rule.
 *
 * And the ceiling: how many of its own top 5 the grid with its seeds drawn again holds; the widths at
 * the top whose success counts are consistent with one common rate (a permutation test); and how well
 * each statistic at a rung ranks the variants by their final success (Spearman), over all widths and
 * over those.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sampleRankCorrelation } from 'simple-statistics';
import { mean, median } from '../src/eval/statistics.js';
import { wrongPixelsPerRow } from '../src/eval/pixels.js';
import { compareRows, latestResults, leaderboard, type LeaderboardRow, type TrialRecord } from '../src/experiments/leaderboard.js';
import { openSweep, type Sweep } from '../src/experiments/sweep.js';
import { loadDataset } from '../src/io/datasets.js';
import { readJson, writeFileAtomic } from '../src/io/files.js';
import { modelKind } from '../src/runs/kinds.js';
import { Run } from '../src/runs/run.js';
import { Rng } from '../src/tensor/rng.js';
import { cpuPerEpoch, gridSpec, redrawSeeds, TOP, topVariants, withinNoise } from './asha-grid.js';
import { cpuModel, integerFlag, printFigures } from './measure.js';

const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : join('out', 'bench-asha');
const DRAWS = integerFlag('draws', 30);
const TRACE_EPOCHS = 10_000;
const TRACE_EVERY = 100;
const BOOTSTRAP_DRAWS = 1000;
const PERMUTATIONS = 2000;

/** A trial's trace: [epoch, loss, wrong pixels, worst glyph's wrong pixels] every TRACE_EVERY epochs, to its stop or TRACE_EPOCHS. */
type Trace = [number, number, number, number][];

/** Traces every trial of the grid not traced yet, saving after each variant. */
function traceGrid(sweep: Sweep, file: string): Record<string, Trace> {
  const traces = existsSync(file) ? (readJson(file, 'the grid trace') as Record<string, Trace>) : {};
  const cpuBefore = process.cpuUsage();
  for (const trial of sweep.trials.filter((t) => !traces[t.key])) {
    const { dataset, identity } = loadDataset(trial.spec.data);
    let loss = NaN;
    const run = Run.start(modelKind(trial.kind), trial.spec, dataset, identity, (report) => (loss = report.loss));
    const trace: Trace = [];
    while (!run.finished && run.epochsDone < TRACE_EPOCHS) {
      run.train(TRACE_EVERY - (run.epochsDone % TRACE_EVERY));
      if (run.model.kind !== 'autoencoder') throw new Error(`${trial.key} is not an autoencoder`);
      const wrong = wrongPixelsPerRow(run.model.model.reconstruct(dataset.inputs), dataset.inputs);
      trace.push([run.epochsDone, loss, wrong.reduce((a, b) => a + b, 0), Math.max(...wrong)]);
    }
    traces[trial.key] = trace;
    if (trial.seed === sweep.trials.at(-1)!.seed) writeFileAtomic(file, JSON.stringify(traces));
  }
  writeFileAtomic(file, JSON.stringify(traces));
  const used = process.cpuUsage(cpuBefore);
  console.log(`trace: ${Object.keys(traces).length} trials in ${file}${used.user > 1e6 ? `, traced now in ${((used.user + used.system) / 1e6).toFixed(0)} CPU-s` : ''}`);
  return traces;
}

/** A grid trial with its trace. */
interface Traced {
  record: TrialRecord;
  variantIndex: number;
  trace: Trace;
}

/** A trial as it stands at `epoch`: the grid's result once it met the goal or reached the spec's epochs, else its trace there. */
function at(trial: Traced, epoch: number, maxEpochs: number) {
  const summary = trial.record.summary!;
  if ((summary.success && summary.epochs <= epoch) || epoch >= maxEpochs) return { ...summary, epochs: Math.min(summary.epochs, epoch) };
  if (epoch > TRACE_EPOCHS) throw new Error(`no trace beyond epoch ${TRACE_EPOCHS}`);
  const [, finalLoss, wrongPixels, worstItem] = trial.trace[Math.round(epoch / TRACE_EVERY) - 1] ?? trial.trace.at(-1)!;
  return { ...summary, epochs: epoch, finalLoss, wrongPixels, worstItem, success: false, stoppedEarly: false };
}
type State = ReturnType<typeof at>;

/** Statistics that rank variants at a rung, lower first: (its seeds now, every seed of the rung now, its seeds at half the rung). */
const statistics: Record<string, ((own: State[], all: State[], half: State[]) => number) | undefined> = {
  'sweep rule': undefined,
  'mean loss': (own) => mean(own.map((s) => s.finalLoss)),
  'median loss': (own) => median(own.map((s) => s.finalLoss)),
  'best-5 loss': (own) => mean(own.map((s) => s.finalLoss).sort((a, b) => a - b).slice(0, 5)),
  'mean rank': (own, all) => {
    const sorted = all.map((s) => s.finalLoss).sort((a, b) => a - b);
    return mean(own.map((s) => sorted.indexOf(s.finalLoss)));
  },
  'best quarter': (own, all) => -own.filter((s) => s.finalLoss <= [...all.map((a) => a.finalLoss)].sort((a, b) => a - b)[all.length >> 2]).length,
  'loss slope': (own, _all, half) => mean(own.map((s, i) => Math.log(s.finalLoss) - Math.log(half[i].finalLoss))),
  'median wrong px': (own) => median(own.map((s) => s.wrongPixels!)),
  'best-5 wrong px': (own) => mean(own.map((s) => s.wrongPixels!).sort((a, b) => a - b).slice(0, 5)),
  'median worst glyph': (own) => median(own.map((s) => s.worstItem!)),
};

/** Successive halving by variant: rungs (the last the spec's epochs), what each rung below the top keeps (a share, or a count), the statistic. */
interface Policy {
  rungs: number[];
  keep: number[];
  statistic: string;
}

const policyName = (p: Policy) => `${p.statistic}, rungs ${p.rungs.join('/')}, keep ${p.keep.map((k) => (k < 1 ? `1/${Math.round(1 / k)}` : k)).join(' ')}`;

/** What a policy carries to the end on these trials, its leaderboard (the pruned ranked at their last rung) and its CPU-seconds. */
function simulate(trials: Traced[], policy: Policy, perEpoch: Map<number, number>) {
  const maxEpochs = policy.rungs.at(-1)!;
  const byVariant = new Map<number, Traced[]>();
  for (const t of trials) byVariant.set(t.variantIndex, [...(byVariant.get(t.variantIndex) ?? []), t]);
  let alive = [...byVariant.keys()];
  const reached = new Map<number, number>();
  let cpu = 0;
  policy.rungs.forEach((epochs, rung) => {
    const below = rung === 0 ? 0 : policy.rungs[rung - 1];
    for (const v of alive) {
      reached.set(v, epochs);
      for (const t of byVariant.get(v)!) cpu += (Math.min(t.record.summary!.epochs, epochs) - Math.min(t.record.summary!.epochs, below)) * perEpoch.get(v)!;
    }
    if (rung === policy.rungs.length - 1) return;
    const states = new Map(alive.map((v) => [v, byVariant.get(v)!.map((t) => at(t, epochs, maxEpochs))]));
    const rows = new Map(leaderboard(alive.flatMap((v) => byVariant.get(v)!.map((t) => ({ ...t.record, summary: at(t, epochs, maxEpochs) })))).map((r) => [r.variantIndex, r]));
    const statistic = statistics[policy.statistic];
    const all = [...states.values()].flat();
    const score = new Map(alive.map((v) => [v, statistic?.(states.get(v)!, all, byVariant.get(v)!.map((t) => at(t, epochs / 2, maxEpochs))) ?? 0]));
    const ranked = [...alive].sort((a, b) => (statistic ? rows.get(b)!.successes - rows.get(a)!.successes || score.get(a)! - score.get(b)! || a - b : compareRows(rows.get(a)!, rows.get(b)!)));
    const keep = policy.keep[rung];
    alive = ranked.slice(0, keep >= 1 ? keep : Math.max(1, Math.floor(alive.length * keep)));
  });
  const carried = new Set(alive);
  const board = leaderboard(
    trials.map((t) => ({ ...t.record, summary: at(t, reached.get(t.variantIndex)!, maxEpochs) })),
    (r) => !carried.has(r.variantIndex) && !r.summary!.success,
  );
  return { carried, board, cpu };
}

/** The top n variants' success counts are consistent with one common rate: permutation p-value of their spread (success labels shuffled among their trials). */
function commonRateP(trials: TrialRecord[], variants: number[]): number {
  const pool = trials.filter((t) => variants.includes(t.variantIndex));
  const spread = (labels: boolean[]) => {
    const counts = new Map<number, number>();
    pool.forEach((t, i) => counts.set(t.variantIndex, (counts.get(t.variantIndex) ?? 0) + Number(labels[i])));
    const c = [...counts.values()];
    return mean(c.map((k) => (k - mean(c)) ** 2));
  };
  const observed = spread(pool.map((t) => Boolean(t.summary?.success)));
  const rng = new Rng(1);
  let asLarge = 0;
  for (let i = 0; i < PERMUTATIONS; i++) if (spread(rng.shuffle(pool.map((t) => Boolean(t.summary?.success)))) >= observed - 1e-12) asLarge++;
  return (asLarge + 1) / (PERMUTATIONS + 1);
}

const gridFile = join(out, 'grid.sqlite');
if (!existsSync(gridFile)) throw new Error(`no grid store at ${gridFile}: run \`npx tsx bench/asha-widths.ts --out ${out}\` first (it trains the grid once)`);
console.log(`${cpuModel()}; grid ${gridFile}`);
const sweep = await openSweep(gridSpec, false, gridFile);
const records = latestResults(await sweep.store.results());
await sweep.store.close();
if (records.length !== sweep.trials.length) throw new Error(`${gridFile} holds ${records.length} of the grid's ${sweep.trials.length} trials: finish it with bench/asha-widths.ts`);
const traces = traceGrid(sweep, join(out, 'grid-trace.json'));
const trials: Traced[] = records.map((record) => ({ record, variantIndex: record.variantIndex, trace: traces[record.key] }));
for (const t of trials) {
  const { success, epochs } = t.record.summary!;
  const stopped = t.trace.at(-1)![0];
  if (success && epochs <= TRACE_EPOCHS ? stopped !== epochs : stopped !== TRACE_EPOCHS) throw new Error(`${t.record.key}: the trace stops at epoch ${stopped}, the grid's trial at ${epochs}: delete ${join(out, 'grid-trace.json')}`);
}
const perEpoch = cpuPerEpoch(sweep);
const maxEpochs = sweep.trials[0].spec.training.epochs;
const gridCpu = (ts: Traced[]) => ts.reduce((sum, t) => sum + t.record.summary!.epochs * perEpoch.get(t.variantIndex)!, 0);

// The ceiling: the grid against itself with other seeds.
const board = leaderboard(records);
const top = topVariants(records);
const noise = withinNoise(board).variants;
const bootstrapRng = new Rng(1);
const selfOverlap = mean(Array.from({ length: BOOTSTRAP_DRAWS }, () => [...topVariants(redrawSeeds(records, bootstrapRng))].filter((v) => top.has(v)).length));
let plateau = TOP;
while (plateau < board.length && commonRateP(records, board.slice(0, plateau + 1).map((r) => r.variantIndex)) >= 0.05) plateau++;
const plateauVariants = board.slice(0, plateau).map((r) => r.variantIndex);
const plateauP = commonRateP(records, plateauVariants);
const successes = (variants: number[], keep: (t: TrialRecord) => boolean) => variants.map((v) => records.filter((t) => t.variantIndex === v && keep(t) && t.summary?.success).length);
const splitHalf = (variants: number[]) => sampleRankCorrelation(successes(variants, (t) => t.seed % 2 === 1), successes(variants, (t) => t.seed % 2 === 0));
const label = (rows: LeaderboardRow[]) => rows.map((r) => `${r.variant.replace('hidden width=', 'w')} ${r.successes}`).join(', ');
console.log(`grid top ${TOP} (successes of 20): ${label(board.slice(0, TOP))}; next: ${label(board.slice(TOP, 12))}`);
console.log(`the grid with its seeds drawn again (${BOOTSTRAP_DRAWS} draws) holds ${selfOverlap.toFixed(2)} of its own top ${TOP} on average`);
const noiseP = commonRateP(records, [...noise]);
console.log(
  `one common success rate (permutation test, ${PERMUTATIONS} shuffles): the ${noise.size} variants within one standard error of the ${TOP}th, p = ${noiseP.toFixed(2)}; ` +
    `the top ${plateau}, p = ${plateauP.toFixed(2)} (adding the next gives p < 0.05). Odd and even seeds rank the ${noise.size} with Spearman ${splitHalf([...noise]).toFixed(2)}, ` +
    `the ${plateau} with ${splitHalf(plateauVariants).toFixed(2)}, all ${board.length} with ${splitHalf(board.map((r) => r.variantIndex)).toFixed(2)}`,
);

// The signal: each statistic at a rung against the final success counts.
const signalEpochs = [1000, 3000, 6000, 9000];
const finalSuccesses = (variants: number[]) => successes(variants, () => true);
const signal: Record<string, Record<string, [number, number]>> = {};
for (const [name, statistic] of Object.entries(statistics)) {
  if (!statistic) continue;
  signal[name] = {};
  for (const epoch of signalEpochs) {
    const rank = (variants: number[]) => {
      const all = trials.filter((t) => variants.includes(t.variantIndex)).map((t) => at(t, epoch, maxEpochs));
      const own = (v: number, e: number) => trials.filter((t) => t.variantIndex === v).map((t) => at(t, e, maxEpochs));
      return sampleRankCorrelation(variants.map((v) => -statistic(own(v, epoch), all, own(v, epoch / 2))), finalSuccesses(variants));
    };
    signal[name][epoch] = [rank(board.map((r) => r.variantIndex)), rank(plateauVariants)];
  }
}
console.log(`Spearman of each statistic at epoch ${signalEpochs.join(', ')} with the final success counts, all ${board.length} variants | the top ${plateau}:`);
for (const [name, byEpoch] of Object.entries(signal)) console.log(`  ${name.padEnd(20)} ${Object.values(byEpoch).map(([all]) => all.toFixed(2).padStart(5)).join(' ')} | ${Object.values(byEpoch).map(([, p]) => p.toFixed(2).padStart(5)).join(' ')}`);

// The frontier: every policy on this grid and on grids with their seeds drawn again.
const draws = Array.from({ length: DRAWS }, (_, i) => redrawSeeds(trials, new Rng(1000 + i)));
const drawTops = draws.map((d) => topVariants(d.map((t) => t.record)));
/** How many of `wanted` a policy's top 5 holds among the variants it carried to the end (one pruned on every seed only fills the board). */
const found = (run: { carried: Set<number>; board: LeaderboardRow[] }, wanted: Set<number>) =>
  run.board.slice(0, TOP).filter((r) => run.carried.has(r.variantIndex) && wanted.has(r.variantIndex)).length;
const scored: { policy: Policy; cpu: number; found: number; foundWithinNoise: number; carried: number; drawFound: number }[] = [];
const seen = new Set<string>();
for (const statistic of Object.keys(statistics)) {
  for (const minEpochs of [500, 1000, 1500, 2000, 3000]) {
    for (const reduction of [2, 3, 4]) {
      const rungs: number[] = [];
      for (let e = minEpochs; e < maxEpochs; e *= reduction) rungs.push(e);
      if (rungs.at(-1)! > TRACE_EPOCHS) continue;
      rungs.push(maxEpochs);
      for (const first of [1 / 2, 1 / 3, 1 / 4]) {
        for (const middle of [1 / 2, 1 / 3]) {
          for (const last of [5, 6, 7, 8, 10, 12]) {
            const policy = { rungs, keep: rungs.slice(0, -1).map((_, i) => (i === rungs.length - 2 ? last : i === 0 ? first : middle)), statistic };
            if (seen.has(policyName(policy))) continue;
            seen.add(policyName(policy));
            const run = simulate(trials, policy, perEpoch);
            const drawFound = mean(draws.map((d, i) => found(simulate(d, policy, perEpoch), drawTops[i])));
            scored.push({ policy, cpu: run.cpu / gridCpu(trials), found: found(run, top), foundWithinNoise: found(run, noise), carried: run.carried.size, drawFound });
          }
        }
      }
    }
  }
}
const sweepRule = { rungs: [1000, 3000, 9000, maxEpochs], keep: [1 / 3, 1 / 3, 1 / 3], statistic: 'sweep rule' };
const rule = simulate(trials, sweepRule, perEpoch);
console.log(
  `ASHA's own rule (${policyName(sweepRule)}): carries ${rule.carried.size} variant(s), finds ${found(rule, top)} of the top ${TOP} ` +
    `(${found(rule, noise)} of ${noise.size} within noise) at ${(rule.cpu / gridCpu(trials)).toFixed(3)} of the grid's CPU`,
);
console.log(`${scored.length} policies (${Object.keys(statistics).length} statistics); re-drawn seeds: ${DRAWS} grids, each against its own top ${TOP}:`);
const bounds = [0.2, 0.25, 1 / 3, 0.4, 0.5];
const frontier = bounds.map((bound) => {
  const within = scored.filter((s) => s.cpu <= bound);
  const best = Math.max(...within.map((s) => s.found));
  const bestDraw = within.reduce((a, b) => (b.drawFound > a.drawFound ? b : a));
  const bestNoise = Math.max(...within.map((s) => s.foundWithinNoise));
  console.log(
    `  CPU <= ${bound.toFixed(3)}: ${within.length} policies; most of the top ${TOP} found ${best} (by ${within.filter((s) => s.found === best).length}); ` +
      `within noise ${bestNoise} (by ${within.filter((s) => s.foundWithinNoise === bestNoise).length}); best mean on re-drawn seeds ${bestDraw.drawFound.toFixed(2)} (${policyName(bestDraw.policy)}, CPU ${bestDraw.cpu.toFixed(3)}, here ${bestDraw.found})`,
  );
  return { cpu: Number(bound.toFixed(3)), policies: within.length, mostFound: best, bestMeanOnRedrawnSeeds: Number(bestDraw.drawFound.toFixed(2)), mostWithinNoise: bestNoise };
});
const cheapest = [3, 4, 5].map((k) => {
  const reaching = scored.filter((s) => s.found >= k);
  const c = reaching.reduce((a, b) => (b.cpu < a.cpu ? b : a));
  console.log(`  ${k} of the top ${TOP} first at CPU ${c.cpu.toFixed(3)} (${policyName(c.policy)}, carrying ${c.carried}; on re-drawn seeds ${c.drawFound.toFixed(2)})`);
  return { found: k, cpu: Number(c.cpu.toFixed(3)), carried: c.carried, meanOnRedrawnSeeds: Number(c.drawFound.toFixed(2)) };
});
const everyoneTo = (epochs: number) => trials.reduce((sum, t) => sum + Math.min(t.record.summary!.epochs, epochs) * perEpoch.get(t.variantIndex)!, 0) / gridCpu(trials);
const variantShare = mean(plateauVariants.map((v) => gridCpu(trials.filter((t) => t.variantIndex === v)))) / gridCpu(trials);
console.log(
  `CPU arithmetic: every trial to 1000 epochs costs ${everyoneTo(1000).toFixed(3)} of the grid, to 3000 ${everyoneTo(3000).toFixed(3)}, to 6000 ${everyoneTo(6000).toFixed(3)}; ` +
    `one of the top ${plateau} trained out ${variantShare.toFixed(3)}; a blind pick of m of them holds ${TOP}m/${plateau} of the top ${TOP} on average (m = 7: ${((TOP * 7) / plateau).toFixed(2)})`,
);
printFigures('asha-offline', {
  draws: DRAWS,
  gridSelfOverlap: Number(selfOverlap.toFixed(2)),
  withinNoise: noise.size,
  withinNoiseCommonRateP: Number(noiseP.toFixed(2)),
  commonRateVariants: plateau,
  commonRateP: Number(plateauP.toFixed(2)),
  splitHalfSpearman: { withinNoise: Number(splitHalf([...noise]).toFixed(2)), commonRate: Number(splitHalf(plateauVariants).toFixed(2)) },
  sweepRule: { found: found(rule, top), cpu: Number((rule.cpu / gridCpu(trials)).toFixed(3)) },
  frontier,
  cheapest,
});
