import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: it sees python3-torch and python3-numpy, unlike a python3 that may come first on PATH. */
const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-torch', 'python3-numpy', 'libopenblas0-pthread'];
/**
 * Debian's OpenBLAS. Debian's PyTorch and NumPy call whatever libblas.so.3 the system's alternative
 * names, which may be the slow reference BLAS; the Python runs load OpenBLAS from here instead.
 */
const OPENBLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-pthread';

/**
 * OpenBLAS's kernels for this CPU: its own choice, unless it does not know the CPU model (Debian's
 * 0.3.21 takes a 2023 Xeon for a 2004 Prescott, without AVX), then by the CPU's vector features.
 */
function openblasCore(): string | undefined {
  if (process.env.OPENBLAS_CORETYPE) return process.env.OPENBLAS_CORETYPE;
  const probe = spawnSync(PYTHON, ['-c', 'import numpy'], { env: { ...process.env, LD_LIBRARY_PATH: OPENBLAS_DIR, OPENBLAS_VERBOSE: '2' }, encoding: 'utf8' });
  if (!/Core: Prescott/.test(`${probe.stdout}${probe.stderr}`)) return undefined;
  const flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1].split(' ') ?? [];
  return flags.includes('avx512f') ? 'SkylakeX' : flags.includes('avx2') ? 'Haswell' : undefined;
}

let blasEnv: Record<string, string> | undefined;

/**
 * The library settings of every Python run: OpenBLAS, its kernels, and `threads` threads for
 * OpenMP, OpenBLAS and MKL. With several threads, OpenMP's idle threads sleep instead of spinning
 * (OMP_WAIT_POLICY=PASSIVE): spinning OpenMP threads beside OpenBLAS's own make PyTorch 10 to 20
 * times slower whenever anything else runs on the machine.
 */
function pythonEnv(threads: number): Record<string, string> {
  if (!blasEnv) {
    const core = openblasCore();
    blasEnv = { LD_LIBRARY_PATH: OPENBLAS_DIR, ...(core ? { OPENBLAS_CORETYPE: core } : {}) };
  }
  const n = String(threads);
  return { ...blasEnv, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n, ...(threads > 1 ? { OMP_WAIT_POLICY: 'PASSIVE' } : {}) };
}

/** Which BLAS the Python runs use, for the benchmark's header. */
export function pythonBlas(): string {
  const { OPENBLAS_CORETYPE: core } = pythonEnv(1);
  return `OpenBLAS from ${OPENBLAS_DIR}${core ? `, kernels ${core} (forced: OpenBLAS does not recognise this CPU)` : ''}`;
}

export interface PythonTiming {
  name: string;
  version: string;
  /** ms per epoch of each timed round. */
  roundMs: number[];
  /** CPU ms per epoch of each round, every thread counted (the scripts that report it). */
  cpuMs?: number[];
  finalLoss: number;
}

function canImport(): boolean {
  return existsSync(OPENBLAS_DIR) && spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Installs Debian's PyTorch, NumPy and OpenBLAS with apt-get when /usr/bin/python3 cannot import them or OpenBLAS is missing. */
export function ensurePythonPackages(): void {
  if (canImport()) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${PYTHON} cannot import torch and numpy, or OpenBLAS is missing; install them with: sudo apt-get install -y ${PACKAGES.join(' ')}`);
  }
  console.log(`installing ${PACKAGES.join(' ')} with apt-get ...`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...PACKAGES]);
  if (!canImport()) throw new Error(`${PYTHON} still cannot import torch and numpy, or OpenBLAS is missing, after apt-get install`);
}

/** Runs a bench/*.py script with the job as JSON on stdin, on `threads` threads (1 by default); it prints its timing as JSON on stdout. */
export function runPython(script: string, job: object, threads = 1): PythonTiming {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const result = spawnSync(PYTHON, [path], {
    input: JSON.stringify(job),
    env: { ...process.env, ...pythonEnv(threads) },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as PythonTiming;
}
