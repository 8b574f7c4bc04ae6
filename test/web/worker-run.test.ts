import { describe, expect, it } from 'vitest';
import type { KindModel } from '../../src/models/checkpoint.js';
import { preset } from '../../src/runs/kinds.js';
import { snapshotOf } from '../../web/src/training/model-parameters.js';
import { WorkerRun } from '../../web/src/training/worker-run.js';

// The explorer's worker trains a Run (the CLI's) in slices; a model file it saves mid-run continues bit for bit, there or in the CLI.

const parameters = (model: KindModel) => snapshotOf(model).parameters.map((values) => Array.from(values));

function workerRun(presetName: string, epochs: number, run = 1): WorkerRun {
  const { kind, spec } = preset(presetName);
  spec.training.epochs = epochs;
  return WorkerRun.start({ type: 'start', run, kind: kind.name, spec, speed: null, pauseAt: null });
}

/** Trains to the end in slices of `slice` epochs, collecting the reports' losses. */
function trainAll(run: WorkerRun, slice: number): { losses: number[]; terms: Record<string, number[]> } {
  const losses: number[] = [];
  const terms: Record<string, number[]> = {};
  const take = () => {
    const { report } = run.report();
    losses.push(...report.losses);
    for (const [name, values] of Object.entries(report.terms)) (terms[name] ??= []).push(...values);
  };
  while (!run.run.finished) {
    run.run.train(slice);
    take();
  }
  return { losses, terms };
}

describe("the explorer's worker runs", () => {
  it.each([
    ['ae-font', 400],
    ['ae-font-best', 2000],
    ['dae-font', 150],
    ['vae-emoji', 40],
  ])('%s (%i epochs) trained in slices of 7 equals the run trained in one go, and reports every epoch', (presetName, epochs) => {
    const sliced = workerRun(presetName, epochs);
    const { losses, terms } = trainAll(sliced, 7);
    const whole = workerRun(presetName, epochs);
    whole.run.train();
    const result = whole.run.result();
    expect(losses).toEqual(result.lossHistory);
    expect(parameters(sliced.run.model)).toEqual(parameters(whole.run.model));
    if (presetName === 'vae-emoji') expect(terms.kl).toHaveLength(epochs);
    const { report } = sliced.report();
    expect(report).toMatchObject({ status: 'finished', epoch: result.epochs, stoppedEarly: result.stoppedEarly });
  });

  it.each([
    ['ae-font', 120, 300],
    ['ae-font-best', 40, 2000],
    ['dae-font-best', 20, 45],
    ['vae-emoji', 8, 20],
  ])('%s: a model file saved at epoch %i continues to %i exactly as the uninterrupted run', (presetName, saveAt, total) => {
    // Planned for `total` epochs and saved at `saveAt` (a schedule, dae-font-best's cosine, depends on the total).
    const first = workerRun(presetName, total);
    first.run.train(saveAt);
    const saved = first.run.modelFile();
    const continued = WorkerRun.resume({ type: 'resume', run: 2, modelFile: saved, epochs: total, speed: null });
    expect(continued.report().report.epoch).toBe(saveAt);
    const { losses } = trainAll(continued, 11);
    const whole = workerRun(presetName, total);
    whole.run.train();
    expect(losses).toEqual(whole.run.result().lossHistory.slice(saveAt));
    // The whole state, as its model file holds it: tensors, optimizer, random state, row order, history.
    expect(continued.run.modelFile() === whole.run.modelFile()).toBe(true);
  });

  it('extends a finished run with a constant learning rate to exactly the longer run (ae-font: 200 epochs, then to 500)', () => {
    const first = workerRun('ae-font', 200);
    first.run.train();
    const continued = WorkerRun.resume({ type: 'resume', run: 2, modelFile: first.run.modelFile(), epochs: 500, speed: null });
    continued.run.train();
    const whole = workerRun('ae-font', 500);
    whole.run.train();
    expect(parameters(continued.run.model)).toEqual(parameters(whole.run.model));
  });

  it('refuses to continue a file whose data the page does not have, or a version-1 file', () => {
    const first = workerRun('ae-font', 10);
    first.run.train();
    const file = JSON.parse(first.run.modelFile());
    const elsewhere = JSON.stringify({ ...file, data: { ...file.data, source: '/home/me/font.h', table: 3 } });
    expect(() => WorkerRun.resume({ type: 'resume', run: 2, modelFile: elsewhere, epochs: 20, speed: null })).toThrow('which the page does not have');
    delete file.training;
    expect(() => WorkerRun.resume({ type: 'resume', run: 2, modelFile: JSON.stringify(file), epochs: 20, speed: null })).toThrow('holds no training state');
  });
});
