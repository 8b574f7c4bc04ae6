import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { Autoencoder, type AutoencoderSpec } from '../../src/models/autoencoder/autoencoder.js';
import { fitAutoencoder } from '../../src/models/autoencoder/trainer.js';
import { DivergenceError, fit } from '../../src/nn/fit.js';
import { ReferenceEngine } from '../../src/nn/reference-engine.js';
import { Rng } from '../../src/tensor/rng.js';

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

describe('training', () => {
  it('a short seeded run on the font reaches a stated loss, the same every time', () => {
    const run = () => {
      const rng = new Rng(1);
      return fitAutoencoder(Autoencoder.create(spec, 35, rng), glyphs, { epochs: 300, optimizer: { name: 'adam', lr: 0.01 }, engine: 'reference', rng });
    };
    const first = run();
    // Binary cross-entropy starts near ln 2 = 0.69 and falls below 0.15 in 300 epochs (0.1365 measured for seed 1).
    expect(first.losses[0]).toBeGreaterThan(0.6);
    expect(first.losses[299]).toBeLessThan(0.15);
    expect(Array.from(run().losses)).toEqual(Array.from(first.losses));
  });

  it('mini-batches shuffle with the seed and still learn', () => {
    const rng = new Rng(2);
    const result = fitAutoencoder(Autoencoder.create(spec, 35, rng), glyphs, { epochs: 100, batchSize: 5, optimizer: { name: 'adam', lr: 0.01 }, engine: 'reference', rng });
    // 7 steps an epoch: 700 steps take the loss from about 0.69 to below 0.3 (0.257 measured).
    expect(result.losses[0]).toBeGreaterThan(0.6);
    expect(result.losses[99]).toBeLessThan(0.3);
  });

  it('stops when asked, on the epoch it was asked', () => {
    const rng = new Rng(3);
    const model = Autoencoder.create(spec, 35, rng);
    const seen: number[] = [];
    const result = fitAutoencoder(model, glyphs, {
      epochs: 100,
      optimizer: { name: 'adam', lr: 0.01 },
      engine: 'reference',
      rng,
      onEpoch: ({ epoch }) => seen.push(epoch),
      stopWhen: () => true,
      checkEvery: 7,
    });
    expect(result).toMatchObject({ epochs: 7, stoppedEarly: true });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('names the epoch where the loss diverged and suggests a smaller learning rate', () => {
    const network = { sizes: [35, 8, 35], activations: ['identity', 'identity'] as const, loss: 'mse' as const, initializer: 'glorot-uniform' as const };
    const engine = new ReferenceEngine({ network: { ...network, activations: [...network.activations] }, optimizer: { name: 'gd', lr: 1e6 }, batchSize: 32, rows: 32 });
    engine.setParameters(new Float64Array(35 * 8 + 8 + 8 * 35 + 35).fill(0.1));
    let error: unknown;
    try {
      fit(engine, glyphs, glyphs, { epochs: 50, rng: new Rng(1) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    expect((error as DivergenceError).epoch).toBeGreaterThan(1);
    expect((error as Error).message).toMatch(/training diverged at epoch \d+ \(loss (NaN|Infinity)\); try a smaller learning rate/);
  });

  it('gives every epoch fresh corrupted inputs and keeps the targets clean', () => {
    const rng = new Rng(4);
    const model = Autoencoder.create(spec, 35, rng);
    const corrupted: number[] = [];
    fitAutoencoder(model, glyphs, {
      epochs: 3,
      optimizer: { name: 'adam', lr: 0.01 },
      engine: 'reference',
      rng,
      noise: {
        corrupt: (clean, noisy, r) => {
          noisy.data.set(clean.data);
          const i = r.int(noisy.data.length);
          noisy.data[i] = 1 - noisy.data[i];
          corrupted.push(i);
        },
        getState: () => [],
        setState() {},
      },
    });
    expect(corrupted).toHaveLength(3);
    expect(glyphs.data).toEqual(fontTable(3).inputs.data);
  });
});
