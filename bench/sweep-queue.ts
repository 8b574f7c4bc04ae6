/**
 * Sweeps on PostgreSQL (issue 14, item 2): the queue's own cost per trial, and the throughput of 2
 * worker processes against 1 on this machine.
 *
 *     npx tsx bench/sweep-queue.ts [--store postgres://...] [--trials 1000]
 *                                  [--throughput-trials 24] [--throughput-epochs 60000] [--rounds 2]
 *
 * Without --store it starts a PostgreSQL server of its own in a temporary folder (as the tests do).
 *
 * Queue cost: --trials trials of one epoch each (the font, 35-8-2-8-35), first trained in this
 * process with nothing around them (runTrial: load the data, start the run, one epoch, measure),
 * then by one worker in this process from the queue (fetch the job, note its start, read its
 * checkpoint, the same trial, record the result and complete the job in one transaction). The
 * difference per trial is what the queue and the store cost.
 *
 * Throughput: a sweep of --throughput-trials trials of the study's net (35-20-2-20-35) trained
 * --throughput-epochs epochs each with no early stop (about 1.5 s of one core each), by one
 * `latentlab worker` process, then (a new database) by two, each in a session of its own; --rounds
 * times, alternating, so that both see the same load. Each worker trains on one thread (the font's
 * layers are far too small to split over kernel threads). Timed from the first trial's start to
 * the last result, as the store recorded them; beside it, the share of that span the workers spent
 * training (the trials' summed train seconds over workers x span: what is left went to the queue,
 * the store and waiting), the mean train seconds of a trial (longer with 2 workers when they share
 * the CPU with other processes) and the workers' CPU seconds per trial (GNU time, /usr/bin/time).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { queueSweep, runWorker } from '../src/experiments/distributed-sweep.js';
import { parseExperiment } from '../src/experiments/experiment-spec.js';
import { jobTask, openSweep } from '../src/experiments/sweep.js';
import { runTrial } from '../src/io/trial-worker.js';
import { startPostgres, type TestPostgres } from '../test/setup/postgres-server.js';
import { cpuModel, integerFlag, median } from './measure.js';

const trials = integerFlag('trials', 1000);
const throughputTrials = integerFlag('throughput-trials', 24);
const throughputEpochs = integerFlag('throughput-epochs', 60000);
const rounds = integerFlag('rounds', 2);
const storeAt = process.argv.indexOf('--store');
const root = join(import.meta.dirname, '..');

let server: TestPostgres | undefined;
const newDatabase = async (name: string): Promise<string> => {
  if (storeAt < 0) return (server ??= await startPostgres()).newDatabase(name);
  const url = process.argv[storeAt + 1];
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return url.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
};
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

const sweepSpec = (name: string, epochs: number, seeds: number, width: number) =>
  parseExperiment({
    name,
    title: name,
    kind: 'autoencoder',
    preset: 'ae-font',
    base: { model: { encoder: [width], decoder: [width] }, training: { epochs, optimizer: { name: 'adam', lr: 0.002 } } },
    seeds: { first: 1, count: seeds },
  });

try {
  console.log(`${cpuModel()}; load average ${load()} at the start`);

  // The queue's own cost per trial.
  const experiment = sweepSpec('queue-cost', 1, trials, 8);
  const url = await newDatabase(`queue_cost_${process.pid}`);
  const sweep = await openSweep(experiment, false, url);
  await queueSweep(sweep, 60);
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const bare = performance.now();
  const bareCpu = process.cpuUsage();
  for (const trial of sweep.trials) runTrial(jobTask(sweep, { key: trial.key, rung: 0 }));
  const bareMs = (performance.now() - bare) / trials;
  const bareCpuMs = cpuMs(bareCpu) / trials;
  const queued = performance.now();
  const queuedCpu = process.cpuUsage();
  const serverBefore = server?.cpuSeconds();
  const ran = await runWorker(url);
  const queuedMs = (performance.now() - queued) / trials;
  const queuedCpuMs = cpuMs(queuedCpu) / trials;
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the worker's server processes have ended: let the server count their time
  const serverMs = server && serverBefore !== undefined ? ((server.cpuSeconds() - serverBefore) * 1000) / trials : undefined;
  const recorded = (await sweep.store.results()).length;
  // What one round trip to the server costs now (the worker makes 4 per trial: fetch, take up, record, complete).
  const pings: number[] = [];
  const ping = new pg.Client({ connectionString: url });
  await ping.connect();
  for (let i = 0; i < 200; i++) {
    const sent = performance.now();
    await ping.query('SELECT 1');
    pings.push(performance.now() - sent);
  }
  await ping.end();
  await sweep.store.close();
  if (ran !== trials || recorded !== trials) throw new Error(`the worker ran ${ran} jobs and recorded ${recorded} results of ${trials}`);
  console.log(`${trials} one-epoch trials, wall time: ${bareMs.toFixed(2)} ms each alone, ${queuedMs.toFixed(2)} ms each from the queue: the queue and store cost ${(queuedMs - bareMs).toFixed(2)} ms per trial (load ${load()})`);
  console.log(`one round trip (SELECT 1) now: median ${median(pings).toFixed(2)} ms`);
  console.log(
    `CPU time per trial: ${bareCpuMs.toFixed(2)} ms alone, ${queuedCpuMs.toFixed(2)} ms from the queue (worker process)` +
      (serverMs === undefined ? '' : ` + ${serverMs.toFixed(2)} ms of the PostgreSQL server: the queue and store cost ${(queuedCpuMs - bareCpuMs + serverMs).toFixed(2)} ms of CPU per trial`),
  );

  // Throughput: 1 worker process against 2, alternating.
  const dir = mkdtempSync(join(tmpdir(), 'latentlab-bench-'));
  const specFile = join(dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify(sweepSpec('throughput', throughputEpochs, throughputTrials, 20)));
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  const spans: Record<1 | 2, number[]> = { 1: [], 2: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const workers of [1, 2] as const) {
      const store = await newDatabase(`throughput_${round}_${workers}_${process.pid}`);
      const queue = cli(['sweep', specFile, '--store', store, '--detach']);
      if (queue.status !== 0) throw new Error(queue.stderr);
      const loadBefore = load();
      const started = performance.now();
      // Each worker process in a session of its own: Linux's autogroup scheduling shares the CPU between
      // sessions, so on a busy machine two processes of one session get no more CPU than one.
      // GNU time writes each worker's CPU seconds (user, system) to a file.
      const cpuFiles = Array.from({ length: workers }, (_, w) => join(dir, `cpu-${round}-${workers}-${w}`));
      const codes = await Promise.all(
        cpuFiles.map((cpuFile) => {
          const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, process.execPath, '--import', 'tsx', join(root, 'src/cli/main.ts'), 'worker', '--store', store], { cwd: root, stdio: 'ignore', detached: true });
          return new Promise<number | null>((resolve) => child.on('exit', resolve));
        }),
      );
      const workerCpu = cpuFiles.reduce((sum, file) => sum + readFileSync(file, 'utf8').trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0), 0);
      if (codes.some((code) => code !== 0)) throw new Error(`a worker failed: exit codes ${codes.join(', ')}`);
      const command = (performance.now() - started) / 1000;
      // From the first trial's start to the last result, as the store saw them (without the workers' start-up).
      const db = new pg.Client({ connectionString: store });
      await db.connect();
      const { rows } = await db.query(
        `SELECT extract(epoch FROM (SELECT max(finished) FROM latentlab.results) - (SELECT min(at) FROM latentlab.starts))::float AS span,
                (SELECT sum((summary->>'trainSeconds')::float) FROM latentlab.results) AS training,
                (SELECT count(*)::int FROM latentlab.results) AS recorded`,
      );
      await db.end();
      const { span, training, recorded } = rows[0] as { span: number; training: number; recorded: number };
      if (recorded !== throughputTrials) throw new Error(`${recorded} results of ${throughputTrials} trials`);
      spans[workers].push(span);
      console.log(
        `round ${round}: ${throughputTrials} trials of ${throughputEpochs} epochs, ${workers} worker process${workers > 1 ? 'es' : ''}: ${span.toFixed(1)} s from the first start to the last result ` +
          `(training ${((100 * training) / (workers * span)).toFixed(0)}% of it, ${(training / throughputTrials).toFixed(2)} s a trial; the workers' CPU with their start-up ${(workerCpu / throughputTrials).toFixed(2)} s a trial; ` +
          `the command ${command.toFixed(1)} s; load ${loadBefore} before, ${load()} after)`,
      );
    }
    console.log(`round ${round}: 2 workers against 1: ${(spans[1][round - 1] / spans[2][round - 1]).toFixed(2)}x the throughput`);
  }
  const ratios = spans[1].map((one, i) => one / spans[2][i]);
  console.log(`2 workers against 1 over ${rounds} rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}x (median ${median(ratios).toFixed(2)}x)`);
} finally {
  server?.stop();
}
