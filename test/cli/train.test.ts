import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latentlab, refused } from './latentlab.js';

const bin = join(import.meta.dirname, '../../bin/latentlab.js');
const temporary = () => mkdtempSync(join(tmpdir(), 'latentlab-train-'));
const tensorsOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { tensors: unknown }).tensors;
const trainingOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { training: { epochsDone: number } }).training;

/** Runs train in a child process and sends it `signal` once its progress passes `afterEpoch`. */
function interrupted(args: string[], signal: NodeJS.Signals, afterEpoch: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'train', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let sent = false;
    const look = (text: string) => {
      const epochs = [...text.matchAll(/epoch (\d+)\//g)].map((m) => Number(m[1]));
      if (!sent && epochs.some((epoch) => epoch >= afterEpoch)) {
        sent = true;
        child.kill(signal);
      }
    };
    child.stdout.on('data', (chunk: Buffer) => look(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      look(chunk.toString());
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('train, interrupted and continued', () => {
  it('saves a checkpoint on SIGINT, prints how to continue, and --resume ends bit for bit where an uninterrupted run ends', async () => {
    const straight = join(temporary(), 'straight');
    const args = ['--preset', 'dae-font-best', '--epochs', '1200', '--seed', '2'];
    expect(latentlab('train', ...args, '--out', straight, '--json').status).toBe(0);
    const dir = join(temporary(), 'stopped');
    // The progress line comes every tenth of the run: stop somewhere after 240 epochs (where exactly is up to the timing).
    const { code, stderr } = await interrupted([...args, '--out', dir], 'SIGINT', 240);
    expect(code).toBe(130);
    const done = trainingOf(dir).epochsDone;
    expect(stderr).toContain(`Interrupted by SIGINT at epoch ${done} of 1200; the run is saved in ${join(dir, 'model.json')}.`);
    expect(stderr).toContain(`Continue it with: latentlab train --resume ${dir}`);
    expect(done).toBeGreaterThanOrEqual(240);
    expect(done).toBeLessThan(1200);
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
    const resumed = latentlab('train', '--resume', dir, '--json');
    expect(resumed.status).toBe(0);
    expect(tensorsOf(dir)).toEqual(tensorsOf(straight));
    const [a, b] = [straight, dir].map((d) => JSON.parse(readFileSync(join(d, 'result.json'), 'utf8')) as Record<string, unknown>);
    expect(b.lossHistory).toEqual(a.lossHistory);
    expect(b.noisyWrongPixels).toEqual(a.noisyWrongPixels);
  });

  it('keeps a checkpoint every N epochs, so a run killed with SIGKILL continues from the last one', async () => {
    const dir = join(temporary(), 'killed');
    const args = ['--preset', 'vae-emoji', '--data', 'emoji-4', '--epochs', '600', '--checkpoint-every', '50'];
    const { code } = await interrupted([...args, '--out', dir], 'SIGKILL', 300);
    expect(code).toBe(null);
    const done = trainingOf(dir).epochsDone;
    expect(done % 50).toBe(0);
    expect(done).toBeGreaterThanOrEqual(250);
    expect(latentlab('train', '--resume', join(dir, 'model.json'), '--json').status).toBe(0);
    const straight = join(temporary(), 'straight');
    expect(latentlab('train', ...args, '--out', straight, '--json').status).toBe(0);
    expect(tensorsOf(dir)).toEqual(tensorsOf(straight));
  });

  it('extends a finished run with --epochs, and says when there is nothing left to train', () => {
    const dir = join(temporary(), 'run');
    expect(latentlab('train', '--epochs', '100', '--lr', '0.01', '--out', dir, '--json').status).toBe(0);
    const finished = latentlab('train', '--resume', dir);
    expect(finished.status).toBe(0);
    expect(finished.stdout).toContain('this run is finished (100 epochs); give --epochs with more than 100 to train it further');
    expect(latentlab('train', '--resume', dir, '--epochs', '200', '--json').status).toBe(0);
    const straight = join(temporary(), 'straight');
    expect(latentlab('train', '--epochs', '200', '--lr', '0.01', '--out', straight, '--json').status).toBe(0);
    expect(tensorsOf(dir)).toEqual(tensorsOf(straight));
    refused(['train', '--resume', dir, '--lr', '0.1'], '--resume continues a run as it was saved: only --epochs may change (got --lr)');
    refused(['train', '--resume', dir, '--epochs', '50'], 'the run has trained 200 epochs already; --epochs 50 would be fewer');
  });

  it('completes a finished run killed before its result document: resuming writes the result, without training', () => {
    const dir = join(temporary(), 'run');
    expect(latentlab('train', '--epochs', '60', '--out', dir, '--json').status).toBe(0);
    const before = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    // What a kill between the last model file and the result document leaves: a model file alone.
    rmSync(join(dir, 'result.json'));
    const completed = latentlab('train', '--resume', dir, '--json');
    expect(completed.status).toBe(0);
    const after = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(after.epochs).toBe(60);
    expect(after.lossHistory).toEqual(before.lossHistory);
    expect(after.modelHash).toBe(before.modelHash);
    expect(latentlab('train', '--resume', dir).stdout).toContain('this run is finished (60 epochs)');
  });
});

describe('run folders', () => {
  it('two trainings that differ in one setting leave two folders; the same command again reuses its own', () => {
    const cwd = temporary();
    // Run from a fresh folder, so the default out/ folders are this test's own.
    const inside = (...args: string[]) => spawnSync(process.execPath, [bin, 'train', '--epochs', '20', ...args], { cwd, encoding: 'utf8' });
    expect(inside().status).toBe(0);
    expect(inside('--lr', '0.01').status).toBe(0);
    expect(inside('--layers', '35,10,2,10,35').status).toBe(0);
    expect(inside('--lr', '0.01').status).toBe(0);
    const folders = readdirSync(join(cwd, 'out')).sort();
    // Every one differs from the preset (20 epochs, not 19300): preset, short hash of the spec, seed.
    expect(folders).toHaveLength(3);
    expect(folders.filter((f) => /^ae-font-[0-9a-f]{6}-seed1$/.test(f))).toHaveLength(3);
  });

  it('refuses an --out that holds another run, a file, or a folder it cannot make, before training', () => {
    const dir = join(temporary(), 'taken');
    expect(latentlab('train', '--epochs', '20', '--out', dir, '--json').status).toBe(0);
    refused(['train', '--epochs', '20', '--lr', '0.01', '--out', dir], `${dir} holds another run (its model.json has a different spec); give another --out, --resume ${dir} to continue it, or --force to replace it`);
    expect(latentlab('train', '--epochs', '20', '--lr', '0.01', '--out', dir, '--force', '--json').status).toBe(0);
    const file = join(temporary(), 'a-file');
    writeFileSync(file, 'x');
    refused(['train', '--epochs', '20', '--out', file], `--out "${file}" is a file, not a folder`);
    // Root may write anywhere a folder can be: a folder under a file cannot.
    const below = join(file, 'run');
    refused(['train', '--epochs', '20', '--out', below], `cannot write "${below}": "${file}" is a file, not a folder`);
  });
});
