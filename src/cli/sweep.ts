import { openQueue, queueSweep, sweepStatus, type SweepStatus } from '../experiments/distributed-sweep.js';
import { readExperimentFile } from '../experiments/experiment-file.js';
import { latestStoreFile, openStoredSweep, openSweep, runSweep, sweepLeaderboard, sweepProgress, type Sweep, type SweepProgress } from '../experiments/sweep.js';
import { writeFileAtomic } from '../io/files.js';
import { isPostgresLocation } from '../io/postgres-connection.js';
import { leaderboardCsv, leaderboardLines } from './leaderboard-table.js';
import { bar, clock, LiveView } from './live-view.js';
import { print, printJson } from './style.js';

export interface SweepFlags {
  resume?: boolean;
  /** The store: a SQLite file (default out/sweeps/<name>.sqlite) or a postgres:// URL. */
  store?: string;
  /** The older name of --store (a SQLite file). */
  db?: string;
  threads: number;
  quick?: boolean;
  top: number;
  /** Also write the whole leaderboard to this CSV file. */
  csv?: string;
  status?: boolean;
  json?: boolean;
  /** PostgreSQL: seconds a whole trial may take before its job is taken for dead. */
  trialSeconds?: number;
  /** PostgreSQL: queue the trials and return, without waiting for the workers. */
  detach?: boolean;
}

/** How often the leaderboard of a sweep on PostgreSQL is read again while workers train it. */
const WATCH_MS = 1000;

/**
 * `latentlab sweep spec.json` / `--resume` / `--status`: a grid (or random pick) of trials, with
 * ASHA when the spec says so, on all cores with a SQLite store, or on PostgreSQL for workers on any
 * number of machines (`--store postgres://...`, then `latentlab worker`), with a live leaderboard.
 */
export async function sweep(specFile: string | undefined, flags: SweepFlags): Promise<void> {
  const location = flags.store ?? flags.db;
  if (!specFile && !flags.resume && !flags.status) throw new Error('give a sweep spec file (e.g. experiments/ae-font-widths.json), or --resume to continue the last sweep, or --status');
  const experiment = specFile ? readExperimentFile(specFile) : undefined;
  const onPostgres = location !== undefined && isPostgresLocation(location);
  const opened =
    experiment && !flags.status
      ? await openSweep(experiment, Boolean(flags.quick), location)
      : await openStoredSweep(location ?? latestStoreFile(), experiment?.name);
  try {
    if (flags.status) return await printStatus(opened, flags);
    if (onPostgres) {
      const queued = await queueSweep(opened, flags.trialSeconds);
      const note = `${opened.experiment.name}${opened.quick ? ' (quick)' : ''}: ${opened.trials.length} trials in ${opened.store.location}; ${queued} jobs queued. Start workers on any machine: latentlab worker --store ${opened.store.location}\n`;
      (flags.json ? process.stderr : process.stdout).write(note);
      if (flags.detach) return;
    }
    await train(opened, flags, onPostgres);
  } finally {
    await opened.store.close();
  }
}

async function train(opened: Sweep, flags: SweepFlags, onPostgres: boolean): Promise<void> {
  const { store, experiment } = opened;
  // Progress on stderr (a live view on a terminal), the leaderboard on stdout.
  const out = process.stderr;
  const live = out.isTTY ? new LiveView(out) : undefined;
  const started = Date.now();
  let doneAtStart = -1;
  let lastLogged = -1;
  const report = (p: SweepProgress, final = false) => {
    if (doneAtStart < 0) {
      doneAtStart = p.done;
      const where = onPostgres ? 'workers' : `${flags.threads} threads`;
      out.write(`${experiment.name}${opened.quick ? ' (quick)' : ''}: ${p.total} trials on ${where}, store ${store.location}` + (p.done > 0 ? `; resuming, ${p.done} already finished\n` : '\n'));
    }
    const elapsed = (Date.now() - started) / 1000;
    const fresh = p.done - doneAtStart;
    const eta = fresh > 0 && !experiment.schedule ? (elapsed / fresh) * (p.total - p.done) : NaN;
    const status = `${bar(p.done / p.total)} ${p.done}/${p.total} trials  elapsed ${clock(elapsed)}${Number.isFinite(eta) && p.done < p.total ? `  ETA ${clock(eta)}` : ''}`;
    if (live) {
      live.draw([status, '', ...leaderboardLines(p.board, flags.top)], final);
    } else if (p.done !== lastLogged && (final || p.done === p.total || Math.floor((20 * p.done) / p.total) !== Math.floor((20 * lastLogged) / p.total))) {
      lastLogged = p.done;
      const leader = p.board[0];
      out.write(`${status}${leader ? `  leader: ${leader.variant} (${leader.successes}/${leader.trials})` : ''}\n`);
    }
  };
  let last: SweepProgress | undefined;
  const board = onPostgres ? await watch(opened, (p) => report((last = p))) : await runSweep(opened, flags.threads, (p) => report((last = p)));
  if (last) report({ ...last, board }, true);
  if (flags.csv) writeFileAtomic(flags.csv, leaderboardCsv(board));
  if (flags.json) {
    printJson({ sweep: experiment.name, quick: opened.quick, store: store.location, trials: opened.trials.length, done: last?.done ?? 0, leaderboard: board, ...(flags.csv && { csv: flags.csv }) });
    return;
  }
  print([
    '',
      ...leaderboardLines(board, flags.top),
      ...(flags.csv ? ['', `Leaderboard (every variant): ${flags.csv}`] : []),
      '',
    `Trials recorded in ${store.location} (${onPostgres ? `state: latentlab sweep --status --store ${store.location}` : `resume with \`latentlab sweep --resume --store ${store.location}\``}).`,
  ]);
}

/** Follows a sweep on PostgreSQL until no job of it is queued or running: the leaderboard as workers record results. */
async function watch(opened: Sweep, onProgress: (progress: SweepProgress) => void) {
  const queue = await openQueue(opened);
  try {
    for (;;) {
      const results = await opened.store.results();
      onProgress(sweepProgress(opened, results));
      const status = await sweepStatus(opened, queue);
      if (status.queue && status.queue.queued === 0 && status.running.length === 0) {
        if (status.queue.failed.length > 0) throw new Error(`${status.queue.failed.length} trials failed after their retries (see latentlab sweep --status --store ${opened.store.location}); run the sweep again to queue them again`);
        return sweepLeaderboard(opened, await opened.store.results());
      }
      await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
    }
  } finally {
    await queue.stop();
  }
}

async function printStatus(opened: Sweep, flags: SweepFlags): Promise<void> {
  const status = await sweepStatus(opened);
  const board = sweepLeaderboard(opened, await opened.store.results());
  if (flags.json) {
    printJson({ ...status, leaderboard: board });
    return;
  }
  print([...statusLines(status), '', ...leaderboardLines(board, flags.top)]);
}

function statusLines(s: SweepStatus): string[] {
  const lines = [
    `${s.name}${s.quick ? ' (quick)' : ''} in ${s.store}`,
    `  trials: ${s.trials}, done ${s.done} (${s.diverged} diverged)${s.resultsByRung.length > 1 ? `; results by rung: ${s.resultsByRung.join(', ')}` : ''}`,
  ];
  if (s.queue) lines.push(`  queue: ${s.queue.queued} queued, ${s.running.length} running, ${s.queue.failed.length} failed, ${s.queue.retried} retried`);
  // SQLite knows only that a trial started and has no result: running now, or stopped with its sweep.
  const running = s.queue ? 'running' : 'started, no result yet';
  for (const r of s.running) lines.push(`  ${running}: ${r.key} (rung ${r.rung}) on ${r.worker || '?'} since ${r.since}${r.retries ? `, retry ${r.retries}` : ''}`);
  for (const r of s.restarted) lines.push(`  started ${r.starts} times: ${r.key} (rung ${r.rung})`);
  return lines;
}
