#!/usr/bin/env node
// Runs the CLI bundled by `npm run build` (dist/cli/latentlab.cjs, scripts/bundle-cli.js) with a V8
// code cache: parsing and compiling the bundle's functions cost more than a short `train` does.
// The first run of a command (the first argument) that ends well keeps V8's compiled code of what
// it ran in dist/cli/code-cache; later runs of that command start from it. V8 refuses a cache made
// by another V8, under other flags or for another source (the build empties dist/cli), and then
// this run compiles as usual and writes a new one. The cache is best effort: a folder that cannot
// be written (a read-only install) or a file that cannot be read just means compiling.
// This file is CommonJS (bin/package.json) so that Node does not start its ES module loader.
'use strict';
const { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

// V8 reads a cache only under the flags it was made with: configureKernels (src/io/kernel-build.ts)
// sets this one later too. A cache file damaged on disk crashes V8 unless it checks the checksum.
setFlagsFromString('--experimental-wasm-relaxed-simd');
setFlagsFromString('--verify-snapshot-checksum');

const bundle = join(__dirname, '..', 'dist', 'cli', 'latentlab.cjs');
const command = /^[a-z][a-z-]{0,39}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'default';
const cacheFile = join(dirname(bundle), 'code-cache', `${command}-${process.version}-${process.arch}.bin`);

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// The bundle's import() of a package is importModule (scripts/bundle-cli.js): V8 keeps no import() in code read from a cache.
const script = new Script(`(function (exports, require, module, __filename, __dirname, importModule) {${readFileSync(bundle, 'utf8')}\n})`, { filename: bundle, cachedData });
if (cachedData === undefined || script.cachedDataRejected) process.once('exit', (code) => code === 0 && writeCache());
const bundleModule = { exports: {} };
const importModule = (name) => import(name);
script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, dirname(bundle), importModule);

/** Writes V8's code of everything this run compiled, atomically (a temporary file renamed), or nothing. */
function writeCache() {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
  }
}
