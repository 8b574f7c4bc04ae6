import type { TrialSummary } from '../runs/model-kind.js';
import { mean, median } from '../eval/statistics.js';

/** One finished trial as a sweep store keeps it. */
export interface TrialRecord {
  key: string;
  variant: string;
  variantIndex: number;
  values: Record<string, string>;
  seed: number;
  status: 'finished' | 'diverged';
  /** Absent when the trial diverged. */
  summary?: TrialSummary;
  /** The trial's model file (absent when it diverged, or for a trial recorded before sweeps kept models). */
  modelFile?: string;
}

/** A variant's standing over its seeds. */
export interface LeaderboardRow {
  variant: string;
  variantIndex: number;
  values: Record<string, string>;
  trials: number;
  diverged: number;
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

/** Trials grouped by variant and ranked: success rate, then median wrong pixels, then epochs to success. */
export function leaderboard(records: readonly TrialRecord[]): LeaderboardRow[] {
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
      successes: won.length,
      successRate: won.length / group.length,
      bestWrongPixels: wrong.length ? Math.min(...wrong) : undefined,
      medianWrongPixels: wrong.length ? median(wrong) : undefined,
      medianEpochsToSuccess: won.length ? median(won.map((s) => s.epochs)) : undefined,
      medianFinalLoss: summaries.length ? median(summaries.map((s) => s.finalLoss)) : undefined,
      meanSeconds: summaries.length ? mean(summaries.map((s) => s.trainSeconds)) : 0,
    };
  });
  const last = (v: number | undefined) => v ?? Infinity;
  return rows.sort(
    (a, b) =>
      b.successRate - a.successRate ||
      last(a.medianWrongPixels) - last(b.medianWrongPixels) ||
      last(a.medianEpochsToSuccess) - last(b.medianEpochsToSuccess) ||
      last(a.medianFinalLoss) - last(b.medianFinalLoss) ||
      a.variantIndex - b.variantIndex,
  );
}
