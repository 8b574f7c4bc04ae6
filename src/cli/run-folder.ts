import { existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ensureFolder, readJson, removeOrphanTemporaries } from '../io/files.js';
import { canonicalJson } from '../runs/settings.js';
import type { RunSpec } from '../runs/spec.js';

/**
 * Makes `dir` ready to hold a run of `spec`, before the first epoch: it must be (or become) a
 * writable folder, and a run folder of another spec is refused unless `force` (the same spec again
 * reuses its folder).
 */
export function prepareRunFolder(dir: string, spec: RunSpec, force: boolean | undefined): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new Error(`--out "${dir}" is a file, not a folder`);
  const modelFile = join(dir, 'model.json');
  if (existsSync(modelFile) && !force) {
    const held = heldSpec(modelFile);
    if (held === undefined || canonicalJson(held) !== canonicalJson(spec)) {
      throw new Error(`${dir} holds another run (its model.json has ${held === undefined ? 'no readable spec' : 'a different spec'}); give another --out, --resume ${dir} to continue it, or --force to replace it`);
    }
  }
  ensureFolder(dir);
  removeOrphanTemporaries(dir);
  try {
    // A real write, not a permission check: root passes those, but not a read-only file system.
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (error) {
    throw new Error(`cannot write to the run folder "${dir}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The spec a model file was trained with, or undefined when it cannot be read. */
function heldSpec(modelFile: string): unknown {
  try {
    const parsed = z.object({ spec: z.unknown() }).safeParse(readJson(modelFile, 'model file'));
    return parsed.success ? parsed.data.spec : undefined;
  } catch {
    return undefined;
  }
}
