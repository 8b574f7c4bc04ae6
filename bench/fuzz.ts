/**
 * Fuzzes every parser of outside input (test/fuzz/parsers.ts: model files, dataset files, font.h,
 * experiment specs, noise specs, flag values) with --cases (100,000) generated inputs each, and
 * counts what they do: clean error, crash, hang over 10 s, accepted, accepted-but-inconsistent.
 * Crash, hang and inconsistent must be 0; the first few of each are printed. Each parser runs in
 * a worker thread watched from here, so a hang is caught, counted and skipped.
 *
 *   npx tsx bench/fuzz.ts [--cases 100000] [--only "model files"]
 */
import { loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { cpuModel, integerFlag } from './measure.js';

const HANG_MS = 10_000;
const CHUNK = 500;

interface Job {
  parser: string;
  /** Cases to run, from `first`. */
  first: number;
  cases: number;
  /** Written by the worker: the time (ms) the current case started, and its index. */
  clock: SharedArrayBuffer;
}

type Counts = Record<'clean error' | 'crash' | 'hang' | 'accepted' | 'accepted-but-inconsistent', number>;

if (!isMainThread) {
  const job = workerData as Job;
  const { parsers, tryParser } = await import('../test/fuzz/parsers.js');
  const parser = parsers.find((p) => p.name === job.parser)!;
  const clock = new Float64Array(job.clock);
  for (let start = job.first; start < job.cases; start += CHUNK) {
    const chunk = Math.floor(start / CHUNK);
    const inputs = fc.sample(parser.inputs, { seed: 1000 + chunk, numRuns: CHUNK });
    const results: { outcome: string; detail?: string }[] = [];
    for (let i = start - chunk * CHUNK; i < Math.min(CHUNK, job.cases - chunk * CHUNK); i++) {
      clock[0] = Date.now();
      clock[1] = chunk * CHUNK + i;
      results.push(tryParser(parser, inputs[i]));
    }
    clock[0] = 0;
    parentPort!.postMessage(results);
  }
}

/** Runs `cases` inputs of one parser, restarting its worker after a hang; returns the counts and a few examples. */
async function fuzz(parser: string, cases: number): Promise<{ counts: Counts; examples: string[] }> {
  const counts: Counts = { 'clean error': 0, crash: 0, hang: 0, accepted: 0, 'accepted-but-inconsistent': 0 };
  const examples: string[] = [];
  let next = 0;
  while (next < cases) {
    const clock = new SharedArrayBuffer(16);
    const times = new Float64Array(clock);
    // The worker runs this file too, through tsx's loader.
    const source = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
    const worker = new Worker(source, { eval: true, workerData: { parser, first: next, cases, clock } satisfies Job });
    await new Promise<void>((resolve, reject) => {
      const watch = setInterval(() => {
        if (times[0] > 0 && Date.now() - times[0] > HANG_MS) {
          counts.hang++;
          if (examples.length < 5) examples.push(`hang at case ${times[1]}`);
          next = times[1] + 1;
          clearInterval(watch);
          void worker.terminate().then(() => resolve());
        }
      }, 500);
      worker.on('message', (results: { outcome: keyof Counts; detail?: string }[]) => {
        for (const { outcome, detail } of results) {
          counts[outcome]++;
          if (detail && outcome !== 'accepted' && examples.length < 5) examples.push(`${outcome}: ${detail.slice(0, 200)}`);
        }
        next += results.length;
      });
      worker.on('error', (error) => {
        clearInterval(watch);
        reject(error);
      });
      worker.on('exit', () => {
        clearInterval(watch);
        resolve();
      });
    });
  }
  return { counts, examples };
}

if (isMainThread) {
  const cases = integerFlag('cases', 100_000);
  const at = process.argv.indexOf('--only');
  const { parsers } = await import('../test/fuzz/parsers.js');
  const names = at >= 0 ? [process.argv[at + 1]] : parsers.map((p) => p.name);
  const results: Record<string, Counts> = {};
  const started = Date.now();
  for (const name of names) {
    const t = Date.now();
    const { counts, examples } = await fuzz(name, cases);
    results[name] = counts;
    console.log(`${name.padEnd(18)} ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}  (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    for (const example of examples) console.log(`    ${example}`);
  }
  const bad = Object.values(results).reduce((sum, c) => sum + c.crash + c.hang + c['accepted-but-inconsistent'], 0);
  console.log(bad === 0 ? 'every parser: no crash, no hang, nothing inconsistent accepted' : `${bad} cases crashed, hung or were accepted though inconsistent`);
  console.log(JSON.stringify({ bench: 'fuzz', cpu: cpuModel(), load: loadavg()[0], casesPerParser: cases, seconds: (Date.now() - started) / 1000, results }));
  process.exitCode = bad === 0 ? 0 : 1;
}
