import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { datasetIdentity } from '../../src/data/dataset-identity.js';
import { fontTable } from '../../src/data/font.js';
import { parseDataset } from '../../src/data/dataset-file.js';
import { parseModelFile } from '../../src/models/checkpoint.js';
import { preset } from '../../src/runs/kinds.js';
import { Run } from '../../src/runs/run.js';
import { readFileSync } from 'node:fs';

const font = fontTable(3);
const emoji = parseDataset(readFileSync(new URL('../../data/emoji-4.json', import.meta.url), 'utf8')).dataset;

/** A preset's spec with other epochs (and any training setting). */
function specOf(name: string, training: Record<string, unknown>): Record<string, unknown> {
  const { spec } = preset(name);
  return { ...spec, training: { ...spec.training, ...training } };
}

function started(name: string, dataset: Dataset, training: Record<string, unknown>): Run {
  return Run.start(preset(name).kind, specOf(name, training), dataset, datasetIdentity(dataset, preset(name).spec.data.dataset));
}

/** The tensors and the training state of a model file, which must match bit for bit. */
function saved(run: Run): { tensors: unknown; training: unknown } {
  const { tensors, training } = JSON.parse(run.modelFile()) as { tensors: unknown; training: unknown };
  return { tensors, training };
}

describe('a run continued from its model file', () => {
  it.each([
    // The plain autoencoder, planned for 150 epochs, extended to 300 (the study's ae-font setting, fewer epochs).
    { name: 'ae-font', dataset: font, planned: 150, stop: 150, total: 300, training: { batchSize: 8 } },
    // A denoiser with 16 noise copies in mini-batches (the row order spans the copies), a range of flip counts, a cosine schedule: stopped at 40 of 100.
    { name: 'dae-font-best', dataset: font, planned: 100, stop: 40, total: 100, training: { batchSize: 64 } },
    // The curriculum's stage changes after the stop (stage 1 ends at epoch 3000 in the preset; here at 30).
    { name: 'dae-font-best-0.2', dataset: font, planned: 60, stop: 20, total: 60, training: {} },
    // A VAE in mini-batches: 20 of 40, continued to 60.
    { name: 'vae-emoji', dataset: emoji, planned: 40, stop: 20, total: 60, training: { batchSize: 2 } },
  ])('ends bit for bit where an uninterrupted run ends: $name, stopped at $stop of $planned, continued to $total', ({ name, dataset, planned, stop, total, training }) => {
    const { spec } = preset(name);
    const curriculum = 'noise' in spec && name === 'dae-font-best-0.2' ? { noise: { ...(spec.noise as object), curriculum: [{ epochs: 30, level: 0.1 }] } } : {};
    const start = (epochs: number) => Run.start(preset(name).kind, { ...specOf(name, { ...training, epochs }), ...curriculum }, dataset, datasetIdentity(dataset, 'test'));
    const straight = start(total);
    straight.train();
    const first = start(planned);
    first.train(stop);
    expect(first.epochsDone).toBe(stop);
    const continued = Run.resume(parseModelFile(first.modelFile()), dataset, total);
    expect(continued.epochsDone).toBe(stop);
    continued.train();
    expect(continued.epochsDone).toBe(total);
    expect(saved(continued)).toEqual(saved(straight));
    expect(continued.result().lossHistory).toEqual(straight.result().lossHistory);
  });

  it('keeps a run that its stop rule ended finished, and refuses fewer epochs than done', () => {
    const run = started('ae-font-best', font, { epochs: 400 });
    run.train();
    expect(run.result().stoppedEarly).toBe(true);
    const again = Run.resume(parseModelFile(run.modelFile()), font);
    expect(again.finished).toBe(true);
    expect(again.train()).toBe(0);
    expect(() => Run.resume(parseModelFile(run.modelFile()), font, run.epochsDone - 1)).toThrow(`the run has trained ${run.epochsDone} epochs already; --epochs ${run.epochsDone - 1} would be fewer`);
  });

  it('refuses a model file without a training state', () => {
    const text = started('ae-font', font, { epochs: 5 }).modelFile();
    const file = parseModelFile(text);
    expect(() => Run.resume({ ...file, training: undefined }, font)).toThrow('this model file holds no training state');
  });
});

describe('a result document', () => {
  it('measures the run on its data, with the identity of the data', () => {
    const run = started('ae-font-best', font, {});
    run.train();
    const result = run.result();
    expect('wrongPixels' in result && result.wrongPixels).toBe(0);
    expect(result.dataset.rows).toBe(32);
    expect(result.dataset.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.lossHistory).toHaveLength(result.epochs);
  });
});
