import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeaderboardRow } from '../../src/experiments/leaderboard.js';
import { startPostgres, type TestPostgres } from '../setup/postgres-server.js';

const root = join(import.meta.dirname, '../..');
const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts')];

/** 3 widths x 8 seeds = 24 trials of 4000 epochs (about half a second each on an idle core), checkpointed every 500. */
const spec = {
  name: 'pg-kill-test',
  title: 'a sweep on PostgreSQL, one worker killed',
  kind: 'autoencoder',
  preset: 'ae-font',
  base: { training: { epochs: 4000, optimizer: { name: 'adam', lr: 0.002 } } },
  axes: [{ name: 'hidden width', paths: ['model.encoder', 'model.decoder'], values: [[8], [12], [16]] }],
  seeds: { first: 1, count: 8 },
};
const TRIALS = 24;

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(() => server?.stop());

function latentlab(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [...cli, ...args], { cwd: root, encoding: 'utf8', env });
}

/** A worker process, its output gathered as it comes. */
function startWorker(url: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [...cli, 'worker', '--store', url, '--checkpoint-every', '500'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

/** The leaderboard without its timings, which differ from run to run. */
const untimed = (board: LeaderboardRow[]) => board.map((row) => ({ ...row, meanSeconds: 0 }));

describe('a sweep on PostgreSQL with three worker processes, one killed with SIGKILL mid-trial', () => {
  it('records every trial once, retries the killed trial from its checkpoint, and ends with the leaderboard of the same sweep on SQLite with one worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-pg-sweep-'));
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify(spec));
    const url = await server.newDatabase('kill');
    // Jobs expire 8 s after a worker took them (a trial takes well under that here): then another worker retries them.
    const queued = latentlab(['sweep', specFile, '--store', url, '--detach', '--trial-seconds', '8']);
    expect(queued.stderr).toBe('');
    expect(queued.stdout).toContain(`${TRIALS} jobs queued`);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const workers = [startWorker(url), startWorker(url), startWorker(url)];
      const victim = workers[0];
      // Kill the first worker once the trial it is on has a checkpoint in the store and no result yet.
      let killed: { key: string; epochs: number } | undefined;
      for (let waited = 0; !killed && waited < 120_000; waited += 20) {
        const current = [...victim.output().matchAll(/started pg-kill-test: (.+?)(,|\n)/g)].at(-1)?.[1];
        if (current) {
          const { rows } = await db.query(
            'SELECT m.epochs FROM latentlab.models m WHERE m.key = $1 AND NOT EXISTS (SELECT 1 FROM latentlab.results r WHERE r.key = m.key)',
            [current],
          );
          if (rows.length === 1 && rows[0].epochs > 0 && rows[0].epochs < 4000) {
            victim.child.kill('SIGKILL');
            killed = { key: current, epochs: rows[0].epochs };
            break;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(killed).toBeDefined();
      expect(await victim.exited).toBe(null);
      const { key } = killed!;
      // Mark the checkpoint the dead worker left: the retry must go on from it (a run started again would lose the mark).
      const { rows: saved } = await db.query('SELECT model, epochs FROM latentlab.models WHERE key = $1', [key]);
      const checkpoint = JSON.parse(saved[0].model as string) as { training: { history: { loss: number[] } } };
      checkpoint.training.history.loss[0] = 12345;
      await db.query('UPDATE latentlab.models SET model = $1 WHERE key = $2', [JSON.stringify(checkpoint), key]);

      const codes = await Promise.all(workers.slice(1).map((w) => w.exited));
      expect(codes).toEqual([0, 0]);
      const survivors = workers.slice(1).map((w) => w.output()).join('');
      expect(survivors).toContain(`started pg-kill-test: ${key}, from its checkpoint at epoch ${saved[0].epochs}`);

      // Every trial recorded exactly once.
      const { rows: results } = await db.query('SELECT key, count(*)::int AS n FROM latentlab.results GROUP BY key');
      expect(results).toHaveLength(TRIALS);
      expect(results.every((r) => r.n === 1)).toBe(true);
      const { rows: curve } = await db.query("SELECT result->'lossCurve'->0 AS first FROM latentlab.results WHERE key = $1", [key]);
      expect(curve[0].first).toEqual([1, 12345]);
      // Started by the worker that was killed, then by another one.
      const { rows: starts } = await db.query('SELECT worker FROM latentlab.starts WHERE key = $1 ORDER BY at', [key]);
      expect(starts.length).toBeGreaterThanOrEqual(2);
      expect(starts[0].worker).toMatch(new RegExp(`:${victim.child.pid}$`));
      expect(starts.at(-1)!.worker).not.toBe(starts[0].worker);

      // sweep --status --json: done, nothing queued or running, the retry counted.
      const status = latentlab(['sweep', '--status', '--json', '--store', url]);
      expect(status.stderr).toBe('');
      const state = JSON.parse(status.stdout) as { done: number; queue: { queued: number; failed: unknown[]; retried: number }; running: unknown[]; restarted: { key: string }[]; leaderboard: LeaderboardRow[] };
      expect(state).toMatchObject({ done: TRIALS, running: [], queue: { queued: 0, failed: [] } });
      expect(state.queue.retried).toBeGreaterThanOrEqual(1);
      expect(state.restarted.map((r) => r.key)).toContain(key);

      // The same sweep on SQLite, one worker thread: the same leaderboard, number for number.
      const local = latentlab(['sweep', specFile, '--store', join(dir, 'local.sqlite'), '--threads', '1', '--json']);
      expect(local.status).toBe(0);
      const sqlite = JSON.parse(local.stdout) as { leaderboard: LeaderboardRow[] };
      expect(sqlite.leaderboard).toHaveLength(3);
      expect(untimed(state.leaderboard)).toEqual(untimed(sqlite.leaderboard));
    } finally {
      await db.end();
    }
  }, 300_000);
});
