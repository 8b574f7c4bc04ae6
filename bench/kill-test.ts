/**
 * The kill test: SIGKILL at random moments of `train` (an autoencoder and a VAE, saving a checkpoint
 * every few epochs) and of a sweep, --kills (100) times in all, each followed by the next command
 * in the same folder (the same train, resumed when a model file is there; `sweep --resume`). Then it
 * counts, in the folder: orphan temporary files, mixed sets (a result.json that does not name the
 * model.json beside it by its hash), runs left unfinished, and a sweep's lost or doubled trials.
 * Every count must be 0. Runs the built CLI (bin/latentlab.js, so `npm run build` first).
 *
 *   npx tsx bench/kill-test.ts [--kills 100] [--seed 1] [--cli path/to/bin/latentlab.js]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { modelFileHash } from '../src/runs/result-document.js';
import { Rng } from '../src/tensor/rng.js';
import { cpuModel, integerFlag } from './measure.js';

const kills = integerFlag('kills', 100);
const rng = new Rng(integerFlag('seed', 1));
const cliAt = process.argv.indexOf('--cli');
/** The CLI to test: the built one, or --cli another copy (so a rebuild during the test does not change it). */
const cli = cliAt >= 0 ? process.argv[cliAt + 1] : join(import.meta.dirname, '..', 'bin', 'latentlab.js');
const root = mkdtempSync(join(tmpdir(), 'latentlab-kill-'));

const SWEEP_TRIALS = 4;
const sweepSpec = {
  name: 'kill-test',
  title: 'kill test',
  kind: 'autoencoder',
  preset: 'ae-font',
  base: { training: { epochs: 20000 } },
  axes: [{ name: 'hidden width', paths: ['model.encoder', 'model.decoder'], values: [[10], [20]] }],
  seeds: { first: 1, count: SWEEP_TRIALS / 2 },
};

interface Scenario {
  name: string;
  /** The command killed, and the next command, run in `dir`. */
  first(dir: string): string[];
  next(dir: string): string[];
  /** Longest wait before the kill, in ms. */
  within: number;
}

const trainScenario = (name: string, args: string[], within: number): Scenario => ({
  name,
  within,
  first: (dir) => ['train', ...args, '--out', join(dir, 'run'), '--json'],
  next: (dir) => (existsSync(join(dir, 'run', 'model.json')) ? ['train', '--resume', join(dir, 'run'), '--json'] : ['train', ...args, '--out', join(dir, 'run'), '--json']),
});

const scenarios: Scenario[] = [
  // Long enough that most kills land inside the run (the CLI starts in about 0.3 s and trains ae-font at tens of thousands of epochs a second).
  trainScenario('train autoencoder', ['--preset', 'ae-font', '--epochs', '60000', '--checkpoint-every', '2000'], 2500),
  trainScenario('train VAE', ['--preset', 'vae-emoji', '--data', 'emoji-4', '--epochs', '120', '--checkpoint-every', '5'], 3000),
  {
    name: 'sweep',
    within: 4000,
    first: (dir) => ['sweep', join(dir, 'spec.json'), '--db', join(dir, 'sweep.sqlite'), '--threads', '2'],
    // Killed before the store was made, the sweep is started again; else resumed.
    next: (dir) => (existsSync(join(dir, 'sweep.sqlite')) ? ['sweep', '--resume', '--db', join(dir, 'sweep.sqlite'), '--threads', '2'] : ['sweep', join(dir, 'spec.json'), '--db', join(dir, 'sweep.sqlite'), '--threads', '2']),
  },
];

/** Runs the CLI in `dir` and kills it with SIGKILL after `ms` (if it is still running); resolves when it is gone. */
function runAndKill(args: string[], dir: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, stdio: 'ignore' });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(killed);
    });
  });
}

/** Files a killed process left: temporary files of atomic writes and write probes. */
function orphans(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.\d+\.tmp$|\.write-test-\d+$/.test(name));
}

/** A result.json beside a model.json it does not name by hash. */
function mixed(runDir: string): boolean {
  const result = join(runDir, 'result.json');
  const model = join(runDir, 'model.json');
  if (!existsSync(result)) return false;
  const { modelHash } = JSON.parse(readFileSync(result, 'utf8')) as { modelHash?: string };
  return !existsSync(model) || modelHash !== modelFileHash(readFileSync(model, 'utf8'));
}

const counts: Record<string, { kills: number; killedMidway: number; orphansAfterKill: number; orphans: number; mixedAfterKill: number; mixed: number; unfinished: number; lostTrials: number; doubledTrials: number; failedNext: number }> = {};
for (const scenario of scenarios) counts[scenario.name] = { kills: 0, killedMidway: 0, orphansAfterKill: 0, orphans: 0, mixedAfterKill: 0, mixed: 0, unfinished: 0, lostTrials: 0, doubledTrials: 0, failedNext: 0 };

const started = Date.now();
for (let k = 0; k < kills; k++) {
  const scenario = scenarios[k % scenarios.length];
  const c = counts[scenario.name];
  const dir = mkdtempSync(join(root, 'k'));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(sweepSpec));
  c.kills++;
  // Half the kills land in a run that has saved before: the first command is killed twice.
  const rounds = rng.uniform() < 0.5 ? 1 : 2;
  for (let r = 0; r < rounds; r++) {
    const args = r === 0 ? scenario.first(dir) : scenario.next(dir);
    if (await runAndKill(args, dir, Math.floor(200 + rng.uniform() * scenario.within))) c.killedMidway++;
  }
  c.orphansAfterKill += orphans(dir).length;
  if (scenario.name !== 'sweep' && mixed(join(dir, 'run'))) c.mixedAfterKill++;
  // Its report (a --json result of 60,000 epochs is over a megabyte) is not read: only its messages and exit status.
  const next = spawnSync(process.execPath, [cli, ...scenario.next(dir)], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (next.status !== 0) {
    c.failedNext++;
    // Its message, not its progress lines.
    const message = next.stderr.split('\n').filter((line) => line.trim() && !/^epoch \d/.test(line)).join(' | ');
    console.log(`  ${scenario.name}: the next command failed (exit ${next.status}, signal ${next.signal}): ${message}`);
  }
  c.orphans += orphans(dir).length;
  if (scenario.name === 'sweep') {
    const db = new Database(join(dir, 'sweep.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT key, COUNT(*) AS n FROM trials GROUP BY key').all() as { key: string; n: number }[];
    db.close();
    c.lostTrials += SWEEP_TRIALS - rows.length;
    c.doubledTrials += rows.filter((row) => row.n > 1).length + Math.max(0, rows.length - SWEEP_TRIALS);
  } else {
    if (mixed(join(dir, 'run'))) c.mixed++;
    if (!existsSync(join(dir, 'run', 'result.json'))) c.unfinished++;
  }
  rmSync(dir, { recursive: true, force: true });
  if ((k + 1) % 10 === 0) console.log(`${k + 1}/${kills} kills (${((Date.now() - started) / 1000).toFixed(0)} s): ${JSON.stringify(counts)}`);
}
rmSync(root, { recursive: true, force: true });

for (const [name, c] of Object.entries(counts)) {
  console.log(`${name.padEnd(18)} ${Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
const bad = Object.values(counts).reduce((sum, c) => sum + c.orphans + c.mixedAfterKill + c.mixed + c.unfinished + c.lostTrials + c.doubledTrials + c.failedNext, 0);
console.log(bad === 0 ? 'after every kill the next command left no orphan, no mixed set, no lost or doubled trial' : `${bad} problems`);
console.log(JSON.stringify({ bench: 'kill-test', cpu: cpuModel(), load: loadavg()[0], kills, seconds: (Date.now() - started) / 1000, counts }));
process.exitCode = bad === 0 ? 0 : 1;
