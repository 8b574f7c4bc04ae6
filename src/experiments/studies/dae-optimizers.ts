import type { Study } from '../study.js';
import { median } from '../../eval/statistics.js';
import { noisyMean } from './autoencoder-runs.js';
import { optimizerGrid } from './ae-optimizers.js';

/** The study's DAE with GD, momentum and Adam at three learning rates. */
export const daeOptimizers: Study = {
  name: 'dae-optimizers',
  title: 'Denoising: optimizers and learning rates',
  question: "The study's first DAE version compared optimizers and learning rates (plots lost) before settling on Adam, lr 0.001.",
  experiments: ['dae-optimizers'],
  build(context) {
    const documents = context.results('dae-optimizers');
    const grid = optimizerGrid(documents, { idPrefix: 'dae-optimizers', net: "The study's denoising autoencoder (35-32-8-2-8-32-35, tanh, MSE, flip-count p = 0.1 fresh every epoch)", lossName: 'training MSE' });
    const noisy = (o: string, l: string) => grid.cell(o, l).map(noisyMean);
    const ranked = grid.rates
      .flatMap((l) => grid.optimizers.map((o) => ({ o, l, wrong: noisy(o, l).length ? median(noisy(o, l)) : NaN })))
      .filter((x) => Number.isFinite(x.wrong))
      .sort((a, b) => a.wrong - b.wrong);
    return {
      figures: grid.figures,
      findings: [
        {
          topic: 'DAE: best optimizer and learning rate (p = 0.1)',
          study: 'Adam, lr 0.001',
          latentlab: ranked.length
            ? `${ranked[0].o} at lr ${ranked[0].l}: median ${ranked[0].wrong.toFixed(1)} wrong pixels per 1120 on noisy glyphs; ${ranked.slice(1, 4).map((x) => `${x.o} at ${x.l}: ${x.wrong.toFixed(1)}`).join(', ')}`
            : 'every run diverged',
        },
      ],
    };
  },
};
