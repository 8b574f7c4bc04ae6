import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

/**
 * Runs the CLI from its sources (no build needed) and returns stdout; a failure throws with its
 * stderr. With relaxed SIMD on, as bin/latentlab.js turns it on, so it runs the page's kernels (fma).
 */
export function latentlab(...args: string[]): string {
  const run = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`latentlab ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  return run.stdout;
}
