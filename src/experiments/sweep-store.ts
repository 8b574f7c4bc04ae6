import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { parseExperiment, type ExperimentSpec, type Trial } from './experiment-spec.js';
import type { TrialRecord } from './leaderboard.js';
import type { TrialOutcome } from '../io/trial-worker.js';
import type { TrialSummary } from '../runs/model-kind.js';
import { canonicalJson } from '../runs/settings.js';

/** How many points of a trial's loss curve the store keeps (the first, the last and evenly spaced ones between). */
const STORED_CURVE_POINTS = 200;

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
  key TEXT PRIMARY KEY,
  variant TEXT NOT NULL,
  variant_index INTEGER NOT NULL,
  variant_values TEXT NOT NULL,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('finished', 'diverged')),
  summary TEXT,
  result TEXT NOT NULL,
  finished TEXT NOT NULL,
  model_file TEXT
);
CREATE TABLE IF NOT EXISTS starts (key TEXT NOT NULL, at TEXT NOT NULL);
`;

interface TrialRow {
  key: string;
  variant: string;
  variant_index: number;
  variant_values: string;
  seed: number;
  status: 'finished' | 'diverged';
  summary: string | null;
  model_file: string | null;
}

/**
 * A sweep's trials in SQLite, written one transaction per finished trial (WAL journal), so a
 * process killed at any moment loses at most the trials still running: they are simply not there
 * and go on from their last checkpoints on resume (each trial keeps its model file, see
 * sweepModelFile). A finished trial is never run again. The spec is stored with the trials, so
 * `--resume` needs nothing else.
 */
export class SweepStore {
  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    readonly experiment: ExperimentSpec,
    readonly quick: boolean,
    readonly gridSize: number,
  ) {}

  /**
   * Opens the store at `file`. With `create`, a new store holds that sweep, and an existing one must
   * hold the very same spec (then this is a resume); without it the store must exist.
   */
  static open(file: string, create?: { experiment: ExperimentSpec; quick: boolean; gridSize: number }): SweepStore {
    if (!create && !existsSync(file)) throw new Error(`no sweep store at "${file}"`);
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
      // A store made before sweeps kept model files: its trials table lacks the column.
      const columns = (db.prepare('PRAGMA table_info(trials)').all() as { name: string }[]).map((c) => c.name);
      if (!columns.includes('model_file')) db.exec('ALTER TABLE trials ADD COLUMN model_file TEXT');
      const stored = db.prepare('SELECT spec, quick, grid_size FROM sweep WHERE id = 1').get() as { spec: string; quick: number; grid_size: number } | undefined;
      if (stored) {
        const experiment = parseExperiment(JSON.parse(stored.spec), `the spec stored in ${file}`);
        if (create && (canonicalJson(create.experiment) !== canonicalJson(experiment) || create.quick !== Boolean(stored.quick))) {
          throw new Error(`"${file}" holds a different sweep (spec "${experiment.name}"${stored.quick ? ', quick' : ''}); resume it with --resume, or pass --db to start a new store`);
        }
        return new SweepStore(db, file, experiment, Boolean(stored.quick), stored.grid_size);
      }
      if (!create) throw new Error(`"${file}" is not a sweep store (no sweep recorded in it)`);
      db.prepare('INSERT INTO sweep (id, name, spec, quick, grid_size, created) VALUES (1, ?, ?, ?, ?, ?)').run(
        create.experiment.name,
        JSON.stringify(create.experiment),
        Number(create.quick),
        create.gridSize,
        new Date().toISOString(),
      );
      return new SweepStore(db, file, create.experiment, create.quick, create.gridSize);
    } catch (error) {
      db.close();
      // SQLite's own words ("file is not a database") name no file.
      if ((error as { code?: string }).code?.startsWith('SQLITE_')) throw new Error(`"${file}" cannot be used as a sweep store: ${(error as Error).message}; give --db a sweep store or a new file`);
      throw error;
    }
  }

  finishedKeys(): Set<string> {
    return new Set((this.db.prepare('SELECT key FROM trials').all() as { key: string }[]).map((r) => r.key));
  }

  /** Notes that a trial started (kept to show that a finished trial is never started again). */
  recordStart(key: string): void {
    this.db.prepare('INSERT INTO starts (key, at) VALUES (?, ?)').run(key, new Date().toISOString());
  }

  /** Records a finished (or diverged) trial, with its model file; recording the same trial twice is an error. */
  recordTrial(trial: Trial, outcome: TrialOutcome, summary: TrialSummary | undefined): TrialRecord {
    const result = outcome.status === 'finished' ? { ...outcome.result, lossHistory: undefined, lossCurve: thinCurve(outcome.result.lossHistory) } : outcome;
    const modelFile = outcome.status === 'finished' ? outcome.modelFile : undefined;
    const record: TrialRecord = {
      key: trial.key,
      variant: trial.variant.label,
      variantIndex: trial.variant.index,
      values: trial.variant.values,
      seed: trial.seed,
      status: outcome.status,
      summary,
      ...(modelFile && { modelFile }),
    };
    this.db
      .prepare('INSERT INTO trials (key, variant, variant_index, variant_values, seed, status, summary, result, finished, model_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        record.key,
        record.variant,
        record.variantIndex,
        JSON.stringify(record.values),
        record.seed,
        record.status,
        summary ? JSON.stringify(summary) : null,
        JSON.stringify(result),
        new Date().toISOString(),
        modelFile ?? null,
      );
    return record;
  }

  /** Every finished trial, in grid order. */
  records(): TrialRecord[] {
    const rows = this.db.prepare('SELECT key, variant, variant_index, variant_values, seed, status, summary, model_file FROM trials ORDER BY variant_index, seed').all() as TrialRow[];
    return rows.map((row) => ({
      key: row.key,
      variant: row.variant,
      variantIndex: row.variant_index,
      values: JSON.parse(row.variant_values) as Record<string, string>,
      seed: row.seed,
      status: row.status,
      summary: row.summary === null ? undefined : (JSON.parse(row.summary) as TrialSummary),
      ...(row.model_file !== null && { modelFile: row.model_file }),
    }));
  }

  /** The stored result of one trial (loss history thinned to a curve of at most STORED_CURVE_POINTS points). */
  result(key: string): unknown {
    const row = this.db.prepare('SELECT result FROM trials WHERE key = ?').get(key) as { result: string } | undefined;
    return row ? JSON.parse(row.result) : undefined;
  }

  close(): void {
    this.db.close();
  }
}

/** [epoch, loss] pairs: the first epoch, the last, and evenly spaced ones between. */
function thinCurve(losses: number[]): [number, number][] {
  const step = Math.max(1, Math.ceil(losses.length / STORED_CURVE_POINTS));
  const epochs = losses.map((_, i) => i + 1).filter((epoch) => epoch === 1 || epoch % step === 0 || epoch === losses.length);
  return epochs.map((epoch) => [epoch, losses[epoch - 1]]);
}
