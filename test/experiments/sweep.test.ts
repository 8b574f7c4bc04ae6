import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expandExperiment, parseExperiment } from '../../src/experiments/experiment-spec.js';
import { leaderboard, type TrialRecord } from '../../src/experiments/leaderboard.js';
import { openStoredSweep, openSweep, runSweep, sweepModelFile, sweepModelsDir } from '../../src/experiments/sweep.js';
import { runTrial } from '../../src/io/trial-worker.js';
import { parseModelFile } from '../../src/models/checkpoint.js';

// The CLI from source (tsx), so the worker threads load the TypeScript worker too.
const root = join(import.meta.dirname, '../..');
const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts')];

/** 2 widths x 8 seeds = 16 trials of about 50 ms each (more on a busy machine). */
const spec = {
  name: 'kill-test',
  title: 'a sweep killed halfway',
  kind: 'autoencoder',
  preset: 'ae-font',
  base: { training: { epochs: 2000, optimizer: { name: 'adam', lr: 0.005 }, stopAtWrongPixels: 1 } },
  axes: [{ name: 'hidden width', paths: ['model.encoder', 'model.decoder'], values: [[8], [16]] }],
  seeds: { first: 1, count: 8 },
};
const GRID = 16;

function counts(db: string): { finished: number; keys: string[]; starts: Map<string, number> } {
  const store = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const keys = (store.prepare('SELECT key FROM trials').all() as { key: string }[]).map((r) => r.key);
    const starts = new Map((store.prepare('SELECT key, COUNT(*) AS n FROM starts GROUP BY key').all() as { key: string; n: number }[]).map((r) => [r.key, r.n]));
    return { finished: keys.length, keys, starts };
  } catch {
    return { finished: 0, keys: [], starts: new Map() }; // tables not created yet
  } finally {
    store.close();
  }
}

describe('latentlab sweep', () => {
  it('killed with SIGKILL halfway, then resumed: every trial once, finished ones never run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-sweep-'));
    const file = join(dir, 'spec.json');
    const db = join(dir, 'store.sqlite');
    writeFileSync(file, JSON.stringify(spec));

    const child = spawn(process.execPath, [...cli, 'sweep', file, '--db', db, '--threads', '2'], { cwd: root, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    for (let waited = 0; waited < 120_000 && !(existsSync(db) && counts(db).finished >= 4); waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = counts(db);
    expect(before.finished).toBeGreaterThanOrEqual(4);
    expect(before.finished).toBeLessThan(GRID);

    const csv = join(dir, 'leaderboard.csv');
    const resumed = spawnSync(process.execPath, [...cli, 'sweep', '--resume', '--db', db, '--threads', '2', '--csv', csv], { cwd: root, encoding: 'utf8' });
    expect(resumed.stderr).not.toMatch(/latentlab:/);
    expect(resumed.status).toBe(0);
    // Progress on stderr, the leaderboard on stdout.
    expect(resumed.stderr).toContain(`resuming, ${before.finished} already finished`);
    expect(resumed.stdout).toMatch(/#\s+variant\s+success/);
    // --csv: the whole leaderboard, one row per variant, with its axis values and its 8 trials.
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^rank,variant,.+,trials,diverged,pruned,successes,success_rate,best_wrong_pixels,median_wrong_pixels,median_epochs_to_success,median_final_loss,mean_seconds$/);
    for (const row of rows.slice(1)) expect(row.split(',')[rows[0].split(',').indexOf('trials')]).toBe('8');

    const after = counts(db);
    expect(after.finished).toBe(GRID);
    expect(new Set(after.keys).size).toBe(GRID);
    for (const key of before.keys) expect(after.starts.get(key)).toBe(1); // finished before the kill: never started again
    expect([...after.starts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(GRID);
    // One finished model file per trial beside the store, each named in the store (a kill can leave a
    // temporary file of an atomic write behind, never a half-written model file).
    expect(readdirSync(join(dir, 'store-models')).filter((f) => f.endsWith('.json')).sort()).toEqual([0, 1].flatMap((v) => Array.from({ length: 8 }, (_, s) => `${v}-seed${s + 1}.json`)).sort());
    const models = modelFiles(db);
    expect(models).toHaveLength(GRID);
    for (const file of models) expect(parseModelFile(readFileSync(file, 'utf8')).training?.epochsDone).toBeGreaterThan(0);

    // sweep --status --json: every trial done; the trials running at the kill were started twice.
    const status = spawnSync(process.execPath, [...cli, 'sweep', '--status', '--json', '--store', db], { cwd: root, encoding: 'utf8' });
    expect(status.status).toBe(0);
    const state = JSON.parse(status.stdout) as { done: number; trials: number; running: unknown[]; restarted: { key: string; starts: number }[]; leaderboard: unknown[] };
    expect(state).toMatchObject({ done: GRID, trials: GRID, running: [] });
    expect(state.leaderboard).toHaveLength(2);
    expect(state.restarted.map((r) => r.key).sort()).toEqual([...after.starts].filter(([, n]) => n > 1).map(([key]) => key).sort());

    // A finished sweep resumed again runs nothing; another spec on the same store is refused.
    const again = spawnSync(process.execPath, [...cli, 'sweep', file, '--db', db], { cwd: root, encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(counts(db).starts).toEqual(after.starts);
    writeFileSync(file, JSON.stringify({ ...spec, seeds: { first: 1, count: 9 } }));
    const other = spawnSync(process.execPath, [...cli, 'sweep', file, '--db', db], { cwd: root, encoding: 'utf8' });
    expect(other.status).not.toBe(0);
    expect(other.stderr).toContain('holds a different sweep');
  });
});

/** The model files a store names, in grid order. */
function modelFiles(db: string): string[] {
  const store = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (store.prepare('SELECT model_file FROM trials ORDER BY variant_index, seed').all() as { model_file: string }[]).map((r) => r.model_file);
  } finally {
    store.close();
  }
}

describe("a sweep's model files", () => {
  const experiment = parseExperiment({
    name: 'models-test',
    title: 'a sweep that keeps its models',
    kind: 'autoencoder',
    preset: 'ae-font',
    base: { training: { epochs: 200, optimizer: { name: 'adam', lr: 0.01 } } },
    axes: [{ name: 'width', paths: ['model.encoder', 'model.decoder'], values: [[6], [12]] }],
    seeds: [1, 2],
  });

  it('one per trial beside the store; a trial stopped mid-way goes on from its checkpoint; a finished trial never runs again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-sweep-'));
    const db = join(dir, 'grid.sqlite');
    const trials = expandExperiment(experiment);
    const running = trials[1];
    expect(sweepModelsDir(db)).toBe(join(dir, 'grid-models'));
    expect(sweepModelFile(db, running)).toBe(join(dir, 'grid-models', '0-seed2.json'));
    // The sweep died while this trial ran, right after its checkpoint at epoch 100; mark that checkpoint's
    // loss history: going on from it keeps the mark, training again from zero would not.
    const file = sweepModelFile(db, running);
    const killAt100 = { onCheckpoint: (done: number) => { if (done === 100) throw new Error('killed'); } };
    expect(() => runTrial({ kind: running.kind, spec: running.spec, modelFile: file, checkpointEvery: 100 }, killAt100)).toThrow('killed');
    const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as { training: { history: { loss: number[] } } };
    checkpoint.training.history.loss[0] = 12345;
    writeFileSync(file, JSON.stringify(checkpoint));

    const sweep = await openSweep(experiment, false, db);
    const { store } = sweep;
    try {
      await runSweep(sweep, 1);
      const records = await store.results();
      expect(records.map((r) => r.modelFile)).toEqual(trials.map((t) => sweepModelFile(db, t)));
      for (const record of records) expect(parseModelFile(readFileSync(record.modelFile!, 'utf8')).training?.epochsDone).toBe(200);
      expect(((await store.result(running.key)) as { lossCurve: [number, number][] }).lossCurve[0]).toEqual([1, 12345]);
      expect(((await store.result(trials[0].key)) as { lossCurve: [number, number][] }).lossCurve[0][1]).not.toBe(12345);
      expect(readdirSync(sweepModelsDir(db)).sort()).toEqual(['0-seed1.json', '0-seed2.json', '1-seed1.json', '1-seed2.json']);

      const changed = records.map((r) => statSync(r.modelFile!).mtimeMs);
      await runSweep(sweep, 1);
      expect(records.map((r) => statSync(r.modelFile!).mtimeMs)).toEqual(changed);
      expect(await store.results()).toEqual(records);
    } finally {
      await store.close();
    }
    expect([...counts(db).starts.values()]).toEqual([1, 1, 1, 1]);
  });

  it('a store made before sweeps kept model files opens, and records them from then on', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'latentlab-sweep-')), 'old.sqlite');
    const old = new Database(db);
    old.exec(`CREATE TABLE sweep (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, spec TEXT NOT NULL, quick INTEGER NOT NULL, grid_size INTEGER NOT NULL, created TEXT NOT NULL);
      CREATE TABLE trials (key TEXT PRIMARY KEY, variant TEXT NOT NULL, variant_index INTEGER NOT NULL, variant_values TEXT NOT NULL, seed INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('finished', 'diverged')), summary TEXT, result TEXT NOT NULL, finished TEXT NOT NULL);
      CREATE TABLE starts (key TEXT NOT NULL, at TEXT NOT NULL);`);
    old.prepare('INSERT INTO sweep VALUES (1, ?, ?, 0, 4, ?)').run(experiment.name, JSON.stringify(experiment), new Date().toISOString());
    old.prepare("INSERT INTO trials VALUES ('width=6 #1', 'width=6', 0, '{\"width\":\"6\"}', 1, 'diverged', NULL, '{}', 'then')").run();
    old.close();
    const sweep = await openStoredSweep(db);
    try {
      await runSweep(sweep, 1);
      const results = await sweep.store.results();
      expect(results.map((r) => r.modelFile)).toEqual([undefined, ...expandExperiment(experiment).slice(1).map((t) => sweepModelFile(db, t))]);
      expect(results.map((r) => r.rung)).toEqual([0, 0, 0, 0]);
    } finally {
      await sweep.store.close();
    }
  });
});

describe('the leaderboard', () => {
  const record = (variantIndex: number, seed: number, success: boolean, wrongPixels: number, epochs: number): TrialRecord => ({
    key: `v${variantIndex} #${seed}`,
    rung: 0,
    variant: `v${variantIndex}`,
    variantIndex,
    values: {},
    seed,
    status: 'finished',
    summary: { finalLoss: 0.01, epochs, stoppedEarly: success, trainSeconds: 1, wrongPixels, worstItem: success ? 1 : 3, success },
  });

  it('ranks by success rate, then median wrong pixels, and counts diverged trials as failures', () => {
    const board = leaderboard([
      record(0, 1, true, 4, 100),
      record(0, 2, false, 9, 500),
      record(1, 1, true, 3, 300),
      record(1, 2, true, 5, 200),
      record(2, 1, true, 2, 50),
      { key: 'v2 #2', variant: 'v2', variantIndex: 2, values: {}, seed: 2, rung: 0, status: 'diverged' },
    ]);
    expect(board.map((r) => r.variant)).toEqual(['v1', 'v2', 'v0']);
    expect(board[0]).toMatchObject({ successes: 2, trials: 2, successRate: 1, bestWrongPixels: 3, medianWrongPixels: 4, medianEpochsToSuccess: 250 });
    expect(board[1]).toMatchObject({ successes: 1, trials: 2, diverged: 1, successRate: 0.5, medianWrongPixels: 2 });
    expect(board[2]).toMatchObject({ successes: 1, trials: 2, medianWrongPixels: 6.5, medianEpochsToSuccess: 100 });
  });
});
