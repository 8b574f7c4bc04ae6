import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/nn/activations.js';
import type { EngineOptions, TrainingEngine } from '../../src/nn/engine.js';
import type { LossName } from '../../src/nn/losses.js';
import { initialParameters, type NetworkSpec } from '../../src/nn/network.js';
import type { OptimizerSpec } from '../../src/nn/optimizers.js';
import { ReferenceEngine } from '../../src/nn/reference-engine.js';
import { WasmEngine } from '../../src/nn/wasm-engine.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

// Float32 against float64 after a few epochs: each parameter within PARAM_TOLERANCE * max(1, |p|)
// (one optimizer step moves parameters by ~1e-2, so a wrong gradient fails by orders of magnitude)
// and each epoch's loss within LOSS_TOLERANCE relative.
const PARAM_TOLERANCE = 2e-5;
const LOSS_TOLERANCE = 1e-5;
const EPOCHS = 4;

const optimizers: OptimizerSpec[] = [
  { name: 'gd', lr: 0.2 },
  { name: 'momentum', lr: 0.05, momentum: 0.8 },
  { name: 'adam', lr: 0.01 },
  { name: 'rmsprop', lr: 0.005, rho: 0.9 },
];

const activationNames: ActivationName[] = ['identity', 'tanh', 'sigmoid', 'relu', 'leaky-relu'];

/** Every allowed activation x loss setting: one activation throughout with MSE, or any hidden activation under a sigmoid output with BCE. */
const settings: { hidden: ActivationName; output: ActivationName; loss: LossName }[] = [
  ...activationNames.map((a) => ({ hidden: a, output: a, loss: 'mse' as const })),
  ...activationNames.map((a) => ({ hidden: a, output: 'sigmoid' as const, loss: 'bce' as const })),
];

function network(sizes: number[], hidden: ActivationName, output: ActivationName, loss: LossName): NetworkSpec {
  const activations = sizes.slice(2).map(() => hidden);
  return { sizes, activations: [...activations, output], loss, initializer: 'glorot-uniform' };
}

function binaryData(rows: number, cols: number, rng: Rng): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.int(2);
  return m;
}

/** Trains both engines from the same start with the same orders; returns the largest relative differences. */
function compare(options: EngineOptions, seed: number): { loss: number; param: number } {
  const rng = new Rng(seed);
  const data = binaryData(options.rows, options.network.sizes[0], rng);
  const start = initialParameters(options.network, rng);
  const engines: TrainingEngine[] = [new ReferenceEngine(options), new WasmEngine(options)];
  for (const engine of engines) {
    engine.setParameters(start);
    engine.setData(data, data);
  }
  let loss = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const order = epoch === 0 ? null : rng.shuffle(Uint32Array.from({ length: options.rows }, (_, i) => i));
    const [expected, actual] = engines.map((engine) => engine.trainEpoch(order));
    expect(Number.isFinite(actual)).toBe(true);
    loss = Math.max(loss, Math.abs(actual - expected) / Math.abs(expected));
  }
  const [expected, actual] = engines.map((engine) => engine.getParameters());
  let param = 0;
  for (let i = 0; i < expected.length; i++) param = Math.max(param, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  return { loss, param };
}

describe('WasmEngine matches ReferenceEngine', () => {
  const rows = 13;
  for (const { hidden, output, loss } of settings) {
    for (const optimizer of optimizers) {
      it(`5-3-2-3-5 ${hidden}/${output} ${loss} ${optimizer.name}, batch sizes 13, 1, 3, 5`, () => {
        for (const batchSize of [rows, 1, 3, 5]) {
          const options = { network: network([5, 3, 2, 3, 5], hidden, output, loss), optimizer, batchSize, rows };
          const diff = compare(options, batchSize);
          expect(diff.loss, `loss, batch ${batchSize}`).toBeLessThan(LOSS_TOLERANCE);
          expect(diff.param, `parameters, batch ${batchSize}`).toBeLessThan(PARAM_TOLERANCE);
        }
      });
    }
  }

  const larger: [number[], ActivationName, ActivationName, LossName][] = [
    [[7, 1, 7], 'tanh', 'tanh', 'mse'],
    [[7, 1, 7], 'relu', 'sigmoid', 'bce'],
    [[35, 20, 2, 20, 35], 'tanh', 'tanh', 'mse'],
    [[35, 20, 2, 20, 35], 'leaky-relu', 'sigmoid', 'bce'],
    [[35, 20, 2, 20, 35], 'sigmoid', 'sigmoid', 'mse'],
  ];
  for (const [sizes, hidden, output, loss] of larger) {
    for (const optimizer of optimizers) {
      it(`${sizes.join('-')} ${hidden}/${output} ${loss} ${optimizer.name}, batch sizes 32, 1, 5`, () => {
        for (const batchSize of [32, 1, 5]) {
          const options = { network: network(sizes, hidden, output, loss), optimizer, batchSize, rows: 32 };
          const diff = compare(options, 7);
          expect(diff.loss, `loss, batch ${batchSize}`).toBeLessThan(LOSS_TOLERANCE);
          expect(diff.param, `parameters, batch ${batchSize}`).toBeLessThan(PARAM_TOLERANCE);
        }
      });
    }
  }

  it('follows learning-rate changes between epochs', () => {
    const options = { network: network([5, 3, 5], 'tanh', 'tanh', 'mse'), optimizer: { name: 'adam' as const, lr: 0.01 }, batchSize: 4, rows: 9 };
    const rng = new Rng(3);
    const data = binaryData(9, 5, rng);
    const start = initialParameters(options.network, rng);
    const engines = [new ReferenceEngine(options), new WasmEngine(options)];
    for (const engine of engines) {
      engine.setParameters(start);
      engine.setData(data, data);
      for (const lr of [0.01, 0.05, 0.002]) {
        engine.learningRate = lr;
        engine.trainEpoch(null);
      }
    }
    expect(engines[1].learningRate).toBe(0.002);
    const [expected, actual] = engines.map((engine) => engine.getParameters());
    for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(PARAM_TOLERANCE);
  });
});

describe('WasmEngine parameters', () => {
  const options: EngineOptions = { network: network([5, 3, 2, 3, 5], 'sigmoid', 'sigmoid', 'bce'), optimizer: { name: 'adam', lr: 0.01 }, batchSize: 3, rows: 7 };

  it('round-trips float32 parameters exactly through the padded layout', () => {
    const engine = new WasmEngine(options);
    const params = Float64Array.from(initialParameters(options.network, new Rng(5)), Math.fround);
    engine.setParameters(params);
    expect(engine.getParameters()).toEqual(params);
  });

  it('rejects a parameter vector of the wrong length', () => {
    expect(() => new WasmEngine(options).setParameters(new Float64Array(3))).toThrow('the network has 55 parameters, got 3');
  });
});

describe('WasmEngine input checks', () => {
  const options: EngineOptions = { network: network([4, 2, 4], 'tanh', 'tanh', 'mse'), optimizer: { name: 'gd', lr: 0.1 }, batchSize: 2, rows: 3 };

  it('rejects bad options', () => {
    expect(() => new WasmEngine({ ...options, batchSize: 0 })).toThrow('batch size must be a positive integer, got 0');
    expect(() => new WasmEngine({ ...options, network: { ...options.network, loss: 'bce' } })).toThrow('loss "bce" needs output activation "sigmoid"');
  });

  it('rejects data of the wrong shape or with NaN', () => {
    const engine = new WasmEngine(options);
    expect(() => engine.setData(new Matrix(3, 5), new Matrix(3, 4))).toThrow('inputs must be 3x4, got 3x5');
    expect(() => engine.setData(new Matrix(3, 4), new Matrix(2, 4))).toThrow('targets must be 3x4, got 2x4');
    const nan = new Matrix(3, 4);
    nan.set(1, 2, NaN);
    expect(() => engine.setData(nan, new Matrix(3, 4))).toThrow('inputs has a non-finite value (NaN) at row 1, column 2');
  });

  it('refuses data that cannot fit in wasm memory, before allocating it', () => {
    const wide = { ...options, network: network([784, 64, 784], 'tanh', 'tanh', 'mse'), rows: 2_000_000 };
    expect(() => new WasmEngine(wide)).toThrow('2000000 rows of data need 11981 MB, more than the 4096 MB wasm memory holds: use fewer rows');
  });

  it('rejects an order that is not a list of the row indices', () => {
    const engine = new WasmEngine(options);
    engine.setData(new Matrix(3, 4), new Matrix(3, 4));
    expect(() => engine.trainEpoch(Uint32Array.of(0, 1))).toThrow('order must list 3 rows, got 2');
    expect(() => engine.trainEpoch(Uint32Array.of(0, 3, 1))).toThrow('order[1] = 3 is not a row index below 3');
  });
});
