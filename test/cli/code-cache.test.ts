import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// bin/latentlab.js keeps V8's compiled code of the CLI in dist/cli/code-cache. Each test runs a
// copy of the built CLI (bin and bundle) in a folder of its own, so that its cache is its own.
const root = join(import.meta.dirname, '../..');

/** A copy of the built CLI in a new folder; returns the folder. */
function installed(): string {
  const dir = mkdtempSync(join(tmpdir(), 'latentlab-code-cache-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
  for (const file of ['package.json', 'bin/latentlab.js', 'bin/package.json', 'dist/cli/latentlab.cjs']) copyFileSync(join(root, file), join(dir, file));
  for (const linked of ['node_modules', 'data']) symlinkSync(join(root, linked), join(dir, linked));
  return dir;
}

const cacheDir = (dir: string) => join(dir, 'dist', 'cli', 'code-cache');
const cacheFiles = (dir: string) => (existsSync(cacheDir(dir)) ? readdirSync(cacheDir(dir)) : []);

function run(dir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(dir, 'bin', 'latentlab.js'), ...args], { encoding: 'utf8', cwd: dir });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the code cache of the CLI', () => {
  it('is written by the first run of a command that succeeds, one file per command, and changes nothing a run writes', () => {
    const dir = installed();
    const help = run(dir, '--help');
    expect(help.status).toBe(0);
    expect(cacheFiles(dir)).toEqual([`default-${process.version}-${process.arch}.bin`]);
    expect(run(dir, '--help')).toEqual(help);
    expect(run(dir, 'no-such-command').status).toBe(1);
    expect(cacheFiles(dir)).toHaveLength(1);

    const train = (out: string) => run(dir, 'train', '--preset', 'ae-font-best', '--epochs', '50', '--out', out);
    expect(train('first').status).toBe(0);
    expect(cacheFiles(dir)).toContain(`train-${process.version}-${process.arch}.bin`);
    const cache = readFileSync(join(cacheDir(dir), `train-${process.version}-${process.arch}.bin`));
    expect(train('second').status).toBe(0);
    // Accepted, so not written again.
    expect(readFileSync(join(cacheDir(dir), `train-${process.version}-${process.arch}.bin`))).toEqual(cache);
    for (const file of ['model.json', 'reconstruction.png', 'manifold.png', 'loss.png']) {
      expect(readFileSync(join(dir, 'second', file)), file).toEqual(readFileSync(join(dir, 'first', file)));
    }
  });

  it('replaces a damaged, truncated or empty cache file, and the run goes on as without one', () => {
    const dir = installed();
    const help = run(dir, '--help');
    const file = join(cacheDir(dir), cacheFiles(dir)[0]);
    const valid = readFileSync(file);
    const flipped = Buffer.from(valid);
    for (let i = flipped.length >> 1; i < (flipped.length >> 1) + 400; i++) flipped[i] ^= 0x55;
    for (const broken of [flipped, Buffer.alloc(valid.length, 7), valid.subarray(0, valid.length >> 1), Buffer.alloc(0)]) {
      writeFileSync(file, broken);
      expect(run(dir, '--help')).toEqual(help);
      expect(readFileSync(file).length).toBeGreaterThan(1000);
      expect(readFileSync(file).equals(broken)).toBe(false);
    }
  });

  it('is skipped when its folder cannot be made (a read-only install)', () => {
    const dir = installed();
    writeFileSync(cacheDir(dir), 'a file where the folder would be');
    const help = run(dir, '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: latentlab');
    expect(help.stderr).toBe('');
  });

  it('survives several processes writing it at once: each succeeds, one whole file stays, no temporary file', async () => {
    const dir = installed();
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => new Promise<number | null>((done) => spawn(process.execPath, [join(dir, 'bin', 'latentlab.js'), '--help'], { cwd: dir, stdio: 'ignore' }).on('exit', done))),
    );
    expect(outcomes).toEqual([0, 0, 0, 0]);
    expect(cacheFiles(dir)).toEqual([`default-${process.version}-${process.arch}.bin`]);
    expect(run(dir, '--help').status).toBe(0);
  });
});
