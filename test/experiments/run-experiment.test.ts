import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../../src/experiments/experiment-spec.js';
import type { ResultDocument } from '../../src/runs/result-document.js';
import { loadExperimentResults, runExperiment, trialDir, trialTask, type TrialDocument } from '../../src/experiments/run-experiment.js';
import { expandExperiment } from '../../src/experiments/experiment-spec.js';
import { runTrial } from '../../src/io/trial-worker.js';

const experiment = parseExperiment({
  name: 'determinism',
  title: 'same spec and seed, same result',
  kind: 'autoencoder',
  preset: 'ae-font',
  base: { training: { epochs: 300, optimizer: { name: 'adam', lr: 0.01 } } },
  axes: [{ name: 'width', paths: ['model.encoder', 'model.decoder'], values: [[6], [12]] }],
  seeds: [1, 2],
  evaluation: { newGlyphs: { gridSize: 21 } },
});

type Finished = TrialDocument & { status: 'finished'; lossHistory: number[] };

/** A result document without what may differ between two identical runs: the timing. */
function withoutTimes(document: ResultDocument): unknown {
  const copy = JSON.parse(JSON.stringify(document).replaceAll(/"model":"[^"]*model\.json"/g, '"model":"<file>"')) as Record<string, unknown>;
  delete copy.trainSeconds;
  return copy;
}

describe('the experiment runner', () => {
  it('writes one result JSON and model per run; the same spec and seed give the same result apart from times', async () => {
    const [first, second] = [mkdtempSync(join(tmpdir(), 'latentlab-run-')), mkdtempSync(join(tmpdir(), 'latentlab-run-'))];
    const a = await runExperiment(experiment, { outDir: first, quick: false, threads: 1 });
    const b = await runExperiment(experiment, { outDir: second, quick: false, threads: 1 });
    expect(a).toHaveLength(4);
    expect(a.map(withoutTimes)).toEqual(b.map(withoutTimes));
    for (const [i, trial] of expandExperiment(experiment).entries()) {
      const onDisk = JSON.parse(readFileSync(join(trialDir(first, trial), 'result.json'), 'utf8')) as ResultDocument;
      expect(onDisk).toEqual(a[i]);
      expect(onDisk).toMatchObject({ format: 'latentlab-result', status: 'finished', seed: trial.seed, trial: { key: trial.key, variant: trial.variant.label } });
      expect(JSON.parse(readFileSync(join(trialDir(first, trial), 'model.json'), 'utf8'))).toMatchObject({ format: 'latentlab-model' });
    }
    const finished = a.filter((d) => d.status === 'finished') as (ResultDocument & { lossHistory: number[]; latentCodes: number[][]; newGlyphs: { count: number } })[];
    expect(finished[0].lossHistory).toHaveLength(300);
    expect(finished[0].latentCodes).toHaveLength(32);
    expect(finished[0].newGlyphs.count).toBeGreaterThanOrEqual(0);
    // Different seeds really differ.
    expect(finished[0].lossHistory).not.toEqual(finished[1].lossHistory);
  });

  it('reuses finished runs instead of training them again, and rebuilds from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-run-'));
    await runExperiment(experiment, { outDir: dir, quick: false, threads: 1 });
    const outcomes: string[] = [];
    const again = await runExperiment(experiment, { outDir: dir, quick: false, threads: 1, onTrial: (_done, _total, _trial, outcome) => outcomes.push(outcome === 'reused' ? 'reused' : 'trained') });
    expect(outcomes).toEqual(['reused', 'reused', 'reused', 'reused']);
    expect(loadExperimentResults(experiment, dir, false)).toEqual(again);
    // A result whose model file is gone, or written in an older result format, is made again.
    const [first, second] = expandExperiment(experiment);
    rmSync(join(trialDir(dir, first), 'model.json'));
    const old = join(trialDir(dir, second), 'result.json');
    writeFileSync(old, JSON.stringify({ ...JSON.parse(readFileSync(old, 'utf8')), version: 1 }));
    outcomes.length = 0;
    await runExperiment(experiment, { outDir: dir, quick: false, threads: 1, onTrial: (_done, _total, _trial, outcome) => outcomes.push(outcome === 'reused' ? 'reused' : 'trained') });
    expect(outcomes.sort()).toEqual(['reused', 'reused', 'trained', 'trained']);
    expect(() => loadExperimentResults(experiment, dir, true)).not.toThrow();
    const other = parseExperiment({ ...experiment, seeds: [1, 2, 3] });
    expect(() => loadExperimentResults(other, dir, false)).toThrow('experiment "determinism" has 2 of 6 runs missing or out of date');
  });

  it('a trial stopped mid-way goes on from the checkpoint in its folder and ends with the same model, bit for bit', async () => {
    const single = parseExperiment({ ...experiment, axes: [], seeds: [1] });
    const [whole, stopped] = [mkdtempSync(join(tmpdir(), 'latentlab-run-')), mkdtempSync(join(tmpdir(), 'latentlab-run-'))];
    const [reference] = (await runExperiment(single, { outDir: whole, quick: false, threads: 1 })) as Finished[];
    const [trial] = expandExperiment(single);
    const modelFile = join(trialDir(stopped, trial), 'model.json');
    // The process dies right after the checkpoint of epoch 100: only that checkpoint is in the trial's folder.
    const killAt100 = { onCheckpoint: (done: number) => { if (done === 100) throw new Error('killed'); } };
    expect(() => runTrial({ ...trialTask(stopped, trial), checkpointEvery: 100 }, killAt100)).toThrow('killed');
    // Mark the checkpoint's loss history: a trial that goes on from it keeps the mark, one trained again from zero would not.
    const checkpoint = JSON.parse(readFileSync(modelFile, 'utf8')) as { training: { epochsDone: number; history: { loss: number[] } } };
    expect(checkpoint.training.epochsDone).toBe(100);
    checkpoint.training.history.loss[0] = 12345;
    writeFileSync(modelFile, JSON.stringify(checkpoint));

    const [resumed] = (await runExperiment(single, { outDir: stopped, quick: false, threads: 1 })) as Finished[];
    expect(resumed.lossHistory[0]).toBe(12345);
    expect(resumed.lossHistory.slice(1)).toEqual(reference.lossHistory.slice(1));
    const [done, again] = [whole, stopped].map((dir) => JSON.parse(readFileSync(join(trialDir(dir, trial), 'model.json'), 'utf8')) as { tensors: unknown; training: { history: unknown } });
    expect(again.tensors).toEqual(done.tensors); // every parameter, bit for bit (stored as the bytes of the floats)
    expect({ ...again.training, history: undefined }).toEqual({ ...done.training, history: undefined }); // optimizer, Rng, epochs
    // The model files differ only in the marked loss, so do the hashes the documents name them by.
    expect(withoutTimes({ ...resumed, lossHistory: [], modelHash: undefined })).toEqual(withoutTimes({ ...reference, lossHistory: [], modelHash: undefined }));
    expect(resumed.modelHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(resumed.files.model).toBe(modelFile);
  });

  it('records a diverged run as such', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-run-'));
    const diverging = parseExperiment({ ...experiment, base: { model: { activation: 'relu', latentActivation: 'identity', outputActivation: 'identity' }, training: { epochs: 200, optimizer: { name: 'gd', lr: 1e3 } } }, axes: [], seeds: [1], evaluation: undefined });
    const [document] = await runExperiment(diverging, { outDir: dir, quick: false, threads: 1 });
    expect(document).toMatchObject({ status: 'diverged', diverged: { message: expect.stringMatching(/training diverged at epoch \d+/) } });
  });
});
