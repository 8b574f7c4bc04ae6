import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kernelBuild, type KernelBuild } from '../tensor/wasm/loader.js';
import { packageRoot } from './package-root.js';

/** The versions a result was made with, so a reader can tell what produced it, with the build of the wasm kernels. */
export function versions(): { latentlab: string; node: string; kernels: KernelBuild } {
  return { latentlab: packageVersion(), node: process.versions.node, kernels: kernelBuild() };
}

/** The version in latentlab's package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
