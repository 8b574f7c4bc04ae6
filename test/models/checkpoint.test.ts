import { describe, expect, it } from 'vitest';
import { Autoencoder, type AutoencoderSpec } from '../../src/models/autoencoder.js';
import { parseAutoencoder, serializeAutoencoder } from '../../src/models/checkpoint.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

const spec: AutoencoderSpec = {
  encoder: [4],
  latent: 2,
  decoder: [4],
  activation: 'tanh',
  latentActivation: 'identity',
  outputActivation: 'sigmoid',
  loss: 'bce',
  initializer: 'glorot-uniform',
};
const data = { name: 'tiny', width: 3, height: 2, labels: ['a', 'b'] };

function saved(): Record<string, unknown> {
  return JSON.parse(serializeAutoencoder(Autoencoder.create(spec, 6, new Rng(5)), data)) as Record<string, unknown>;
}

describe('model files', () => {
  it('round-trip every parameter exactly and decode the same', () => {
    const model = Autoencoder.create(spec, 6, new Rng(5));
    const { model: loaded, data: info } = parseAutoencoder(serializeAutoencoder(model, data));
    expect(Array.from(loaded.parameters)).toEqual(Array.from(model.parameters));
    expect(loaded.spec).toEqual(spec);
    expect(info).toEqual(data);
    const x = Matrix.fromRows([[1, 0, 1, 0, 1, 1]]);
    expect(loaded.reconstruct(x).data).toEqual(model.reconstruct(x).data);
  });

  it('say what is wrong with a bad file', () => {
    expect(() => parseAutoencoder('{"format": "latentlab-model", ')).toThrow(/bad model file: not valid JSON/);
    expect(() => parseAutoencoder('{"hello": 1}')).toThrow('not a latentlab model file');
    expect(() => parseAutoencoder(JSON.stringify({ ...saved(), version: 99 }))).toThrow('unsupported version 99');
    const short = saved();
    short.parameters = (short.parameters as number[]).slice(1);
    expect(() => parseAutoencoder(JSON.stringify(short))).toThrow(/has \d+ parameters, got \d+/);
    const nan = JSON.stringify(saved()).replace(/"parameters":\[[^,]+/, '"parameters":[null');
    expect(() => parseAutoencoder(nan)).toThrow(/parameters\[0\]/);
    expect(() => parseAutoencoder(JSON.stringify({ ...saved(), spec: { ...spec, activation: 'swish' } }))).toThrow(/spec\.activation/);
    expect(() => parseAutoencoder(JSON.stringify({ ...saved(), inputSize: 7 }))).toThrow('do not match an input size of 7');
  });
});

describe('autoencoder', () => {
  it('encodes to the latent width and decodes back to the input width', () => {
    const model = Autoencoder.create(spec, 6, new Rng(1));
    const x = Matrix.fromRows([[1, 0, 1, 0, 1, 1], [0, 0, 1, 1, 0, 0]]);
    const codes = model.encode(x);
    expect([codes.rows, codes.cols]).toEqual([2, 2]);
    expect(model.decode(codes).data).toEqual(model.reconstruct(x).data);
  });

  it('refuses a latent width of 0 and bce without a sigmoid output', () => {
    expect(() => Autoencoder.create({ ...spec, latent: 0 }, 6, new Rng(1))).toThrow('layer width 2 must be a positive integer, got 0');
    expect(() => Autoencoder.create({ ...spec, outputActivation: 'tanh' }, 6, new Rng(1))).toThrow('loss "bce" needs output activation "sigmoid"');
  });
});
