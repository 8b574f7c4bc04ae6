import type pg from 'pg';
import type { TrialSummary } from '../runs/model-kind.js';
import { canonicalJson } from '../runs/settings.js';
import { connectionProblem, postgresPool, postgresTarget, type PostgresTarget } from './postgres-connection.js';
import { differentSweep, type StoredSweep, type TrialRecord, type TrialStart, type TrialStore } from './trial-store.js';

/** The version of the tables below; a database holding another version is refused, never changed. */
export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS latentlab;
CREATE TABLE latentlab.schema_version (version INTEGER NOT NULL);
CREATE TABLE latentlab.sweeps (
  id SERIAL PRIMARY KEY, name TEXT NOT NULL, quick BOOLEAN NOT NULL, spec JSONB NOT NULL, trials INTEGER NOT NULL,
  created TIMESTAMPTZ NOT NULL DEFAULT now(), UNIQUE (name, quick));
CREATE TABLE latentlab.results (
  sweep INTEGER NOT NULL REFERENCES latentlab.sweeps ON DELETE CASCADE, key TEXT NOT NULL, rung INTEGER NOT NULL,
  variant TEXT NOT NULL, variant_index INTEGER NOT NULL, variant_values JSONB NOT NULL, seed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('finished', 'diverged')), summary JSONB, result JSONB NOT NULL,
  worker TEXT NOT NULL, finished TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (sweep, key, rung));
CREATE TABLE latentlab.starts (
  sweep INTEGER NOT NULL REFERENCES latentlab.sweeps ON DELETE CASCADE, key TEXT NOT NULL, rung INTEGER NOT NULL,
  worker TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp());
CREATE TABLE latentlab.models (
  sweep INTEGER NOT NULL REFERENCES latentlab.sweeps ON DELETE CASCADE, key TEXT NOT NULL, epochs INTEGER NOT NULL,
  model TEXT NOT NULL, updated TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (sweep, key));
CREATE TABLE latentlab.planned (
  sweep INTEGER NOT NULL REFERENCES latentlab.sweeps ON DELETE CASCADE, key TEXT NOT NULL, rung INTEGER NOT NULL,
  PRIMARY KEY (sweep, key, rung));
`;

/** The database holds tables of another latentlab. */
class SchemaVersionError extends Error {}

/** Any number: one advisory lock key that serializes making the tables when many workers start at once. */
const SCHEMA_LOCK = 7_314_159;

/** Something that runs SQL: the pool, or the client of an open transaction. */
export type Sql = Pick<pg.ClientBase, 'query'>;

/**
 * A PostgreSQL database that holds any number of sweeps (tables in the schema "latentlab"), shared
 * by workers on any number of machines. Model files live in the database too (latentlab.models:
 * the last checkpoint of every trial, then its finished model), so a trial continues on whichever
 * machine takes it up. Results are written once per trial and rung (the primary key decides).
 */
export class PostgresTrialStore implements TrialStore {
  private constructor(
    readonly pool: pg.Pool,
    readonly target: PostgresTarget,
    readonly sweepId: number,
    readonly sweep: StoredSweep,
  ) {}

  get location(): string {
    return this.target.display;
  }

  /** Connects to `url`, makes the tables if the database has none, and checks their version. */
  static async connect(url: string): Promise<{ pool: pg.Pool; target: PostgresTarget }> {
    const target = postgresTarget(url);
    const pool = postgresPool(url, () => {}); // a lost idle connection: the next query reconnects or fails with its own error
    try {
      await transaction(pool, async (sql) => {
        await sql.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        const { rows } = await sql.query("SELECT to_regclass('latentlab.schema_version') IS NOT NULL AS present");
        if (!rows[0].present) {
          await sql.query(SCHEMA);
          await sql.query('INSERT INTO latentlab.schema_version VALUES ($1)', [SCHEMA_VERSION]);
          return;
        }
        const found = (await sql.query('SELECT version FROM latentlab.schema_version')).rows[0]?.version;
        if (found !== SCHEMA_VERSION) {
          throw new SchemaVersionError(`${target.display} holds latentlab tables of schema version ${found ?? 'unknown'}, and this latentlab uses version ${SCHEMA_VERSION}: use a latentlab of that version, or another database`);
        }
      });
    } catch (error) {
      await pool.end();
      throw error instanceof SchemaVersionError ? error : connectionProblem(error, target);
    }
    return { pool, target };
  }

  /**
   * Opens the sweep `create` names in the database at `url`, making it if it is new; an existing
   * sweep of that name must hold the very same spec (then this is a resume). Without `create`, the
   * sweep named `name`, or the one made last.
   */
  static async open(url: string, create?: StoredSweep, name?: string): Promise<PostgresTrialStore> {
    const { pool, target } = await PostgresTrialStore.connect(url);
    try {
      return await PostgresTrialStore.sweepIn(pool, target, create, name);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** The sweep with id `id` in an open pool (a worker serves every sweep of its database). */
  static async byId(pool: pg.Pool, target: PostgresTarget, id: number): Promise<PostgresTrialStore> {
    const { rows } = await pool.query('SELECT id, name, quick, spec, trials FROM latentlab.sweeps WHERE id = $1', [id]);
    if (rows.length === 0) throw new Error(`${target.display} holds no sweep number ${id}`);
    return new PostgresTrialStore(pool, target, id, storedSweep(rows[0]));
  }

  private static async sweepIn(pool: pg.Pool, target: PostgresTarget, create: StoredSweep | undefined, name: string | undefined): Promise<PostgresTrialStore> {
    if (create) {
      await pool.query('INSERT INTO latentlab.sweeps (name, quick, spec, trials) VALUES ($1, $2, $3, $4) ON CONFLICT (name, quick) DO NOTHING', [
        create.name,
        create.quick,
        JSON.stringify(create.spec),
        create.trials,
      ]);
    }
    const { rows } = create
      ? await pool.query('SELECT id, name, quick, spec, trials FROM latentlab.sweeps WHERE name = $1 AND quick = $2', [create.name, create.quick])
      : name === undefined
        ? await pool.query('SELECT id, name, quick, spec, trials FROM latentlab.sweeps ORDER BY created DESC, id DESC LIMIT 1')
        : await pool.query('SELECT id, name, quick, spec, trials FROM latentlab.sweeps WHERE name = $1 ORDER BY quick LIMIT 1', [name]);
    if (rows.length === 0) throw new Error(name === undefined ? `${target.display} holds no sweep yet; start one with \`latentlab sweep SPEC --store ${target.display}\`` : `${target.display} holds no sweep "${name}"`);
    const sweep = storedSweep(rows[0]);
    if (create && canonicalJson(create.spec) !== canonicalJson(sweep.spec)) throw differentSweep(`${target.display} (sweep "${sweep.name}")`, sweep);
    return new PostgresTrialStore(pool, target, rows[0].id as number, sweep);
  }

  async results(sql: Sql = this.pool): Promise<TrialRecord[]> {
    const { rows } = await sql.query(
      'SELECT key, rung, variant, variant_index, variant_values, seed, status, summary FROM latentlab.results WHERE sweep = $1 ORDER BY variant_index, seed, rung',
      [this.sweepId],
    );
    return rows.map((row) => ({
      key: row.key as string,
      variant: row.variant as string,
      variantIndex: row.variant_index as number,
      values: row.variant_values as Record<string, string>,
      seed: row.seed as number,
      rung: row.rung as number,
      status: row.status as TrialRecord['status'],
      summary: (row.summary ?? undefined) as TrialSummary | undefined,
    }));
  }

  /**
   * Takes up a trial's rung for `worker`, in one round trip: notes the start and gives the trial's
   * model file (its last checkpoint), unless the rung is recorded already (then `recorded`, no start).
   */
  async takeUp(key: string, rung: number, worker: string): Promise<{ recorded: boolean; model?: string }> {
    const { rows } = await this.pool.query(
      `WITH recorded AS (SELECT 1 FROM latentlab.results WHERE sweep = $1 AND key = $2 AND rung = $3),
       started AS (INSERT INTO latentlab.starts (sweep, key, rung, worker) SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM recorded))
       SELECT EXISTS (SELECT 1 FROM recorded) AS recorded, (SELECT model FROM latentlab.models WHERE sweep = $1 AND key = $2) AS model`,
      [this.sweepId, key, rung, worker],
    );
    return { recorded: rows[0].recorded as boolean, ...(rows[0].model !== null && { model: rows[0].model as string }) };
  }

  async recordStart(key: string, rung: number, worker: string): Promise<void> {
    await this.pool.query('INSERT INTO latentlab.starts (sweep, key, rung, worker) VALUES ($1, $2, $3, $4)', [this.sweepId, key, rung, worker]);
  }

  async starts(): Promise<TrialStart[]> {
    const { rows } = await this.pool.query('SELECT key, rung, worker, at FROM latentlab.starts WHERE sweep = $1 ORDER BY at', [this.sweepId]);
    return rows.map((row) => ({ key: row.key, rung: row.rung, worker: row.worker, at: (row.at as Date).toISOString() }));
  }

  async recordResult(record: TrialRecord, document: unknown, worker: string, sql: Sql = this.pool, model?: { epochs: number; text: string }): Promise<boolean> {
    // The finished model is kept with a result that is new, in the same statement (one round trip).
    const { rows } = await sql.query(
      `WITH recorded AS (
         INSERT INTO latentlab.results (sweep, key, rung, variant, variant_index, variant_values, seed, status, summary, result, worker)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (sweep, key, rung) DO NOTHING RETURNING key),
       kept AS (
         INSERT INTO latentlab.models (sweep, key, epochs, model) SELECT $1, key, $12, $13 FROM recorded WHERE $13::text IS NOT NULL
         ON CONFLICT (sweep, key) DO UPDATE SET epochs = excluded.epochs, model = excluded.model, updated = now())
       SELECT count(*)::int AS n FROM recorded`,
      [this.sweepId, record.key, record.rung, record.variant, record.variantIndex, JSON.stringify(record.values), record.seed, record.status, record.summary ? JSON.stringify(record.summary) : null, JSON.stringify(document), worker, model?.epochs ?? 0, model?.text ?? null],
    );
    return rows[0].n === 1;
  }

  async result(key: string, rung?: number): Promise<unknown> {
    const { rows } =
      rung === undefined
        ? await this.pool.query('SELECT result FROM latentlab.results WHERE sweep = $1 AND key = $2 ORDER BY rung DESC LIMIT 1', [this.sweepId, key])
        : await this.pool.query('SELECT result FROM latentlab.results WHERE sweep = $1 AND key = $2 AND rung = $3', [this.sweepId, key, rung]);
    return rows[0]?.result;
  }

  /** Keeps a trial's model file (a checkpoint): the one a retry or a promotion goes on from. */
  async saveModel(key: string, epochs: number, model: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO latentlab.models (sweep, key, epochs, model) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sweep, key) DO UPDATE SET epochs = excluded.epochs, model = excluded.model, updated = now()`,
      [this.sweepId, key, epochs, model],
    );
  }

  /** Notes that a trial's rung is to be trained; false when it was noted already. */
  async plan(key: string, rung: number, sql: Sql = this.pool): Promise<boolean> {
    const { rowCount } = await sql.query('INSERT INTO latentlab.planned (sweep, key, rung) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [this.sweepId, key, rung]);
    return rowCount === 1;
  }

  async planned(sql: Sql = this.pool): Promise<{ key: string; rung: number }[]> {
    const { rows } = await sql.query('SELECT key, rung FROM latentlab.planned WHERE sweep = $1', [this.sweepId]);
    return rows as { key: string; rung: number }[];
  }

  /** Runs `work` in one transaction holding this sweep's lock, so that only one worker at a time decides what to train next. */
  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return transaction(this.pool, async (sql) => {
      await sql.query('SELECT id FROM latentlab.sweeps WHERE id = $1 FOR UPDATE', [this.sweepId]);
      return work(sql);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function storedSweep(row: { name: string; quick: boolean; spec: unknown; trials: number }): StoredSweep {
  return { name: row.name, quick: row.quick, spec: row.spec, trials: row.trials };
}

/** Runs `work` in a transaction on one connection of `pool`: committed when it returns, rolled back when it throws. */
export async function transaction<T>(pool: pg.Pool, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
