import { readExperimentFile } from '../experiments/experiment-file.js';
import { latestStoreFile, openSweep, runSweep, type SweepProgress } from '../experiments/sweep.js';
import { SweepStore } from '../experiments/sweep-store.js';
import { writeFileAtomic } from '../io/files.js';
import { leaderboardCsv, leaderboardLines } from './leaderboard-table.js';
import { bar, clock, LiveView } from './live-view.js';
import { print, printJson } from './style.js';

export interface SweepFlags {
  resume?: boolean;
  db?: string;
  threads: number;
  quick?: boolean;
  top: number;
  /** Also write the whole leaderboard to this CSV file. */
  csv?: string;
  json?: boolean;
}

/** `latentlab sweep spec.json` / `latentlab sweep --resume`: a grid of trials on all cores, recorded in SQLite. */
export async function sweep(specFile: string | undefined, flags: SweepFlags): Promise<void> {
  if (!specFile && !flags.resume) throw new Error('give a sweep spec file (e.g. experiments/ae-font-widths.json), or --resume to continue the last sweep');
  const store = specFile ? openSweep(readExperimentFile(specFile), Boolean(flags.quick), flags.db) : SweepStore.open(flags.db ?? latestStoreFile());
  try {
    const { name } = store.experiment;
    // Progress on stderr (a live view on a terminal), the leaderboard on stdout.
    const out = process.stderr;
    const live = out.isTTY ? new LiveView(out) : undefined;
    const started = Date.now();
    let doneAtStart = -1;
    let lastLogged = -1;
    const report = (p: SweepProgress, final = false) => {
      if (doneAtStart < 0) {
        doneAtStart = p.done;
        out.write(`${name}${store.quick ? ' (quick)' : ''}: ${p.total} trials on ${flags.threads} threads, store ${store.file}` + (p.done > 0 ? `; resuming, ${p.done} already finished\n` : '\n'));
      }
      const elapsed = (Date.now() - started) / 1000;
      const fresh = p.done - doneAtStart;
      const eta = fresh > 0 ? (elapsed / fresh) * (p.total - p.done) : NaN;
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
    const board = await runSweep(store, flags.threads, (p) => report((last = p)));
    if (last) report({ ...last, board }, true);
    if (flags.csv) writeFileAtomic(flags.csv, leaderboardCsv(board));
    if (flags.json) {
      printJson({ name, quick: store.quick, store: store.file, leaderboard: board, ...(flags.csv && { csv: flags.csv }) });
      return;
    }
    print([
      ...(live ? [] : ['']),
      ...leaderboardLines(board, flags.top),
      ...(flags.csv ? ['', `Leaderboard (every variant): ${flags.csv}`] : []),
      '',
      `Trials recorded in ${store.file} (resume with \`latentlab sweep --resume --db ${store.file}\`).`,
    ]);
  } finally {
    store.close();
  }
}
