import { lossBands, lossCurveChart } from '../../plot/loss-curves.js';
import { seedStripChart } from '../../plot/seed-strip.js';
import type { Figure, Study } from '../study.js';
import { median } from '../../eval/statistics.js';
import type { TrialDocument } from '../run-experiment.js';
import { autoencoderRuns, type AutoencoderDocument } from './autoencoder-runs.js';

const NAMES: Record<string, string> = { gd: 'GD', momentum: 'Momentum', adam: 'Adam' };

export interface OptimizerGrid {
  optimizers: string[];
  rates: string[];
  /** The runs of one optimizer at one learning rate. */
  cell(optimizer: string, lr: string): AutoencoderDocument[];
  figures: Figure[];
}

/**
 * Loss curves (one panel per learning rate) and final values of an experiment over the axes
 * "optimizer" and "lr": shared by the autoencoder and the denoising autoencoder studies.
 */
export function optimizerGrid(documents: readonly TrialDocument[], options: { idPrefix: string; net: string; lossName: string }): OptimizerGrid {
  const runs = autoencoderRuns(documents);
  const optimizer = (r: TrialDocument) => NAMES[r.trial.values.optimizer] ?? r.trial.values.optimizer;
  const lr = (r: TrialDocument) => r.trial.values.lr;
  const optimizers = [...new Set(documents.map(optimizer))];
  const rates = [...new Set(documents.map(lr))];
  const cell = (o: string, l: string) => runs.filter((r) => optimizer(r) === o && lr(r) === l);
  const diverged = documents.filter((d) => d.status === 'diverged');
  const divergedNote = diverged.length
    ? ` Diverged (loss NaN or infinite, left out): ${rates.flatMap((l) => optimizers.map((o) => [o, l, diverged.filter((d) => optimizer(d) === o && lr(d) === l).length] as const)).filter(([, , k]) => k > 0).map(([o, l, k]) => `${o} at lr ${l}: ${k}`).join(', ')}.`
    : '';
  const series = rates.flatMap((l) => optimizers.map((o) => ({ series: o, panel: `lr ${l}`, histories: cell(o, l).map((r) => r.lossHistory) }))).filter((s) => s.histories.length > 0);
  const seeds = Math.max(...rates.flatMap((l) => optimizers.map((o) => cell(o, l).length)));
  const epochs = runs[0].spec.training.epochs;
  return {
    optimizers,
    rates,
    cell,
    figures: [
      {
        id: `${options.idPrefix}-loss`,
        title: `${options.lossName} vs epoch by optimizer, one panel per learning rate`,
        caption: `${options.net}, ${epochs} full-batch epochs, with each optimizer (momentum 0.9; Adam 0.9, 0.999) at each learning rate, ${seeds} seeds each: line = mean, band = min to max.${divergedNote}`,
        chart: lossCurveChart(lossBands(series, 120), { title: `${options.lossName} vs epoch by optimizer`, seriesTitle: 'optimizer', panelTitle: 'learning rate', yTitle: `${options.lossName} (log scale)`, seriesOrder: optimizers, width: 840, height: 200 }),
      },
      {
        id: `${options.idPrefix}-final`,
        title: `Final ${options.lossName} by optimizer and learning rate`,
        caption: `${options.lossName} after ${epochs} epochs, one dot per seed; black tick: median. Lower is better.${divergedNote}`,
        chart: seedStripChart(
          runs.map((r) => ({ group: `lr ${lr(r)}`, series: optimizer(r), seed: r.seed, value: r.finalLoss })),
          { title: `${options.lossName} after ${epochs} epochs, by learning rate and optimizer`, groupTitle: 'learning rate', valueTitle: `final ${options.lossName} (log scale)`, seriesTitle: 'optimizer', logX: true, groupOrder: rates.map((l) => `lr ${l}`), seriesOrder: optimizers },
        ),
      },
    ],
  };
}

const medianLoss = (runs: AutoencoderDocument[]) => (runs.length ? median(runs.map((x) => x.finalLoss)) : NaN);

/** GD, momentum and Adam at five learning rates: loss curves and final MSE. */
export const aeOptimizers: Study = {
  name: 'ae-optimizers',
  title: 'Optimizers: GD, Momentum and Adam, by learning rate',
  question: 'The study plotted MSE against epoch for GD, Momentum and Adam and asked: is Momentum better than Adam at small learning rates?',
  experiments: ['ae-optimizers'],
  build(context) {
    const documents = context.results('ae-optimizers');
    const grid = optimizerGrid(documents, { idPrefix: 'ae-optimizers', net: "The study's autoencoder (35-20-2-20-35, tanh, MSE)", lossName: 'MSE' });
    const { cell, rates, optimizers } = grid;
    const epochs = autoencoderRuns(documents)[0].spec.training.epochs;
    const comparison = rates.map((l) => {
      const momentum = cell('Momentum', l);
      const adam = cell('Adam', l);
      const wins = momentum.filter((r) => {
        const other = adam.find((x) => x.seed === r.seed);
        return other !== undefined && r.finalLoss < other.finalLoss;
      }).length;
      return { l, m: medianLoss(momentum), a: medianLoss(adam), wins, pairs: Math.min(momentum.length, adam.length) };
    });
    const small = comparison.filter((c) => Number(c.l) <= 0.0005);
    const answer = small.every((c) => c.m < c.a) ? 'yes' : small.every((c) => !(c.m < c.a)) ? 'no' : 'it depends on the rate';
    const ranked = rates.flatMap((l) => optimizers.map((o) => ({ o, l, loss: medianLoss(cell(o, l)) }))).filter((x) => Number.isFinite(x.loss)).sort((a, b) => a.loss - b.loss);
    return {
      figures: grid.figures,
      findings: [
        {
          topic: 'Is Momentum better than Adam at small learning rates?',
          study: 'asked, not answered',
          latentlab:
            `${answer} (at lr <= 0.0005): ` +
            comparison.map((c) => `lr ${c.l}: Momentum ${c.m.toPrecision(2)} vs Adam ${c.a.toPrecision(2)} (Momentum lower in ${c.wins}/${c.pairs} seeds)`).join('; ') +
            ` (median final MSE after ${epochs} epochs)`,
        },
        {
          topic: "Best optimizer and learning rate for the study's net",
          study: 'Adam, lr 0.0005',
          latentlab: ranked.length ? `${ranked[0].o} at lr ${ranked[0].l} (median final MSE ${ranked[0].loss.toPrecision(2)}); Adam at 0.0005: ${medianLoss(cell('Adam', '0.0005')).toPrecision(2)}` : 'every run diverged',
        },
      ],
    };
  },
};
