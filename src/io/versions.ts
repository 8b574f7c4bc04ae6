import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** The versions a result was made with, so a reader can tell what produced it. */
export function versions(): { latentlab: string; node: string } {
  return { latentlab: packageVersion(), node: process.versions.node };
}

/** The version in latentlab's package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
