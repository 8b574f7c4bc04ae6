import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteTrialStore } from '../../src/io/sqlite-trial-store.js';

const sweep = { name: 'widths', spec: { name: 'widths', axes: [] }, quick: false, trials: 4 };

/** The pid of a process that has ended. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('the SQLite trial store', () => {
  it('appears whole: a store a killed process was making is removed, and the next command makes it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-store-'));
    const file = join(dir, 'sweep.sqlite');
    // What a process killed while it made the store leaves: a temporary file, no store at the name.
    new Database(join(dir, `sweep.sqlite.${deadPid()}.tmp`)).close();
    expect(() => SqliteTrialStore.open(file)).toThrow(/no sweep store at/);
    const made = SqliteTrialStore.open(file, sweep);
    await made.close();
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const resumed = SqliteTrialStore.open(file);
    expect(resumed.sweep).toEqual(sweep);
    await resumed.close();
  });

  it('refuses to resume from a database that holds no sweep, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-store-'));
    const file = join(dir, 'other.sqlite');
    new Database(file).close();
    expect(existsSync(file)).toBe(true);
    expect(() => SqliteTrialStore.open(file)).toThrow(`"${file}" is not a sweep store (no sweep recorded in it)`);
  });
});
