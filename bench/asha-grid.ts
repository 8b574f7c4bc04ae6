/**
 * What the ASHA benches (asha-widths.ts, asha-offline.ts) share: the grid they compare with, each
 * variant's CPU per epoch, the grid's variants within seed noise of its 5th, and the grid with its
 * seeds drawn again.
 */
import { shippedExperiment } from '../src/experiments/experiment-file.js';
import { leaderboard, type LeaderboardRow, type TrialRecord } from '../src/experiments/leaderboard.js';
import type { Sweep } from '../src/experiments/sweep.js';
import { loadDataset } from '../src/io/datasets.js';
import { modelKind } from '../src/runs/kinds.js';
import { Run } from '../src/runs/run.js';
import type { Rng } from '../src/tensor/rng.js';

/** How many of the grid's best variants a schedule should find. */
export const TOP = 5;

/** experiments/ae-font-widths.json, the grid both benches compare with. */
export const gridSpec = shippedExperiment('ae-font-widths');

/** CPU-seconds per epoch of each variant, measured now in this process on 1000 epochs of its first seed. */
export function cpuPerEpoch(sweep: Sweep): Map<number, number> {
  const perEpoch = new Map<number, number>();
  for (const trial of sweep.trials) {
    if (perEpoch.has(trial.variant.index)) continue;
    const spec = { ...trial.spec, training: { ...trial.spec.training, epochs: 1000 } };
    const { dataset, identity } = loadDataset(spec.data);
    const run = Run.start(modelKind(trial.kind), spec, dataset, identity);
    const before = process.cpuUsage();
    run.train();
    const used = process.cpuUsage(before);
    perEpoch.set(trial.variant.index, (used.user + used.system) / 1e6 / run.epochsDone);
  }
  return perEpoch;
}

/**
 * The variants of a leaderboard whose success rate is within one binomial standard error of the
 * TOP-th's (at 20 seeds the top 5 are within seed noise of several more), and that margin.
 */
export function withinNoise(board: LeaderboardRow[]): { variants: Set<number>; margin: number } {
  const last = board[TOP - 1];
  const margin = Math.sqrt((last.successRate * (1 - last.successRate)) / last.trials);
  return { variants: new Set(board.filter((row) => row.successRate >= last.successRate - margin - 1e-12).map((row) => row.variantIndex)), margin };
}

/** The trials of each variant drawn again from its own, with replacement (a bootstrap draw of the grid's seeds). */
export function redrawSeeds<R extends { variantIndex: number }>(trials: readonly R[], rng: Rng): R[] {
  const byVariant = new Map<number, R[]>();
  for (const t of trials) byVariant.set(t.variantIndex, [...(byVariant.get(t.variantIndex) ?? []), t]);
  return [...byVariant.values()].flatMap((own) => own.map(() => own[rng.int(own.length)]));
}

/** The variant indices of a leaderboard's top TOP. */
export const topVariants = (records: readonly TrialRecord[]) => new Set(leaderboard(records).slice(0, TOP).map((row) => row.variantIndex));
