import { mean, median } from '../eval/statistics.js';
import type { TrialRecord } from '../io/trial-store.js';

export type { TrialRecord };

/**
 * Each trial once, at the highest rung it trained to (a grid trial has one), its train seconds
 * summed over its rungs: what the leaderboard ranks. `results` in grid order, then rung.
 */
export function latestResults(results: readonly TrialRecord[]): TrialRecord[] {
  const latest = new Map<string, TrialRecord>();
  for (const result of results) {
    const before = latest.get(result.key);
    const seconds = (before?.summary?.trainSeconds ?? 0) + (result.summary?.trainSeconds ?? 0);
    latest.set(result.key, result.summary ? { ...result, summary: { ...result.summary, trainSeconds: seconds } } : result);
  }
  return [...latest.values()];
}

/** Trials best first: met the goal (sooner first), then fewer wrong pixels, then lower loss; diverged trials last. */
export function compareTrials(a: TrialRecord, b: TrialRecord): number {
  if (!a.summary || !b.summary) return Number(!a.summary) - Number(!b.summary);
  const last = (v: number | undefined) => v ?? Infinity;
  const [x, y] = [a.summary, b.summary];
  return (
    Number(Boolean(y.success)) - Number(Boolean(x.success)) ||
    (x.success && y.success ? x.epochs - y.epochs : 0) ||
    last(x.wrongPixels) - last(y.wrongPixels) ||
    x.finalLoss - y.finalLoss
  );
}

/** A variant's standing over its seeds. */
export interface LeaderboardRow {
  variant: string;
  variantIndex: number;
  values: Record<string, string>;
  trials: number;
  diverged: number;
  /** Trials an early-stopping schedule stopped below its last rung before they met the goal: not failed, not trained out. */
  pruned: number;
  /** Trials that met the kind's goal (font AE: at most 1 wrong pixel in every glyph). */
  successes: number;
  successRate: number;
  bestWrongPixels?: number;
  medianWrongPixels?: number;
  /** Median epochs of the successful trials (the epoch they stopped at when the spec stops at the goal). */
  medianEpochsToSuccess?: number;
  medianFinalLoss?: number;
  meanSeconds: number;
}

/**
 * Trials grouped by variant and ranked: success rate (a trial an early-stopping schedule pruned has
 * not succeeded), then the share of trials pruned (`pruned` tells them: of two variants equally
 * successful, the one trained further first), median wrong pixels, epochs to success, final loss.
 */
export function leaderboard(records: readonly TrialRecord[], pruned: (record: TrialRecord) => boolean = () => false): LeaderboardRow[] {
  const groups = new Map<number, TrialRecord[]>();
  for (const record of records) groups.set(record.variantIndex, [...(groups.get(record.variantIndex) ?? []), record]);
  const rows = [...groups.values()].map((group): LeaderboardRow => {
    const summaries = group.flatMap((r) => (r.summary ? [r.summary] : []));
    const wrong = summaries.flatMap((s) => (s.wrongPixels === undefined ? [] : [s.wrongPixels]));
    const won = summaries.filter((s) => s.success);
    return {
      variant: group[0].variant,
      variantIndex: group[0].variantIndex,
      values: group[0].values,
      trials: group.length,
      diverged: group.length - summaries.length,
      pruned: group.filter(pruned).length,
      successes: won.length,
      successRate: won.length / group.length,
      bestWrongPixels: wrong.length ? Math.min(...wrong) : undefined,
      medianWrongPixels: wrong.length ? median(wrong) : undefined,
      medianEpochsToSuccess: won.length ? median(won.map((s) => s.epochs)) : undefined,
      medianFinalLoss: summaries.length ? median(summaries.map((s) => s.finalLoss)) : undefined,
      meanSeconds: summaries.length ? mean(summaries.map((s) => s.trainSeconds)) : 0,
    };
  });
  return rows.sort(compareRows);
}

/** Variants best first (see leaderboard). */
export function compareRows(a: LeaderboardRow, b: LeaderboardRow): number {
  const last = (v: number | undefined) => v ?? Infinity;
  return (
    b.successRate - a.successRate ||
    a.pruned / a.trials - b.pruned / b.trials ||
    last(a.medianWrongPixels) - last(b.medianWrongPixels) ||
    last(a.medianEpochsToSuccess) - last(b.medianEpochsToSuccess) ||
    last(a.medianFinalLoss) - last(b.medianFinalLoss) ||
    a.variantIndex - b.variantIndex
  );
}
