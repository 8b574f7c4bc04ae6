import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { Autoencoder, type AutoencoderSpec } from '../../src/models/autoencoder/autoencoder.js';
import { fitAutoencoder, startAutoencoderFit, type AutoencoderFitOptions } from '../../src/models/autoencoder/trainer.js';
import type { EngineKind } from '../../src/nn/engine.js';
import { Rng } from '../../src/tensor/rng.js';

// Training in slices (startAutoencoderFit, the explorer's worker) must give exactly what one fit() gives.
const glyphs = fontTable(3).inputs;
const spec: AutoencoderSpec = {
  encoder: [20],
  latent: 2,
  decoder: [20],
  activation: 'tanh',
  latentActivation: 'identity',
  outputActivation: 'sigmoid',
  loss: 'bce',
  initializer: 'glorot-uniform',
};

/** Flips one random pixel per glyph: uses the rng, so a slice boundary that disturbed it would show. */
const flipOne: AutoencoderFitOptions['noise'] = {
  corrupt(clean, noisy, rng) {
    noisy.data.set(clean.data);
    for (let r = 0; r < noisy.rows; r++) {
      const i = r * noisy.cols + rng.int(noisy.cols);
      noisy.data[i] = 1 - noisy.data[i];
    }
  },
  getState: () => [],
  setState() {},
};

function train(engine: EngineKind, slices: number[] | null, extra: Partial<AutoencoderFitOptions> = {}) {
  const rng = new Rng(7);
  const model = Autoencoder.create(spec, 35, rng);
  const options: AutoencoderFitOptions = { epochs: 120, batchSize: 8, optimizer: { name: 'adam', lr: 0.01 }, engine, rng, noise: flipOne, ...extra };
  if (!slices) return { result: fitAutoencoder(model, glyphs, options), parameters: model.parameters };
  const fitting = startAutoencoderFit(model, glyphs, options);
  const trained = slices.map((count) => fitting.run(count));
  return { result: fitting.result(), parameters: model.parameters, trained, finished: fitting.finished };
}

describe('training in slices', () => {
  it.each<EngineKind>(['reference', 'wasm'])('gives the same losses and parameters as one run (%s engine, mini-batches, noise)', (engine) => {
    const whole = train(engine, null);
    const sliced = train(engine, [1, 10, 33, 50, 1000]);
    expect(sliced.trained).toEqual([1, 10, 33, 50, 26]);
    expect(sliced.finished).toBe(true);
    expect(Array.from(sliced.result.losses)).toEqual(Array.from(whole.result.losses));
    expect(Array.from(sliced.parameters)).toEqual(Array.from(whole.parameters));
  });

  it('leaves the model holding the parameters trained so far after every slice', () => {
    const rng = new Rng(7);
    const model = Autoencoder.create(spec, 35, rng);
    const before = model.parameters.slice();
    const fitting = startAutoencoderFit(model, glyphs, { epochs: 50, optimizer: { name: 'adam', lr: 0.01 }, engine: 'wasm', rng });
    expect(fitting.run(5)).toBe(5);
    expect(fitting.finished).toBe(false);
    const afterFive = model.parameters.slice();
    expect(afterFive).not.toEqual(before);
    fitting.run(5);
    expect(model.parameters).not.toEqual(afterFive);
    expect(fitting.result().epochs).toBe(10);
  });

  it('stops on the same epoch as one run when stopWhen says so, and trains no further', () => {
    let checks = 0;
    const stopWhen = () => ++checks === 3;
    const whole = train('wasm', null, { stopWhen, checkEvery: 7 });
    checks = 0;
    const sliced = train('wasm', [4, 4, 100, 100], { stopWhen, checkEvery: 7 });
    expect(whole.result).toMatchObject({ epochs: 21, stoppedEarly: true });
    expect(sliced.trained).toEqual([4, 4, 13, 0]);
    expect(sliced.result.stoppedEarly).toBe(true);
    expect(Array.from(sliced.result.losses)).toEqual(Array.from(whole.result.losses));
  });
});
