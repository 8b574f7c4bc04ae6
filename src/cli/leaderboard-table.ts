import type { LeaderboardRow } from '../experiments/leaderboard.js';

/** The leaderboard as aligned text: the top `top` variants. */
export function leaderboardLines(rows: LeaderboardRow[], top: number): string[] {
  const header = ['#', 'variant', 'success', 'best wrong px', 'median wrong px', 'median epochs to success', 's/trial'];
  const cells = rows.slice(0, top).map((row, i) => [
    String(i + 1),
    row.variant,
    `${row.successes}/${row.trials}${row.diverged ? ` (${row.diverged} diverged)` : ''}`,
    row.bestWrongPixels === undefined ? '-' : String(row.bestWrongPixels),
    row.medianWrongPixels === undefined ? '-' : String(row.medianWrongPixels),
    row.medianEpochsToSuccess === undefined ? '-' : String(Math.round(row.medianEpochsToSuccess)),
    row.meanSeconds.toFixed(2),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const more = rows.length > top ? [`  ... ${rows.length - top} more variants`] : [];
  return [line(header), ...cells.map(line), ...more];
}
