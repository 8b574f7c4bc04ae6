import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { leaderboard, type TrialRecord } from '../../src/experiments/leaderboard.js';

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

    const resumed = spawnSync(process.execPath, [...cli, 'sweep', '--resume', '--db', db, '--threads', '2'], { cwd: root, encoding: 'utf8' });
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain(`resuming, ${before.finished} already finished`);
    expect(resumed.stdout).toMatch(/#\s+variant\s+success/);

    const after = counts(db);
    expect(after.finished).toBe(GRID);
    expect(new Set(after.keys).size).toBe(GRID);
    for (const key of before.keys) expect(after.starts.get(key)).toBe(1); // finished before the kill: never started again
    expect([...after.starts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(GRID);

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

describe('the leaderboard', () => {
  const record = (variantIndex: number, seed: number, success: boolean, wrongPixels: number, epochs: number): TrialRecord => ({
    key: `v${variantIndex} #${seed}`,
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
      { key: 'v2 #2', variant: 'v2', variantIndex: 2, values: {}, seed: 2, status: 'diverged' },
    ]);
    expect(board.map((r) => r.variant)).toEqual(['v1', 'v2', 'v0']);
    expect(board[0]).toMatchObject({ successes: 2, trials: 2, successRate: 1, bestWrongPixels: 3, medianWrongPixels: 4, medianEpochsToSuccess: 250 });
    expect(board[1]).toMatchObject({ successes: 1, trials: 2, diverged: 1, successRate: 0.5, medianWrongPixels: 2 });
    expect(board[2]).toMatchObject({ successes: 1, trials: 2, medianWrongPixels: 6.5, medianEpochsToSuccess: 100 });
  });
});
