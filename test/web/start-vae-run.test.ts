import { describe, expect, it } from 'vitest';
import { loadNamedDataset } from '../../src/io/named-dataset.js';
import { runVae } from '../../src/runs/vae/run.js';
import { startVaeRun } from '../../src/runs/vae/start.js';
import { vaePreset } from '../../src/runs/vae/presets.js';

// The explorer's worker trains a VAE in slices with the runner's own setup; it must train exactly what `latentlab train` trains.
describe("the explorer's VAE runs match the CLI runner's", () => {
  it.each([
    ['emoji-8', 1, 60],
    ['emoji-4', 7, 40],
  ])('vae-emoji on %s, seed %i (%i epochs), trained in slices of 7 epochs', (dataset, seed, epochs) => {
    const spec = vaePreset('vae-emoji');
    spec.data.dataset = dataset;
    spec.training.seed = seed;
    spec.training.epochs = epochs;
    const images = loadNamedDataset(dataset);
    const cli = runVae(spec, images);
    const losses: number[] = [];
    const kl: number[] = [];
    const { model, fitting } = startVaeRun(spec, images, (report) => {
      losses.push(report.loss);
      kl.push(report.kl);
    });
    while (!fitting.finished) fitting.run(7);
    expect(losses).toEqual(cli.result.lossHistory);
    expect(kl).toEqual(cli.result.klHistory);
    expect(losses.at(-1)).toBeLessThan(losses[0]);
    expect(Array.from(model.decoderParameters)).toEqual(Array.from(cli.model.decoderParameters));
  });
});
