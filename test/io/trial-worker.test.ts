import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runTasks } from '../../src/io/trial-pool.js';
import { runTrial, type TrialOutcome, type TrialTask } from '../../src/io/trial-worker.js';
import { parseModelFile } from '../../src/models/checkpoint.js';
import { autoencoderPresets } from '../../src/runs/autoencoder/presets.js';
import type { RunSpec } from '../../src/runs/spec.js';
import { vaePresets } from '../../src/runs/vae/presets.js';

const folder = mkdtempSync(join(tmpdir(), 'latentlab-trial-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
const newFile = (): string => join(folder, `model-${++files}.json`);

/** A small denoising autoencoder: 2 noisy copies of every glyph drawn every epoch, a cosine schedule. */
function daeSpec(): RunSpec {
  const spec = structuredClone(autoencoderPresets['dae-font-best']);
  Object.assign(spec.model, { encoder: [16, 8], decoder: [8, 16] });
  Object.assign(spec.training, { epochs: 120, seed: 3 });
  spec.noise!.copies = 2;
  return spec;
}

/** A small VAE on emoji-8: the reparameterization draws from the Rng, batches of 4 are shuffled. */
function vaeSpec(): RunSpec {
  const spec = structuredClone(vaePresets['vae-emoji']);
  Object.assign(spec.model, { encoder: [16], decoder: [16] });
  Object.assign(spec.training, { epochs: 60, batchSize: 4, seed: 2 });
  return spec;
}

class Killed extends Error {}

/** Runs a task until its checkpoint of `epochs` epochs is written, then stops it as a kill would: only that checkpoint is left. */
function killedAfter(task: TrialTask, epochs: number): void {
  expect(() =>
    runTrial(task, {
      onCheckpoint(done) {
        if (done >= epochs) throw new Killed();
      },
    }),
  ).toThrow(Killed);
}

/** Runs a task to its end, noting the epochs of the checkpoints it writes. */
function finish(task: TrialTask): { outcome: TrialOutcome; checkpoints: number[] } {
  const checkpoints: number[] = [];
  const outcome = runTrial(task, { onCheckpoint: (done) => checkpoints.push(done) });
  return { outcome, checkpoints };
}

function withoutTime(outcome: TrialOutcome): unknown {
  if (outcome.status !== 'finished') return outcome;
  return { ...outcome.result, trainSeconds: 0 };
}

describe('a trial', () => {
  it.each([
    ['a denoising autoencoder', 'autoencoder', daeSpec, 120],
    ['a VAE', 'vae', vaeSpec, 60],
  ] as const)('of %s killed mid-way goes on from its checkpoint and ends bit for bit as if never stopped', (_name, kind, spec, epochs) => {
    const whole = newFile();
    const uninterrupted = finish({ kind, spec: spec(), modelFile: whole });
    expect(uninterrupted.checkpoints).toEqual([]); // a short trial writes no checkpoint by default, only the finished model

    const file = newFile();
    const task: TrialTask = { kind, spec: spec(), modelFile: file, checkpointEvery: 20 };
    killedAfter(task, 40);
    const saved = parseModelFile(readFileSync(file, 'utf8'));
    expect(saved.training?.epochsDone).toBe(40);

    const resumed = finish(task);
    // It went on from epoch 40: its first checkpoint is at 60 (a run started again would write one at 20).
    expect(resumed.checkpoints).toEqual(Array.from({ length: (epochs - 60) / 20 }, (_, i) => 60 + 20 * i));
    expect(resumed.outcome).toMatchObject({ status: 'finished', modelFile: file });
    // The same model file, byte for byte: tensors, optimizer state, Rng and noise state, loss history.
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(whole, 'utf8'));
    expect(withoutTime(resumed.outcome)).toEqual(withoutTime(uninterrupted.outcome));
    // And as trained in one go, keeping no file: slices and checkpoints change no number.
    expect(withoutTime(runTrial({ kind, spec: spec() }))).toEqual(withoutTime(uninterrupted.outcome));
    expect(parseModelFile(readFileSync(file, 'utf8')).training?.epochsDone).toBe(epochs);
  });

  it('without an interval, writes a checkpoint after every few seconds of training', () => {
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000)); // every look at the clock: a second later
    try {
      const { checkpoints } = finish({ kind: 'vae', spec: vaeSpec(), modelFile: newFile() });
      expect(checkpoints.length).toBeGreaterThan(1);
      expect(checkpoints.every((epochs, i) => epochs < 60 && (i === 0 || epochs > checkpoints[i - 1]))).toBe(true);
    } finally {
      clock.mockRestore();
    }
  });

  it('starts afresh over a model file of another spec, a finished one, or one it cannot read', () => {
    const file = newFile();
    killedAfter({ kind: 'autoencoder', spec: { ...daeSpec(), training: { ...daeSpec().training, seed: 4 } }, modelFile: file, checkpointEvery: 20 }, 40);
    const task: TrialTask = { kind: 'autoencoder', spec: daeSpec(), modelFile: file, checkpointEvery: 50 };
    expect(finish(task).checkpoints).toEqual([50, 100]); // another seed's checkpoint: not continued
    expect(finish(task).checkpoints).toEqual([50, 100]); // a finished run of this spec: trained again, not measured from the file
    writeFileSync(file, '{"format": "latentlab-model", "version": 2');
    expect(finish(task).checkpoints).toEqual([50, 100]);
  });

  it('that diverges is an outcome, and leaves no model file behind', () => {
    const file = newFile();
    const spec = daeSpec();
    Object.assign(spec.model, { activation: 'relu', latentActivation: 'identity', outputActivation: 'identity', loss: 'mse' });
    Object.assign(spec.training, { optimizer: { name: 'gd', lr: 1e3 }, lrSchedule: undefined });
    const outcome = runTrial({ kind: 'autoencoder', spec, modelFile: file, checkpointEvery: 1 });
    expect(outcome).toMatchObject({ status: 'diverged', message: expect.stringMatching(/training diverged at epoch \d+/) });
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a bad checkpoint interval and names a bad spec field', () => {
    expect(() => runTrial({ kind: 'autoencoder', spec: daeSpec(), checkpointEvery: 0 })).toThrow('checkpointEvery must be a positive whole number of epochs, got 0');
    expect(() => runTrial({ kind: 'gan', spec: daeSpec() })).toThrow('unknown model kind "gan"');
    expect(() => runTrial({ kind: 'vae', spec: daeSpec() })).toThrow(/invalid spec[\s\S]*noise/);
  });
});

describe('the trial pool', () => {
  it('runs the tasks inline with one thread, in order, each keeping its model file', async () => {
    const tasks: TrialTask[] = [1, 2].map((seed) => ({ kind: 'vae', spec: { ...vaeSpec(), training: { ...vaeSpec().training, epochs: 10, seed } }, modelFile: newFile() }));
    const events: string[] = [];
    const outcomes: TrialOutcome[] = [];
    await runTasks(tasks, 1, { onStart: (i) => events.push(`start ${i}`), onDone: (i, outcome) => (events.push(`done ${i}`), (outcomes[i] = outcome)) });
    expect(events).toEqual(['start 0', 'done 0', 'start 1', 'done 1']);
    tasks.forEach((task, i) => {
      expect(outcomes[i]).toMatchObject({ status: 'finished', modelFile: task.modelFile, result: { seed: i + 1, epochs: 10 } });
      expect(parseModelFile(readFileSync(task.modelFile!, 'utf8')).training?.epochsDone).toBe(10);
    });
    await expect(runTasks(tasks, 0, { onDone: () => {} })).rejects.toThrow('threads must be a positive integer, got 0');
  });
});
