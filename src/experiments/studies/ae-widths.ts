import { successRateChart } from '../../plot/success-rate.js';
import type { Study } from '../study.js';
import { fisherExactTest } from '../../eval/statistics.js';

const SWEEP = 'ae-font-widths';
const AXIS = 'hidden width';

/** The shipped sweep over hidden widths: success rate against width, and its leaderboard. */
export const aeWidths: Study = {
  name: 'ae-widths',
  title: 'Architecture by brute force: which hidden widths learn the font?',
  question:
    "The study chose its architecture by brute force and remarked that convergence is not monotone in size: working architectures are 'isolated solutions', one more neuron can make or break it.",
  experiments: [],
  sweeps: [SWEEP],
  build(context) {
    const { records, board } = context.sweep(SWEEP);
    const rows = [...board].sort((a, b) => Number(a.values[AXIS]) - Number(b.values[AXIS]));
    const seeds = Math.max(...rows.map((r) => r.trials));
    const counts = rows.map((r) => ({ setting: Number(r.values[AXIS]), successes: r.successes, trials: r.trials }));
    // Neighbouring widths one apart whose success rates differ beyond seed luck.
    const neighbours = counts.slice(1).map((c, i) => ({ from: counts[i], to: c })).filter(({ from, to }) => to.setting - from.setting === 1);
    const flips = neighbours.filter(({ from, to }) => fisherExactTest(from.successes, from.trials, to.successes, to.trials) < 0.05);
    const largest = [...neighbours].sort((p, q) => Math.abs(q.to.successes / q.to.trials - q.from.successes / q.from.trials) - Math.abs(p.to.successes / p.to.trials - p.from.successes / p.from.trials))[0];
    const first = counts.find((c) => c.successes > 0);
    const top = board[0];
    const wins = records.filter((r) => r.summary?.success).length;
    const rate = (c: { successes: number; trials: number }) => `${c.successes}/${c.trials}`;
    const bins = [[0, 15], [16, 23], [24, 31], [32, 40]].flatMap(([low, high]) => {
      const inside = counts.filter((c) => c.setting >= low && c.setting <= high);
      if (inside.length === 0) return [];
      const k = inside.reduce((sum, c) => sum + c.successes, 0);
      const n = inside.reduce((sum, c) => sum + c.trials, 0);
      const widths = inside.map((c) => c.setting);
      return [{ label: `${Math.min(...widths)}-${Math.max(...widths)}`, text: `${Math.round((100 * k) / n)}% (${k}/${n})` }];
    });
    return {
      figures: [
        {
          id: 'ae-widths-success',
          title: 'Success rate against hidden width',
          caption: `Share of ${seeds} seeds of 35-w-2-w-35 (the study's setting otherwise) that reach at most 1 wrong pixel in every glyph within 19300 epochs, for each hidden width w; bars are 95% Wilson intervals. If working widths were isolated, neighbouring widths would jump between success and failure by more than these intervals.`,
          chart: successRateChart(counts, { title: 'Seeds reaching at most 1 wrong pixel per glyph, by hidden width', settingTitle: 'hidden width w (35-w-2-w-35)' }),
        },
      ],
      tables: [
        {
          id: 'ae-widths-leaderboard',
          title: `Leaderboard of the sweep (${records.length} trials)`,
          caption: 'Ranked by success rate, then median wrong pixels. A trial stops as soon as it succeeds, so its wrong pixels are counted at that moment (every glyph at most 1) or after all 19300 epochs.',
          columns: ['#', 'variant', 'success', 'best wrong px', 'median wrong px', 'median epochs to success', 'mean s/trial'],
          rows: board.slice(0, 15).map((r, i) => [
            String(i + 1),
            r.variant,
            `${r.successes}/${r.trials}`,
            String(r.bestWrongPixels ?? '-'),
            String(r.medianWrongPixels ?? '-'),
            r.medianEpochsToSuccess === undefined ? '-' : String(Math.round(r.medianEpochsToSuccess)),
            r.meanSeconds.toFixed(2),
          ]),
        },
      ],
      findings: [
        {
          topic: "Working architectures are 'isolated': +1 neuron can make or break convergence",
          study: 'remarked, from single runs',
          latentlab:
            `over ${seeds} seeds per width: no success below w = ${first?.setting ?? '-'}; ` +
            `pooled by width range: ${bins.map((b) => `w ${b.label}: ${b.text}`).join(', ')}; best ${top.variant} (${rate(top)}). ` +
            `${flips.length} of ${neighbours.length} pairs of widths one apart differ beyond seed luck (Fisher exact test, p < 0.05, uncorrected; about ${(0.05 * neighbours.length).toFixed(1)} expected by chance alone)` +
            (largest ? `; largest step: w = ${largest.from.setting} -> ${largest.to.setting}, ${rate(largest.from)} -> ${rate(largest.to)}` : '') +
            `. Single runs succeed or fail by seed: ${wins} of ${records.length} trials succeeded.`,
        },
      ],
    };
  },
};
