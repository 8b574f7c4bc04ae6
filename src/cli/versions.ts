import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The versions a result was made with, so a reader can tell what produced it. */
export function versions(): { latentlab: string; node: string } {
  return { latentlab: packageVersion(), node: process.versions.node };
}

/** The version in the nearest package.json above this file (works from src/ under tsx and from dist/). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the package.json of latentlab');
    dir = parent;
  }
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}
