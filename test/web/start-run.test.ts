import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { autoencoderPreset } from '../../src/runs/autoencoder/presets.js';
import { runAutoencoder } from '../../src/runs/autoencoder/run.js';
import { startRun } from '../../web/src/training/start-run.js';

// The explorer's worker sets runs up itself (it trains in slices); it must train exactly what the CLI trains.
describe("the explorer's runs match the CLI runner's", () => {
  it.each([
    ['ae-font', 400],
    ['ae-font-best', 2000],
    ['dae-font', 150],
    ['dae-font-best-0.2', 30],
  ])('%s (%i epochs), trained in slices of 7 epochs', (preset, epochs) => {
    const spec = autoencoderPreset(preset);
    spec.training.epochs = epochs;
    const cli = runAutoencoder(spec, fontTable(3));
    const losses: number[] = [];
    const { model, fitting } = startRun(spec, ({ loss }) => losses.push(loss));
    while (!fitting.finished) fitting.run(7);
    expect(losses).toEqual(cli.result.lossHistory);
    expect(fitting.result().stoppedEarly).toBe(cli.result.stoppedEarly);
    expect(Array.from(model.parameters)).toEqual(Array.from(cli.model.parameters));
  });
});
