import { heatmapChart, type HeatmapCell } from '../../plot/heatmap.js';
import type { Study } from '../study.js';
import { median } from '../../eval/statistics.js';
import { autoencoderRuns, describeRun } from './autoencoder-runs.js';

const REFERENCE_ROW = 'nearest-glyph reference';

/** Trained at one noise level, tested at each: the study's question on harder training noise, on many seeds. */
export const daeCrossNoise: Study = {
  name: 'dae-cross-noise',
  title: 'Denoising: the cross-noise matrix',
  question: 'The study trained at p = 0.2 and tested at p = 0.1: 165 wrong pixels of 1120 (14.73%), worse than training at 0.1 (98); its hypothesis that harder training noise helps was rejected, on one run.',
  experiments: ['dae-cross-noise'],
  build(context) {
    const runs = autoencoderRuns(context.results('dae-cross-noise')).filter((r) => r.crossNoise);
    const trained = [...new Set(runs.map((r) => r.trial.values['trained at']))];
    const tests = runs[0].crossNoise!.map((t) => t.level);
    const seeds = Math.max(...trained.map((t) => runs.filter((r) => r.trial.values['trained at'] === t).length));
    const at = (train: string, test: number) =>
      runs.filter((r) => r.trial.values['trained at'] === train).map((r) => r.crossNoise!.find((c) => c.level === test)!.noisyWrongPixels.mean);
    const cells: HeatmapCell[] = trained.flatMap((train) =>
      tests.map((test) => {
        const values = at(train, test);
        return { row: `trained at ${train}`, column: `p ${test}`, value: median(values), label: `${median(values).toFixed(1)}\n[${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}]` };
      }),
    );
    const reference = tests.map((test) => runs[0].crossNoise!.find((c) => c.level === test)!.referenceWrongPixels.mean);
    cells.push(...tests.map((test, i) => ({ row: REFERENCE_ROW, column: `p ${test}`, value: reference[i], label: reference[i].toFixed(1) })));
    const row = (train: string) => tests.map((test) => median(at(train, test)));
    const bestTrainFor = (test: number) => trained.map((t) => ({ t, v: median(at(t, test)) })).sort((a, b) => a.v - b.v)[0];
    const has = (train: string) => trained.includes(train);
    return {
      figures: [
        {
          id: 'dae-cross-noise-matrix',
          title: 'Wrong pixels per 1120, by training and test noise',
          caption: `The study's DAE (${describeRun(runs[0]).replace(/^[^,]*/, '35-32-8-2-8-32-35')}) trained at each flip-count level (rows; 0.05-0.3: every sample draws its level) and tested at each level (columns) on 10 noisy copies of the 32 glyphs (test seed 1000): median [min-max] over ${seeds} training seeds. Last row: the nearest-glyph reference on the same inputs.`,
          chart: heatmapChart(cells, {
            title: 'Cross-noise: median wrong pixels per 1120',
            subtitle: `rows: training noise; columns: test noise; ${seeds} seeds per row`,
            rowTitle: 'trained at',
            columnTitle: 'tested at',
            valueTitle: 'wrong pixels',
            rowOrder: [...trained.map((t) => `trained at ${t}`), REFERENCE_ROW],
            columnOrder: tests.map((t) => `p ${t}`),
            logColor: true,
          }),
        },
      ],
      findings: [
        {
          topic: 'Trained at p = 0.2, tested at p = 0.1 (does harder training noise help?)',
          study: '165 wrong of 1120 (14.73%), worse than training at 0.1 (98): hypothesis rejected, one run',
          latentlab:
            has('p 0.2') && has('p 0.1') && tests.includes(0.1)
              ? `trained at 0.2: median ${median(at('p 0.2', 0.1)).toFixed(1)}; trained at 0.1: ${median(at('p 0.1', 0.1)).toFixed(1)} (${seeds} seeds each, tested at 0.1). Best training level for each test level: ${tests.map((t) => `${t}: ${bestTrainFor(t).t}`).join(', ')}`
              : '-',
        },
        {
          topic: 'One model trained on mixed levels for every test level?',
          study: 'not tried',
          latentlab: has('p 0.05-0.3') ? `trained at 0.05-0.3: ${row('p 0.05-0.3').map((v, i) => `p ${tests[i]}: ${v.toFixed(1)}`).join(', ')} (medians)` : '-',
        },
      ],
    };
  },
};
