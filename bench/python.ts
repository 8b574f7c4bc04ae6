import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: it sees python3-torch and python3-numpy, unlike a python3 that may come first on PATH. */
const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-torch', 'python3-numpy'];
/** One thread everywhere, like the single-threaded wasm engine. */
const SINGLE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

export interface PythonTiming {
  name: string;
  version: string;
  /** ms per epoch of each timed round. */
  roundMs: number[];
  finalLoss: number;
}

function canImport(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Installs Debian's PyTorch and NumPy with apt-get when /usr/bin/python3 cannot import them. */
export function ensurePythonPackages(): void {
  if (canImport()) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${PYTHON} cannot import torch and numpy; install them with: sudo apt-get install -y ${PACKAGES.join(' ')}`);
  }
  console.log(`installing ${PACKAGES.join(' ')} with apt-get ...`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...PACKAGES]);
  if (!canImport()) throw new Error(`${PYTHON} still cannot import torch and numpy after apt-get install`);
}

/** Runs a bench/*.py script with the job as JSON on stdin; it prints its timing as JSON on stdout. */
export function runPython(script: string, job: object): PythonTiming {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const result = spawnSync(PYTHON, [path], {
    input: JSON.stringify(job),
    env: { ...process.env, ...SINGLE_THREAD },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as PythonTiming;
}
