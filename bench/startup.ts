/**
 * Start-up time of the CLI as whole processes (issue 15, item 7): `latentlab --help` (target at most
 * 0.15 s) and `latentlab train --preset ae-font-best` (at most 0.3 s, training included), the median
 * of --rounds (10) runs each, after one warm-up run. Runs the built CLI (bin/latentlab.js, so
 * `npm run build` first). Prints a line per command, then one JSON line.
 *
 *   npx tsx bench/startup.ts [--rounds 10]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpuModel, integerFlag, median } from './measure.js';

const rounds = integerFlag('rounds', 10);
const cli = join(import.meta.dirname, '..', 'bin', 'latentlab.js');
const folder = mkdtempSync(join(tmpdir(), 'latentlab-startup-'));

const commands: Record<string, { args: string[]; target: number }> = {
  help: { args: ['--help'], target: 0.15 },
  'train ae-font-best': { args: ['train', '--preset', 'ae-font-best', '--out', join(folder, 'run'), '--force'], target: 0.3 },
};

/** Seconds of one whole process. */
function timed(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [cli, ...args], { cwd: folder, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`latentlab ${args.join(' ')} failed: ${run.stderr}`);
  return seconds;
}

const results: Record<string, { medianSeconds: number; min: number; max: number; target: number; met: boolean }> = {};
try {
  for (const [name, { args, target }] of Object.entries(commands)) {
    timed(args);
    const times = Array.from({ length: rounds }, () => timed(args));
    const medianSeconds = median(times);
    results[name] = { medianSeconds, min: Math.min(...times), max: Math.max(...times), target, met: medianSeconds <= target };
    console.log(`${name.padEnd(20)} median ${medianSeconds.toFixed(3)} s (min ${Math.min(...times).toFixed(3)}, max ${Math.max(...times).toFixed(3)}) over ${rounds} runs; target <= ${target} s: ${medianSeconds <= target ? 'met' : 'NOT met'}`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
const nodeAlone = median(Array.from({ length: rounds }, () => {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return (performance.now() - started) / 1000;
}));
console.log(`node -e 0 alone: median ${nodeAlone.toFixed(3)} s`);
console.log(JSON.stringify({ bench: 'startup', cpu: cpuModel(), load: loadavg()[0], rounds, nodeAloneSeconds: nodeAlone, results }));
