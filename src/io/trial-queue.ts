import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Sql } from './postgres-trial-store.js';

/** pg-boss keeps its tables in this schema of the sweep's database. */
const QUEUE_SCHEMA = 'latentlab_queue';
export const TRIAL_QUEUE = 'latentlab-trials';
/** How often a worker may look for jobs whose worker vanished (pg-boss runs this on one worker at a time). */
export const MAINTENANCE_SECONDS = 5;
/** A trial whose job failed (an error, not a divergence) is tried this many more times before it is given up. */
const RETRY_LIMIT = 3;

/** One job: train one trial of one sweep to one rung. */
export interface TrialJob {
  sweep: number;
  key: string;
  rung: number;
}

/** What the queue holds for one sweep, by state. */
export interface QueueState {
  queued: number;
  /** Jobs a worker has taken, with how many times each was retried. */
  active: { key: string; rung: number; retries: number; startedAt: string }[];
  /** Jobs given up after RETRY_LIMIT retries. */
  failed: { key: string; rung: number }[];
  /** Jobs (queued, active, done or failed) that were retried at least once: their worker died or their trial threw. */
  retried: number;
}

/**
 * The sweeps' trials as jobs of pg-boss (version 10, maintained, on PostgreSQL). A worker takes a
 * job (SKIP LOCKED, so no two workers take the same one) and completes it in the transaction that
 * records its result. A job whose worker dies (SIGKILL, a lost machine) stays active until its
 * expiry, sized to the trial when it is sent; pg-boss's maintenance then puts it back in the queue
 * and another worker takes it up, from the trial's last checkpoint.
 */
export class TrialQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly pool: pg.Pool,
  ) {}

  /** pg-boss on the store's pool; `supervise`: this process also expires the jobs of dead workers. */
  static async open(pool: pg.Pool, supervise: boolean): Promise<TrialQueue> {
    const boss = new PgBoss({
      db: executor(pool),
      schema: QUEUE_SCHEMA,
      supervise,
      schedule: false,
      maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
    });
    boss.on('error', () => {}); // maintenance errors (a lost connection) are retried at the next interval
    await boss.start();
    if (!(await boss.getQueue(TRIAL_QUEUE))) {
      try {
        await boss.createQueue(TRIAL_QUEUE, { name: TRIAL_QUEUE, policy: 'standard', retryLimit: RETRY_LIMIT });
      } catch (error) {
        if (!(await boss.getQueue(TRIAL_QUEUE))) throw error; // else another worker made it at the same moment
      }
    }
    return new TrialQueue(boss, pool);
  }

  /** Queues jobs, each expiring after its `expireInSeconds` of being active (then it is retried). */
  async send(jobs: { job: TrialJob; expireInSeconds: number }[], sql?: Sql): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(
      // Higher rungs first: ASHA's promotions go before trials not started yet.
      jobs.map(({ job, expireInSeconds }) => ({ name: TRIAL_QUEUE, data: job, priority: job.rung, expireInSeconds: Math.max(1, Math.ceil(expireInSeconds)), retryLimit: RETRY_LIMIT })),
      sql ? { db: executor(sql) } : {},
    );
  }

  /** The next job, or undefined when none is waiting. */
  async fetch(): Promise<{ id: string; job: TrialJob } | undefined> {
    const [found] = await this.boss.fetch<TrialJob>(TRIAL_QUEUE, { batchSize: 1 });
    return found && { id: found.id, job: found.data };
  }

  /** Marks a job done (in the transaction `sql` when given); a job no longer active (it expired meanwhile) is left as it is. */
  async complete(id: string, sql?: Sql): Promise<void> {
    await this.boss.complete(TRIAL_QUEUE, id, {}, sql ? { db: executor(sql) } : {});
  }

  /** Gives a job back as failed (pg-boss retries it up to its limit). */
  async fail(id: string, error: Error): Promise<void> {
    await this.boss.fail(TRIAL_QUEUE, id, { message: error.message });
  }

  /** Jobs of any sweep still queued or active. */
  async openJobs(): Promise<number> {
    const { rows } = await this.pool.query(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [TRIAL_QUEUE]);
    return rows[0].n as number;
  }

  /** The jobs of one sweep by state (pg-boss's job table, read directly: its API counts whole queues only). */
  async state(sweep: number): Promise<QueueState> {
    const { rows } = await this.pool.query(
      `SELECT data->>'key' AS key, (data->>'rung')::int AS rung, state, retry_count, started_on FROM ${QUEUE_SCHEMA}.job
       WHERE name = $1 AND (data->>'sweep')::int = $2
       UNION ALL
       SELECT data->>'key', (data->>'rung')::int, state, retry_count, started_on FROM ${QUEUE_SCHEMA}.archive
       WHERE name = $1 AND (data->>'sweep')::int = $2`,
      [TRIAL_QUEUE, sweep],
    );
    return {
      queued: rows.filter((r) => r.state === 'created' || r.state === 'retry').length,
      active: rows.filter((r) => r.state === 'active').map((r) => ({ key: r.key, rung: r.rung, retries: r.retry_count, startedAt: (r.started_on as Date).toISOString() })),
      failed: rows.filter((r) => r.state === 'failed').map((r) => ({ key: r.key, rung: r.rung })),
      retried: rows.filter((r) => r.retry_count > 0).length,
    };
  }

  /** The trials of a sweep that have a queued or active job. */
  async pending(sweep: number): Promise<Set<string>> {
    const { rows } = await this.pool.query(
      `SELECT data->>'key' AS key, data->>'rung' AS rung FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND (data->>'sweep')::int = $2 AND state IN ('created', 'retry', 'active')`,
      [TRIAL_QUEUE, sweep],
    );
    return new Set(rows.map((r) => `${r.key}@${r.rung}`));
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, close: false, wait: true });
  }
}

/** pg-boss's way to run SQL on a connection it does not own. */
function executor(sql: Sql): PgBoss.Db {
  return { executeSql: (text: string, values: unknown[]) => sql.query(text, values) };
}
