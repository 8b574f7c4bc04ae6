import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { modelFileHash } from '../runs/result-document.js';

/** A temporary file of writeFileAtomic: `<name>.<pid>.tmp` beside the file it becomes. */
const TEMPORARY = /\.(\d+)\.tmp$/;

/**
 * Writes a file atomically: a temporary file beside it, then a rename, so a crash never leaves half
 * a file. The folder is checked first (made when missing), and the temporary files a killed
 * process left in it are removed.
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  const dir = dirname(path);
  ensureFolder(dir, path);
  if (isFolder(path)) throw new Error(`cannot write "${path}": it is a folder; give a file name`);
  removeOrphanTemporaries(dir);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  } catch (error) {
    removeFile(temporary);
    throw new Error(`cannot write "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * Removes a file when it is there. (Node 20's rmSync, even for one file, first loads its recursive
 * remover, a cost that showed in every short command.)
 */
export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Makes `dir` (and its missing parents) one level at a time from the nearest folder that exists,
 * with errors that name the file being written. (Node's recursive mkdir never returns on some
 * paths under /proc.)
 */
export function ensureFolder(dir: string, forFile = dir): void {
  const missing: string[] = [];
  let existing = resolve(dir);
  for (;;) {
    let stats;
    try {
      stats = statSync(existing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new Error(`cannot write "${forFile}": ${code ?? (error as Error).message} at "${existing}"`);
    }
    if (stats) {
      if (!stats.isDirectory()) throw new Error(`cannot write "${forFile}": "${existing}" is a file, not a folder`);
      break;
    }
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new Error(`cannot write "${forFile}": cannot make the folder "${folder}" (${code ?? (error as Error).message})`);
    }
  }
}

/** True unless a process of that id is running (then its temporary files are still being written). */
function gone(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Removes the temporary files (`*.<pid>.tmp`, `.write-test-<pid>`) that processes no longer running left in `dir`. */
export function removeOrphanTemporaries(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = TEMPORARY.exec(name)?.[1] ?? /^\.write-test-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && gone(Number(pid))) removeFile(join(dir, name));
  }
}

/** Reads a text file, with an error that names the file when it cannot be read. */
export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${what} "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Reads a JSON file, with an error that names the file when it cannot be read or is not valid JSON. */
export function readJson(path: string, what: string): unknown {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} "${path}" is not valid JSON: ${(error as Error).message}`);
  }
}

/** True when the model file exists and is the one a result document names by its hash (a kill between two writes leaves another). */
export function modelFileMatches(modelFile: string, modelHash: string | undefined): boolean {
  try {
    return modelHash === modelFileHash(readFileSync(modelFile, 'utf8'));
  } catch {
    return false;
  }
}
