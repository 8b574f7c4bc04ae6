// Bundles the built CLI (dist/src, from tsc) into dist/cli with esbuild, so that a command loads
// one file instead of some two hundred modules (zod alone is 95): `latentlab train --preset
// ae-font-best` spent more time loading modules than training.
// - dist/cli/latentlab.cjs, the CLI, is CommonJS: bin/latentlab.js compiles it with a V8 code
//   cache, which Node 20 offers only to scripts, not to ES modules. Its modules are evaluated only
//   when first imported, so a command group (src/cli/main.ts) costs nothing until one of its
//   commands runs.
// - The worker pools' workers stay ES modules, next to it: the pools find their files there.
// Packages with native code, or which find files of their own at run time, stay external; vega and
// vega-lite are ES modules with a top-level await, which src/plot/render.ts loads by import().
import { build } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/cli`;
const common = {
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', '@resvg/resvg-js', 'piscina', 'pg', 'pg-boss', 'protobufjs', 'vega', 'vega-lite'],
  logLevel: 'warning',
};

await rm(outdir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { latentlab: `${root}dist/src/cli/main.js` },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // import.meta.url (the worker pools, the package's own files) is the bundle's own URL.
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// Node 20 runs no import() in code that V8 read back from a code cache ("A dynamic import callback
// was not specified"), so the bundle's import() of an external package calls importModule instead,
// which bin/latentlab.js passes in (an import() of its own).
const cli = `${outdir}/latentlab.cjs`;
const bundled = (await readFile(cli, 'utf8')).replaceAll(/\bimport\(("[^"]+")\)/g, 'importModule($1)');
if (/\bimport\(/.test(bundled)) throw new Error(`bundle-cli: ${cli} holds an import() of something other than a package name`);
await writeFile(cli, bundled);
await build({
  ...common,
  entryPoints: {
    'trial-worker': `${root}dist/src/io/trial-worker.js`,
    'cross-noise-worker': `${root}dist/src/experiments/cross-noise-worker.js`,
  },
  splitting: true,
  format: 'esm',
  // The CommonJS packages bundled in (commander, pngjs, ...) require Node's built-ins.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
});
console.log('bundle-cli: dist/src/cli -> dist/cli');
