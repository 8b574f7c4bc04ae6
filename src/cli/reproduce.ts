import { performance } from 'node:perf_hooks';
import { reproduce as reproduceStudies, type ReproduceEvent } from '../experiments/reproduce.js';
import { leaderboardLines } from './leaderboard-table.js';
import { bar, clock, LiveView } from './live-view.js';
import { print, printJson } from './style.js';

export interface ReproduceFlags {
  quick?: boolean;
  only?: string[];
  out?: string;
  threads: number;
  reportOnly?: boolean;
  json?: boolean;
}

/** `latentlab reproduce`: every study of the digest, trained, charted and written up in one HTML report. */
export async function reproduce(flags: ReproduceFlags): Promise<void> {
  // Progress on stderr (a live view on a terminal), the summary on stdout.
  const out = process.stderr;
  const live = out.isTTY ? new LiveView(out) : undefined;
  const started = performance.now();
  const elapsed = () => clock((performance.now() - started) / 1000);
  /** A progress frame: redrawn in place on a terminal, else printed at each tenth and at the end. */
  const progress = (lines: string[], done: number, total: number) => {
    const finished = done === total;
    if (live) {
      live.draw(lines, finished);
      if (finished) live.commit();
    } else if (finished || Math.floor((10 * done) / total) !== Math.floor((10 * (done - 1)) / total)) {
      out.write(`${lines[0]}\n`);
    }
  };
  const onEvent = (event: ReproduceEvent) => {
    if (event.type === 'experiment') {
      progress([`[${elapsed()}] experiment ${event.name}: ${bar(event.done / event.total)} ${event.done}/${event.total} runs`], event.done, event.total);
    } else if (event.type === 'sweep') {
      const p = event.progress;
      progress([`[${elapsed()}] sweep ${event.name}: ${bar(p.done / p.total)} ${p.done}/${p.total} trials`, ...leaderboardLines(p.board, 5)], p.done, p.total);
    } else if (event.type === 'stage') {
      out.write(`  ${event.label}: ${event.seconds.toFixed(1)} s\n`);
    } else {
      out.write(`[${elapsed()}] figure ${event.id} (${event.seconds.toFixed(1)} s)\n`);
      for (const warning of event.warnings) process.stderr.write(`  vega-lite warning in ${event.id}: ${warning}\n`);
    }
  };
  if (flags.quick) out.write('Quick run: fewer seeds and epochs than the full study (the report says so).\n');
  const summary = await reproduceStudies({ quick: Boolean(flags.quick), only: flags.only, outDir: flags.out, threads: flags.threads, reportOnly: flags.reportOnly, onEvent });
  if (flags.json) {
    printJson({ quick: Boolean(flags.quick), report: summary.reportFile, figures: summary.figureFiles, seconds: (performance.now() - started) / 1000, threads: flags.threads });
    return;
  }
  print(['', `Report: ${summary.reportFile} (${summary.figureFiles.length} figures, PNGs beside it)`, `Wall time: ${elapsed()} on ${flags.threads} threads`]);
}
