import { describe, expect, it } from 'vitest';
import { datasetIdentity } from '../../src/data/dataset-identity.js';
import { fontTable } from '../../src/data/font.js';
import { autoencoderKind, denoisingProtocol, denoisingTest, type AutoencoderResult } from '../../src/runs/autoencoder/kind.js';
import { parseAutoencoderRun, type AutoencoderRunSpec } from '../../src/runs/autoencoder/spec.js';
import { autoencoderPresets } from '../../src/runs/autoencoder/presets.js';
import { Run } from '../../src/runs/run.js';
import { learningRateSchedule } from '../../src/nn/lr-schedules.js';

const font = fontTable(3);
const autoencoderPreset = (name: string) => structuredClone(autoencoderPresets[name]);

/** Trains a spec on the font to the end and measures it, as a trial does. */
function runAutoencoder(spec: AutoencoderRunSpec): { result: AutoencoderResult; run: Run } {
  const run = Run.start(autoencoderKind, spec, font, datasetIdentity(font, 'font-3'));
  run.train();
  return { result: run.result() as AutoencoderResult, run };
}

function withoutTimes(result: object): object {
  return { ...result, trainSeconds: 0 };
}

describe('denoising presets and specs', () => {
  it('dae-font is the study\'s setting at p = 0.1 and 0.2', () => {
    const low = autoencoderPreset('dae-font');
    expect(low.model).toMatchObject({ encoder: [32, 8], latent: 2, decoder: [8, 32], activation: 'tanh', loss: 'mse' });
    expect(low.training).toMatchObject({ epochs: 11500, optimizer: { name: 'adam', lr: 0.001 } });
    expect(low.noise).toEqual({ name: 'flip-count', level: 0.1 });
    const high = autoencoderPreset('dae-font-0.2');
    expect(high.training.epochs).toBe(13000);
    expect(high.noise).toEqual({ name: 'flip-count', level: 0.2 });
    expect(high.model).toEqual(low.model);
  });

  it('names each bad field of the noise, the schedule and the evaluation', () => {
    const spec = autoencoderPreset('dae-font-best-0.2') as unknown as Record<string, Record<string, unknown>>;
    spec.noise.curriculum = [{ epochs: 100, level: 1.5 }];
    spec.training.lrSchedule = { name: 'step' };
    let message = '';
    try {
      parseAutoencoderRun(spec);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('flip-count p must be in [0, 1], got 1.5');
    expect(message).toContain('noise.curriculum[0].level');
    expect(message).toContain('training.lrSchedule.name');
    const plain = { ...autoencoderPreset('ae-font'), evaluation: { copies: 5 } };
    expect(() => parseAutoencoderRun(plain)).toThrow('an evaluation needs a test noise');
  });

  it('tests with the training noise\'s final level unless told otherwise', () => {
    expect(denoisingProtocol(parseAutoencoderRun(autoencoderPreset('dae-font-best-0.2')))).toEqual({
      noise: { name: 'flip-count', level: 0.2 },
      copies: 10,
      seed: 1000,
    });
    const spec = parseAutoencoderRun({ ...autoencoderPreset('ae-font'), evaluation: { noise: { name: 'salt-pepper', level: 0.1 }, seed: 3 } });
    expect(denoisingProtocol(spec)).toEqual({ noise: { name: 'salt-pepper', level: 0.1 }, copies: 10, seed: 3 });
    expect(denoisingProtocol(parseAutoencoderRun(autoencoderPreset('ae-font')))).toBeUndefined();
  });
});

describe('denoising training through the runner', () => {
  /** dae-font-best made small enough for a unit test: 35-64-32-2-32-64-35, 4 noisy copies per epoch. */
  const small = (epochs: number): AutoencoderRunSpec => {
    const spec = autoencoderPreset('dae-font-best');
    Object.assign(spec.model, { encoder: [64, 32], decoder: [32, 64] });
    spec.training.epochs = epochs;
    spec.noise!.copies = 4;
    return parseAutoencoderRun(spec);
  };

  it('learns to denoise in 1500 epochs, measured next to the reference on the same inputs', () => {
    const { result } = runAutoencoder(small(1500));
    // From 96 wrong pixels per 1120 in the noisy inputs to under 15 (2.8 measured for seed 1; 5.4 and 10.1 for seeds 2 and 3).
    expect(result.denoising!.inputWrongPixels.mean).toBe(96);
    expect(result.noisyWrongPixels!.mean).toBeLessThan(15);
    expect(result.referenceWrongPixels!.mean).toBeCloseTo(0.8, 10);
    expect(result.cleanWrongPixels).toBe(result.wrongPixels);
    expect(result.denoising).toMatchObject({ noise: 'flip-count:0.1', copies: 10, seed: 1000, pixelsPerCopy: 1120 });
  });

  it('trains and tests the same for the same seed', () => {
    const first = runAutoencoder(small(50)).result;
    expect(withoutTimes(runAutoencoder(small(50)).result)).toEqual(withoutTimes(first));
  });

  it('a plain autoencoder has no denoising figures', () => {
    const spec = autoencoderPreset('ae-font');
    spec.training.epochs = 20;
    const { result, run } = runAutoencoder(spec);
    expect(denoisingTest(autoencoderKind.modelOf(run.model), font, autoencoderKind.parseSpec(run.spec))).toBeUndefined();
    expect(result.noisyWrongPixels).toBeUndefined();
  });
});

describe('learning-rate schedules', () => {
  it('cosine goes from the rate to the final rate along half a cosine', () => {
    const lr = learningRateSchedule({ name: 'cosine', final: 0.001 }, 0.003, 101);
    expect(lr(1)).toBeCloseTo(0.003, 15);
    expect(lr(51)).toBeCloseTo(0.002, 15);
    expect(lr(101)).toBeCloseTo(0.001, 15);
    expect(lr(26)).toBeCloseTo(0.001 + 0.002 * (1 + Math.cos(Math.PI / 4)) / 2, 15);
    expect(learningRateSchedule({ name: 'constant' }, 0.01, 10)(7)).toBe(0.01);
    expect(() => learningRateSchedule({ name: 'cosine', final: 0.1 }, 0.01, 10)).toThrow("a cosine schedule's final rate must be in [0, 0.01], got 0.1");
  });
});
