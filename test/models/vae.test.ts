import { describe, expect, it } from 'vitest';
import { Autoencoder } from '../../src/models/autoencoder/autoencoder.js';
import { parseModelFile, serializeModelFile } from '../../src/models/checkpoint.js';
import { fitVae, VaeTrainer, type NormalSource } from '../../src/models/vae/trainer.js';
import { gaussianKL, Vae, type VaeSpec } from '../../src/models/vae/vae.js';
import type { DataIdentity } from '../../src/data/dataset-identity.js';
import { forward } from '../../src/nn/network.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

const spec: VaeSpec = {
  encoder: [5],
  latent: 2,
  decoder: [4],
  activation: 'tanh',
  initializer: 'glorot-uniform',
  reconstruction: 'bce',
  beta: 0.7,
  betaWarmupEpochs: 0,
};

function randomImages(rows: number, cols: number, rng: Rng): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform();
  return m;
}

/** The same noise every time: the eps of a fixed draw, replayed. */
function replay(values: number[]): NormalSource {
  let i = 0;
  return { normal: () => values[i++ % values.length] };
}

/** One full-batch loss evaluation of the whole VAE objective, and its gradient read off a plain gradient step of rate 1. */
function lossAndGradient(model: Vae, inputs: Matrix, eps: number[]): { loss: number; gradient: number[] } {
  const trainer = new VaeTrainer(model, { engine: 'reference', optimizer: { name: 'gd', lr: 1 }, batchSize: inputs.rows, rows: inputs.rows, noise: replay(eps) });
  trainer.setData(inputs, inputs);
  const loss = trainer.trainEpoch(null, 1);
  const stepped = new Vae(model.spec, model.inputSize, model.encoderParameters.slice(), model.decoderParameters.slice());
  trainer.copyParametersTo(stepped);
  const before = [...model.encoderParameters, ...model.decoderParameters];
  const after = [...stepped.encoderParameters, ...stepped.decoderParameters];
  return { loss, gradient: before.map((p, i) => p - after[i]) };
}

describe('the VAE loss gradient against finite differences (fixed eps)', () => {
  it.each(['bce', 'mse'] as const)('reconstruction %s + 0.7 KL, every encoder and decoder parameter', (reconstruction) => {
    const rng = new Rng(3);
    const model = Vae.create({ ...spec, reconstruction }, 6, rng);
    for (const params of [model.encoderParameters, model.decoderParameters]) for (let i = 0; i < params.length; i++) params[i] += rng.between(-0.3, 0.3);
    const inputs = randomImages(3, 6, rng);
    const eps = Array.from({ length: 3 * 2 }, () => rng.normal());
    const { gradient } = lossAndGradient(model, inputs, eps);
    const h = 1e-6;
    let worst = 0;
    gradient.forEach((analytic, i) => {
      const params = i < model.encoderParameters.length ? model.encoderParameters : model.decoderParameters;
      const j = i < model.encoderParameters.length ? i : i - model.encoderParameters.length;
      const saved = params[j];
      params[j] = saved + h;
      const up = lossAndGradient(model, inputs, eps).loss;
      params[j] = saved - h;
      const down = lossAndGradient(model, inputs, eps).loss;
      params[j] = saved;
      const numeric = (up - down) / (2 * h);
      worst = Math.max(worst, Math.abs(analytic - numeric) / Math.max(1e-4, Math.abs(analytic) + Math.abs(numeric)));
    });
    expect(gradient.length).toBe(6 * 5 + 5 + 5 * 4 + 4 + 2 * 4 + 4 + 4 * 6 + 6);
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('the KL term', () => {
  it('is the closed form: 0 for the prior itself, m^2 / 2 per shifted dimension', () => {
    expect(gaussianKL([0, 0], [0, 0])).toBeCloseTo(0, 15);
    expect(gaussianKL([1, -2], [0, 0])).toBeCloseTo(0.5 + 2, 14);
    // One dimension with variance e^-2: -1/2 (1 - 2 - 0 - e^-2) = (1 + e^-2) / 2.
    expect(gaussianKL([0], [-2])).toBeCloseTo((1 + Math.exp(-2)) / 2, 14);
  });

  it('matches a Monte Carlo estimate of E_q[log q(z) - log p(z)]', () => {
    const rng = new Rng(9);
    for (const [mean, logVariance] of [[[0.5, -1.2], [-1, 0.4]], [[2, 0], [-3, -0.5]]]) {
      const samples = 200_000;
      let sum = 0;
      for (let s = 0; s < samples; s++) {
        for (let j = 0; j < 2; j++) {
          const eps = rng.normal();
          const z = mean[j] + Math.exp(logVariance[j] / 2) * eps;
          // log q(z) - log p(z) for one dimension (the 2 pi terms cancel).
          sum += -logVariance[j] / 2 - (eps * eps) / 2 + (z * z) / 2;
        }
      }
      expect(sum / samples).toBeCloseTo(gaussianKL(mean, logVariance), 2);
    }
  });

  it('is what training reports for the epoch, from the encoder before the step', () => {
    const rng = new Rng(4);
    const model = Vae.create(spec, 6, rng);
    const inputs = randomImages(4, 6, rng);
    // The reference engine trains in float64: its encoder's heads are the float64 forward pass.
    const heads = forward(model.encoderNetwork, model.encoderParameters, inputs);
    const { latent } = spec;
    const expected = Array.from({ length: 4 }, (_, r) => gaussianKL(heads.row(r).subarray(0, latent), heads.row(r).subarray(latent))).reduce((a, b) => a + b) / 4;
    const trainer = new VaeTrainer(model, { engine: 'reference', optimizer: { name: 'adam', lr: 0.01 }, batchSize: 4, rows: 4, noise: rng });
    trainer.setData(inputs, inputs);
    const loss = trainer.trainEpoch(null, 1);
    expect(trainer.lastKL).toBeCloseTo(expected, 12);
    expect(loss).toBeCloseTo(trainer.lastReconstruction + 0.7 * expected, 12);
  });
});

describe('training', () => {
  const inputs = randomImages(6, 8, new Rng(2)).data.map((v) => (v > 0.5 ? 1 : 0));
  const data = new Matrix(6, 8, inputs);

  it('warms beta up linearly and records the loss and both terms per epoch', () => {
    const model = Vae.create({ ...spec, beta: 1, betaWarmupEpochs: 4 }, 8, new Rng(1));
    const betas: number[] = [];
    const result = fitVae(model, data, { epochs: 6, optimizer: { name: 'adam', lr: 0.01 }, engine: 'reference', rng: new Rng(1), onEpoch: (r) => betas.push(r.beta) });
    expect(betas).toEqual([0.25, 0.5, 0.75, 1, 1, 1]);
    result.losses.forEach((loss, e) => expect(loss).toBeCloseTo(result.terms.reconstruction[e] + betas[e] * result.terms.kl[e], 10));
  });

  it('lowers the loss, and the wasm stacks train the same numbers as the reference up to float32 rounding', () => {
    const fitWith = (engine: 'reference' | 'wasm') => {
      const model = Vae.create(spec, 8, new Rng(5));
      return { model, result: fitVae(model, data, { epochs: 300, batchSize: 4, optimizer: { name: 'adam', lr: 0.01 }, engine, rng: new Rng(5) }) };
    };
    const reference = fitWith('reference');
    const wasm = fitWith('wasm');
    const { losses } = reference.result;
    expect(losses[299]).toBeLessThan(0.8 * losses[0]);
    for (const e of [0, 10, 299]) expect(Math.abs(wasm.result.losses[e] - losses[e])).toBeLessThan(1e-3 * losses[e]);
    reference.model.decoderParameters.forEach((p, i) => expect(Math.abs(wasm.model.decoderParameters[i] - p)).toBeLessThan(1e-3));
  });

  it('refuses targets that are not its inputs', () => {
    const trainer = new VaeTrainer(Vae.create(spec, 8, new Rng(1)), { engine: 'reference', optimizer: { name: 'gd', lr: 1 }, batchSize: 6, rows: 6, noise: new Rng(1) });
    expect(() => trainer.setData(data, data.clone())).toThrow('a VAE reconstructs its inputs');
  });
});

describe('inference', () => {
  const model = Vae.create(spec, 6, new Rng(8));
  const x = randomImages(3, 6, new Rng(1));

  it('encodes to a mean and a log-variance per latent dimension and decodes to pixels in (0, 1)', () => {
    const { mean, logVariance } = model.encodeDistribution(x);
    expect([mean.rows, mean.cols, logVariance.rows, logVariance.cols]).toEqual([3, 2, 3, 2]);
    const decoded = model.decode(mean);
    expect(decoded.data).toEqual(model.reconstruct(x).data);
    for (const v of decoded.data) expect(v > 0 && v < 1).toBe(true);
    const samples = model.sample(5, new Rng(1));
    expect([samples.rows, samples.cols]).toEqual([5, 6]);
    expect(model.sample(5, new Rng(1)).data).toEqual(samples.data);
  });

  it('refuses a bad spec with a message naming the field', () => {
    expect(() => Vae.create({ ...spec, beta: -1 }, 6, new Rng(1))).toThrow('beta must be a finite number >= 0, got -1');
    expect(() => Vae.create({ ...spec, betaWarmupEpochs: 1.5 }, 6, new Rng(1))).toThrow('betaWarmupEpochs must be a whole number >= 0');
    expect(() => Vae.create({ ...spec, latent: 0 }, 6, new Rng(1))).toThrow('must be a positive integer, got 0');
  });
});

describe('VAE model files', () => {
  const model = Vae.create(spec, 6, new Rng(5));
  const data: DataIdentity = { name: 'tiny', source: 'tiny.json', rows: 2, width: 3, height: 2, labels: ['a', 'b'], mode: 'luminance', hash: 'sha256:00' };
  const saved = (vae: Vae) => serializeModelFile({ kind: 'vae', model: vae, version: 2, spec: { model: vae.spec }, data });

  it('round-trip every parameter and decode the same', () => {
    const loaded = parseModelFile(saved(model));
    if (loaded.kind !== 'vae') throw new Error('expected a vae');
    expect(Array.from(loaded.model.encoderParameters)).toEqual(Array.from(model.encoderParameters));
    expect(Array.from(loaded.model.decoderParameters)).toEqual(Array.from(model.decoderParameters));
    expect(loaded.model.spec).toEqual(spec);
    expect(loaded.data).toEqual(data);
    const codes = Matrix.fromRows([[0.3, -1]]);
    expect(loaded.model.decode(codes).data).toEqual(model.decode(codes).data);
  });

  it('tell the two kinds apart and say what is wrong', () => {
    const ae = Autoencoder.create({ encoder: [3], latent: 2, decoder: [3], activation: 'tanh', latentActivation: 'identity', outputActivation: 'sigmoid', loss: 'bce', initializer: 'glorot-uniform' }, 6, new Rng(1));
    expect(parseModelFile(serializeModelFile({ kind: 'autoencoder', model: ae, version: 2, spec: { model: ae.spec }, data })).kind).toBe('autoencoder');
    expect(parseModelFile(saved(model)).kind).toBe('vae');
    const json = JSON.parse(saved(model)) as { tensors: Record<string, { shape: number[] }>; kind: string; spec: { model: VaeSpec } };
    expect(() => parseModelFile(JSON.stringify({ ...json, kind: 'gan' }))).toThrow(/expected one of "autoencoder"\|"vae"\s+→ at kind/);
    expect(() => parseModelFile(JSON.stringify({ ...json, spec: { model: { ...json.spec.model, reconstruction: 'l1' } } }))).toThrow(/spec\.model: .*reconstruction/s);
    json.tensors['encoder.1.bias'].shape = [3];
    expect(() => parseModelFile(JSON.stringify(json))).toThrow(/tensor "encoder.1.bias"/);
  });
});
