import { fork } from 'node:child_process';
import { runWorker, workerName, type WorkerEvent } from '../experiments/distributed-sweep.js';
import { isPostgresLocation } from '../io/postgres-connection.js';

export interface WorkerFlags {
  store?: string;
  workers: number;
  checkpointEvery?: number;
  trialSeconds?: number;
}

/** The environment variable that may hold the store's URL (children of `--workers N` get it this way, never on their command line). */
const STORE_VARIABLE = 'LATENTLAB_STORE';

/**
 * `latentlab worker --store postgres://...`: takes trials of the sweeps in that database until none
 * is queued or running. `--workers N` runs N worker processes here (one trial each at a time).
 */
export async function worker(flags: WorkerFlags): Promise<void> {
  const url = flags.store ?? process.env[STORE_VARIABLE];
  if (!url) throw new Error(`give the sweep's store: --store postgres://USER@HOST/DATABASE (or set ${STORE_VARIABLE})`);
  if (!isPostgresLocation(url)) throw new Error(`workers share a PostgreSQL store (--store postgres://...), got "${url}"; a SQLite sweep runs on this machine with latentlab sweep`);
  if (!Number.isInteger(flags.workers) || flags.workers < 1) throw new RangeError(`--workers must be a positive whole number, got ${flags.workers}`);
  if (flags.workers > 1) return forkWorkers(url, flags);
  const jobs = await runWorker(url, { checkpointEvery: flags.checkpointEvery, trialSeconds: flags.trialSeconds, onEvent: (event) => process.stdout.write(`${eventLine(event)}\n`) });
  process.stdout.write(`${workerName}: no trial left to take after ${jobs} jobs\n`);
}

function eventLine(event: WorkerEvent): string {
  const job = `${event.sweep}: ${event.job.key}${event.job.rung > 0 ? ` (rung ${event.job.rung})` : ''}`;
  if (event.type === 'start') return `${workerName} started ${job}${event.resumedFrom !== undefined ? `, from its checkpoint at epoch ${event.resumedFrom}` : ''}`;
  if (event.type === 'done') return `${workerName} ${event.outcome} ${job}${event.recorded ? '' : ' (already recorded by another worker: kept theirs)'}${event.promoted ? `; ${event.promoted} promoted` : ''}`;
  return `${workerName} failed ${job}: ${event.message}`;
}

/** N worker processes of this program, each with --workers 1; fails when any of them fails. */
async function forkWorkers(url: string, flags: WorkerFlags): Promise<void> {
  const args = ['worker', '--workers', '1', ...(flags.checkpointEvery ? ['--checkpoint-every', String(flags.checkpointEvery)] : []), ...(flags.trialSeconds ? ['--trial-seconds', String(flags.trialSeconds)] : [])];
  const children = Array.from({ length: flags.workers }, () => fork(process.argv[1], args, { env: { ...process.env, [STORE_VARIABLE]: url }, stdio: 'inherit' }));
  const stop = (signal: NodeJS.Signals) => children.forEach((child) => child.kill(signal));
  process.once('SIGINT', stop).once('SIGTERM', stop);
  const codes = await Promise.all(children.map((child) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))));
  const failed = codes.filter((code) => code !== 0).length;
  if (failed > 0) throw new Error(`${failed} of ${flags.workers} workers failed`);
}
