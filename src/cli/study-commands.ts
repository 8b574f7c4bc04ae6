import type { Command } from 'commander';
import { defaultThreads } from '../io/trial-pool.js';
import { studyNames } from '../experiments/studies.js';
import { integer, threadCount } from './parse.js';
import { reproduce } from './reproduce.js';
import { sweep } from './sweep.js';

/** Registers `sweep` and `reproduce`: the commands that run many trainings at once. */
export function registerStudyCommands(command: (name: string) => Command): void {
  command('sweep')
    .argument('[spec]', 'sweep spec file, e.g. experiments/ae-font-widths.json')
    .option('--resume', 'continue a sweep: the store given by --db, or the most recent one in out/sweeps')
    .option('--db <file>', 'the SQLite store (default out/sweeps/<name>.sqlite)')
    .option('--threads <n>', 'worker threads (default: one per core)', threadCount, defaultThreads)
    .option('--quick', 'the spec\'s quick version (fewer seeds, fewer epochs)')
    .option('--top <n>', 'leaderboard rows to show', integer, 12)
    .option('--csv <file>', 'also write the whole leaderboard as CSV')
    .option('--json', 'print the leaderboard as JSON (progress stays on stderr)')
    .action(sweep);

  command('reproduce')
    .option('--quick', 'fewer seeds and epochs (about 2 minutes on 2 cores), clearly labelled in the report')
    .option('--only <studies...>', `only these studies: ${studyNames.join(', ')}`)
    .option('--out <dir>', 'where runs, sweeps and the report go (default out/reproduce, or out/reproduce-quick)')
    .option('--threads <n>', 'worker threads (default: one per core)', threadCount, defaultThreads)
    .option('--report-only', 'rebuild figures and report from the results on disk, without training')
    .option('--json', 'print the report\'s files as JSON (progress stays on stderr)')
    .action(reproduce);
}
