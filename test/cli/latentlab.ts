import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

// The CLI as a user runs it: the built bin (npm test builds first).
const bin = join(import.meta.dirname, '../../bin/latentlab.js');

export function latentlab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return latentlabIn(process.cwd(), ...args);
}

/** The CLI run from the folder `cwd` (relative paths in `args` are relative to it). */
export function latentlabIn(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Expects the command to fail with a message matching `message` on stderr. */
export function refused(args: string[], message: string | RegExp): void {
  const run = latentlab(...args);
  expect(run.status).not.toBe(0);
  expect(run.stderr).toMatch(message);
}
