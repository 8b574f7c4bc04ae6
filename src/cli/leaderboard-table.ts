import type { LeaderboardRow } from '../experiments/leaderboard.js';
import { csvText } from '../models/export/csv.js';

/**
 * The leaderboard as aligned text: the top `top` variants. The variants whose every trial an
 * early-stopping schedule stopped below its last rung rank last (see compareRows); a line above
 * them says so, so that they are not read as finalists when fewer than `top` variants trained on.
 */
export function leaderboardLines(rows: LeaderboardRow[], top: number): string[] {
  const header = ['#', 'variant', 'success', 'best wrong px', 'median wrong px', 'median epochs to success', 's/trial'];
  const shown = rows.slice(0, top);
  const cells = shown.map((row, i) => [
    String(i + 1),
    row.variant,
    `${row.successes}/${row.trials}${row.diverged ? ` (${row.diverged} diverged)` : ''}${row.pruned ? ` (${row.pruned} pruned)` : ''}`,
    row.bestWrongPixels === undefined ? '-' : String(row.bestWrongPixels),
    row.medianWrongPixels === undefined ? '-' : String(row.medianWrongPixels),
    row.medianEpochsToSuccess === undefined ? '-' : String(Math.round(row.medianEpochsToSuccess)),
    row.meanSeconds.toFixed(2),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const firstPruned = shown.findIndex(prunedOnEverySeed);
  const lines = cells.map(line);
  if (firstPruned >= 0) lines.splice(firstPruned, 0, '  -- every trial of these stopped below the last rung:');
  const more = rows.length > top ? [`  ... ${rows.length - top} more variants`] : [];
  return [line(header), ...lines, ...more];
}

/** Whether every trial of the variant was stopped below the last rung by an early-stopping schedule. */
function prunedOnEverySeed(row: LeaderboardRow): boolean {
  return row.pruned > 0 && row.pruned === row.trials;
}

/** The whole leaderboard as CSV: rank, variant, its axis values, then the figures of the table. */
export function leaderboardCsv(rows: LeaderboardRow[]): string {
  const axes = [...new Set(rows.flatMap((row) => Object.keys(row.values)))];
  const figure = (value: number | undefined) => (value === undefined ? '' : String(value));
  const header = ['rank', 'variant', ...axes, 'trials', 'diverged', 'pruned', 'successes', 'success_rate', 'best_wrong_pixels', 'median_wrong_pixels', 'median_epochs_to_success', 'median_final_loss', 'mean_seconds'];
  return csvText(
    header,
    rows.map((row, i) => [
      String(i + 1),
      row.variant,
      ...axes.map((axis) => row.values[axis] ?? ''),
      ...[row.trials, row.diverged, row.pruned, row.successes, row.successRate, row.bestWrongPixels, row.medianWrongPixels, row.medianEpochsToSuccess, row.medianFinalLoss, row.meanSeconds].map(figure),
    ]),
  );
}
