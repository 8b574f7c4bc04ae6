import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { TrialSummary } from '../runs/model-kind.js';
import { canonicalJson } from '../runs/settings.js';
import { removeOrphanTemporaries } from './files.js';
import { differentSweep, type StoredSweep, type TrialRecord, type TrialStart, type TrialStore } from './trial-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sweep (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  spec TEXT NOT NULL,
  quick INTEGER NOT NULL,
  grid_size INTEGER NOT NULL,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS trials (
  key TEXT NOT NULL,
  rung INTEGER NOT NULL DEFAULT 0,
  variant TEXT NOT NULL,
  variant_index INTEGER NOT NULL,
  variant_values TEXT NOT NULL,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('finished', 'diverged')),
  summary TEXT,
  result TEXT NOT NULL,
  finished TEXT NOT NULL,
  model_file TEXT,
  PRIMARY KEY (key, rung)
);
CREATE TABLE IF NOT EXISTS starts (key TEXT NOT NULL, at TEXT NOT NULL, rung INTEGER NOT NULL DEFAULT 0, worker TEXT NOT NULL DEFAULT '');
`;

/** Stores made before early stopping keyed trials by key alone, and before that kept no model files: brought up to date in place. */
const UPGRADES: { needs: (columns: { trials: string[]; starts: string[] }) => boolean; sql: string }[] = [
  { needs: (c) => c.trials.length > 0 && !c.trials.includes('model_file'), sql: 'ALTER TABLE trials ADD COLUMN model_file TEXT' },
  {
    needs: (c) => c.trials.length > 0 && !c.trials.includes('rung'),
    sql: `ALTER TABLE trials RENAME TO trials_before_rungs;
      ${SCHEMA.slice(SCHEMA.indexOf('CREATE TABLE IF NOT EXISTS trials'), SCHEMA.indexOf('CREATE TABLE IF NOT EXISTS starts'))}
      INSERT INTO trials (key, variant, variant_index, variant_values, seed, status, summary, result, finished, model_file)
        SELECT key, variant, variant_index, variant_values, seed, status, summary, result, finished, model_file FROM trials_before_rungs;
      DROP TABLE trials_before_rungs;`,
  },
  { needs: (c) => c.starts.length > 0 && !c.starts.includes('rung'), sql: "ALTER TABLE starts ADD COLUMN rung INTEGER NOT NULL DEFAULT 0; ALTER TABLE starts ADD COLUMN worker TEXT NOT NULL DEFAULT ''" },
];

function recordSweep(db: Database.Database, sweep: StoredSweep): void {
  db.prepare('INSERT INTO sweep (id, name, spec, quick, grid_size, created) VALUES (1, ?, ?, ?, ?, ?)').run(
    sweep.name,
    JSON.stringify(sweep.spec),
    Number(sweep.quick),
    sweep.trials,
    new Date().toISOString(),
  );
}

/**
 * A new store appears whole: made under a temporary name (`<file>.<pid>.tmp`, removed by the next
 * command if this process is killed) with its sweep recorded, then renamed into place, so no kill
 * leaves a store without its sweep.
 */
function createStoreFile(file: string, sweep: StoredSweep): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const db = new Database(temporary);
  try {
    db.pragma('journal_mode = MEMORY');
    db.exec(SCHEMA);
    recordSweep(db, sweep);
    db.close();
    renameSync(temporary, file);
  } catch (error) {
    if (db.open) db.close();
    rmSync(temporary, { force: true });
    throw error;
  }
}

interface TrialRow {
  key: string;
  rung: number;
  variant: string;
  variant_index: number;
  variant_values: string;
  seed: number;
  status: 'finished' | 'diverged';
  summary: string | null;
  model_file: string | null;
}

/**
 * A sweep's trials in one SQLite file, written one transaction per result (WAL journal), so a
 * process killed at any moment loses at most the trials still running: they are simply not there
 * and go on from their last checkpoints (model files beside the store) on resume. The spec is
 * stored with the trials, so a resume needs nothing else.
 */
export class SqliteTrialStore implements TrialStore {
  private constructor(
    private readonly db: Database.Database,
    readonly location: string,
    readonly sweep: StoredSweep,
  ) {}

  /**
   * Opens the store in `file`. With `create`, a new store holds that sweep, and an existing one must
   * hold the very same (then this is a resume); without it the store must exist.
   */
  static open(file: string, create?: StoredSweep): SqliteTrialStore {
    if (!create && !existsSync(file)) throw new Error(`no sweep store at "${file}"`);
    mkdirSync(dirname(file), { recursive: true });
    removeOrphanTemporaries(dirname(file));
    if (create && !existsSync(file)) createStoreFile(file, create);
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      db.transaction(() => {
        const found = { trials: columns('trials'), starts: columns('starts') };
        for (const upgrade of UPGRADES) if (upgrade.needs(found)) db.exec(upgrade.sql);
        db.exec(SCHEMA);
      })();
      const stored = db.prepare('SELECT name, spec, quick, grid_size FROM sweep WHERE id = 1').get() as { name: string; spec: string; quick: number; grid_size: number } | undefined;
      if (stored) {
        const sweep: StoredSweep = { name: stored.name, spec: JSON.parse(stored.spec), quick: Boolean(stored.quick), trials: stored.grid_size };
        if (create && (canonicalJson(create.spec) !== canonicalJson(sweep.spec) || create.quick !== sweep.quick)) throw differentSweep(file, sweep);
        return new SqliteTrialStore(db, file, sweep);
      }
      if (!create) throw new Error(`"${file}" is not a sweep store (no sweep recorded in it)`);
      recordSweep(db, create);
      return new SqliteTrialStore(db, file, create);
    } catch (error) {
      db.close();
      // SQLite's own words ("file is not a database") name no file.
      if ((error as { code?: string }).code?.startsWith('SQLITE_')) throw new Error(`"${file}" cannot be used as a sweep store: ${(error as Error).message}; give --store a sweep store or a new file`);
      throw error;
    }
  }

  async results(): Promise<TrialRecord[]> {
    const rows = this.db.prepare('SELECT key, rung, variant, variant_index, variant_values, seed, status, summary, model_file FROM trials ORDER BY variant_index, seed, rung').all() as TrialRow[];
    return rows.map((row) => ({
      key: row.key,
      variant: row.variant,
      variantIndex: row.variant_index,
      values: JSON.parse(row.variant_values) as Record<string, string>,
      seed: row.seed,
      rung: row.rung,
      status: row.status,
      summary: row.summary === null ? undefined : (JSON.parse(row.summary) as TrialSummary),
      ...(row.model_file !== null && { modelFile: row.model_file }),
    }));
  }

  async recordStart(key: string, rung: number, worker: string): Promise<void> {
    this.db.prepare('INSERT INTO starts (key, rung, worker, at) VALUES (?, ?, ?, ?)').run(key, rung, worker, new Date().toISOString());
  }

  async starts(): Promise<TrialStart[]> {
    return this.db.prepare('SELECT key, rung, worker, at FROM starts ORDER BY rowid').all() as TrialStart[];
  }

  async recordResult(record: TrialRecord, document: unknown): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        `INSERT INTO trials (key, rung, variant, variant_index, variant_values, seed, status, summary, result, finished, model_file)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key, rung) DO NOTHING`,
      )
      .run(
        record.key,
        record.rung,
        record.variant,
        record.variantIndex,
        JSON.stringify(record.values),
        record.seed,
        record.status,
        record.summary ? JSON.stringify(record.summary) : null,
        JSON.stringify(document),
        new Date().toISOString(),
        record.modelFile ?? null,
      );
    return changes === 1;
  }

  async result(key: string, rung?: number): Promise<unknown> {
    const row = (
      rung === undefined
        ? this.db.prepare('SELECT result FROM trials WHERE key = ? ORDER BY rung DESC LIMIT 1').get(key)
        : this.db.prepare('SELECT result FROM trials WHERE key = ? AND rung = ?').get(key, rung)
    ) as { result: string } | undefined;
    return row ? JSON.parse(row.result) : undefined;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
