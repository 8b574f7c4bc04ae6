import type { Command } from 'commander';
import { defaultThreads } from '../io/trial-pool.js';
import { studyNames } from '../experiments/studies.js';
import { integer, number, threadCount } from './parse.js';
import { reproduce } from './reproduce.js';
import { sweep } from './sweep.js';
import { worker } from './worker.js';

/** Registers `sweep`, `worker` and `reproduce`: the commands that run many trainings at once. */
export function registerStudyCommands(command: (name: string) => Command): void {
  command('sweep')
    .argument('[spec]', 'sweep spec file, e.g. experiments/ae-font-widths.json')
    .option('--resume', 'continue a sweep: the one in --store, or the most recent one in out/sweeps')
    .option('--store <location>', 'a SQLite file (default out/sweeps/<name>.sqlite) or postgres://USER@HOST[:PORT]/DATABASE (password from PGPASSWORD; other parts default to PG* variables)')
    .option('--db <file>', 'the SQLite store (the older name of --store)')
    .option('--status', 'print the state of the sweep (in --store; with a spec, that sweep): trials queued, running on which worker, done, failed, retried')
    .option('--trial-seconds <s>', 'PostgreSQL: seconds a whole trial may take before a worker is taken for dead and its trial retried (default: 20x the time this machine takes, at least 60)', number)
    .option('--detach', 'PostgreSQL: queue the trials and return, without following the workers')
    .option('--threads <n>', 'worker threads (default: one per core)', threadCount, defaultThreads)
    .option('--quick', 'the spec\'s quick version (fewer seeds, fewer epochs)')
    .option('--top <n>', 'leaderboard rows to show', integer, 12)
    .option('--csv <file>', 'also write the whole leaderboard as CSV')
    .option('--json', 'print the leaderboard (and with --status, the state) as one JSON document (progress stays on stderr)')
    .action(sweep);

  command('worker')
    .option('--store <url>', 'postgres://USER@HOST[:PORT]/DATABASE (or LATENTLAB_STORE; password from PGPASSWORD, TLS with ?sslmode=require)')
    .option('--workers <n>', 'worker processes here, one trial each at a time', integer, 1)
    .option('--checkpoint-every <n>', 'save each trial to the store every n epochs (default: about every 5 seconds of training)', integer)
    .option('--trial-seconds <s>', 'seconds a whole trial may take before its worker is taken for dead (for the promotions this worker queues)', number)
    .action(worker);

  command('reproduce')
    .option('--quick', 'fewer seeds and epochs (about 80 seconds on 2 cores), clearly labelled in the report')
    .option('--only <studies...>', `only these studies: ${studyNames.join(', ')}`)
    .option('--out <dir>', 'where runs, sweeps and the report go (default out/reproduce, or out/reproduce-quick)')
    .option('--threads <n>', 'worker threads (default: one per core)', threadCount, defaultThreads)
    .option('--report-only', 'rebuild figures and report from the results on disk, without training')
    .option('--json', 'print the report\'s files as JSON (progress stays on stderr)')
    .action(reproduce);
}
