import { lossBands, lossCurveChart } from '../../plot/loss-curves.js';
import { seedStripChart } from '../../plot/seed-strip.js';
import type { Study } from '../study.js';
import { median } from '../../eval/statistics.js';
import { autoencoderRuns, describeRun, medianRange, worstGlyph, type AutoencoderDocument } from './autoencoder-runs.js';

/** Whether the nets with 1 or 2 hidden layers per side met the goal more often than the deeper ones. */
function verdict(byDepth: { depth: string; runs: AutoencoderDocument[] }[]): string {
  const rate = (groups: typeof byDepth) => {
    const runs = groups.flatMap((g) => g.runs);
    return runs.filter((r) => worstGlyph(r) <= 1).length / Math.max(1, runs.length);
  };
  const layers = (g: { depth: string }) => Number(g.depth.split(':')[0]);
  const [shallow, deep] = [rate(byDepth.filter((g) => layers(g) >= 1 && layers(g) <= 2)), rate(byDepth.filter((g) => layers(g) > 2))];
  const says = shallow > deep ? 'agrees' : 'not here: the deeper nets met the goal more often';
  return `${says} (goal of at most 1 wrong pixel per glyph met by ${Math.round(100 * shallow)}% of runs with 1-2 hidden layers per side, ${Math.round(100 * deep)}% with 3-4). `;
}

/** MSE against epoch for 0 to 4 hidden layers per side. */
export const aeLayers: Study = {
  name: 'ae-layers',
  title: 'Depth: MSE vs epoch by number of hidden layers',
  question: 'The study plotted MSE against epoch for different numbers of layers and observed that nets with at most 2 hidden layers per side converge more easily.',
  experiments: ['ae-layers'],
  build(context) {
    const documents = context.results('ae-layers');
    const runs = autoencoderRuns(documents);
    const depths = [...new Set(documents.map((d) => d.trial.values['hidden layers per side']))];
    const byDepth = depths.map((depth) => ({ depth, runs: runs.filter((r) => r.trial.values['hidden layers per side'] === depth) }));
    const diverged = documents.length - runs.length;
    const seeds = byDepth[0].runs.length;
    return {
      figures: [
        {
          id: 'ae-layers-loss',
          title: 'MSE vs epoch by number of hidden layers',
          caption: `Training loss (MSE) of the study's setting with 0 to 4 hidden layers per side, ${seeds} seeds each: the line is the mean, the band spans the best to the worst seed. ${describeRun(byDepth[1]?.runs[0] ?? runs[0])} apart from the layers.`,
          chart: lossCurveChart(lossBands(byDepth.map(({ depth, runs: r }) => ({ series: depth, histories: r.map((x) => x.lossHistory) }))), {
            title: 'MSE vs epoch by number of hidden layers per side',
            seriesTitle: 'hidden layers per side',
            yTitle: 'MSE (log scale)',
            seriesOrder: depths,
          }),
        },
        {
          id: 'ae-layers-wrong-pixels',
          title: 'Wrong pixels after training, by depth',
          caption: `Wrong pixels of 1120 at the end of training, one dot per seed (${seeds} seeds per depth); black tick: median.`,
          chart: seedStripChart(
            runs.map((r) => ({ group: r.trial.values['hidden layers per side'], seed: r.seed, value: r.wrongPixels })),
            { title: 'Wrong pixels of 1120 after training, by hidden layers per side', groupTitle: 'hidden layers per side', valueTitle: 'wrong pixels', groupOrder: depths },
          ),
        },
      ],
      findings: [
        {
          topic: 'Nets with at most 2 hidden layers per side converge more easily',
          study: 'observed (MSE vs epoch plot, lost)',
          latentlab:
            verdict(byDepth) +
            byDepth.map(({ depth, runs: r }) => `${depth.split(':')[0]} layers: final MSE ${median(r.map((x) => x.finalLoss)).toPrecision(2)}, ${medianRange(r.map((x) => x.wrongPixels))} wrong px, goal met ${r.filter((x) => worstGlyph(x) <= 1).length}/${r.length}`).join('; ') +
            ` (medians over ${seeds} seeds)${diverged ? `; ${diverged} runs diverged` : ''}`,
        },
      ],
    };
  },
};
