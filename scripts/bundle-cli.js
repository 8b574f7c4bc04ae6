// Bundles the built CLI (dist/src, from tsc) into dist/cli with esbuild, so that a command loads a
// few files instead of some two hundred (zod alone is 95 modules): `latentlab train --preset
// ae-font-best` spends more time loading modules than training. Code splitting keeps each command
// group a chunk of its own, loaded when it runs (src/cli/main.ts). The entries keep their names,
// flat in dist/cli, because the worker pools find their worker files next to themselves.
// Packages with native code, or which find files of their own at run time, stay external.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/cli`;

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    main: `${root}dist/src/cli/main.js`,
    'kernel-build': `${root}dist/src/io/kernel-build.js`,
    'trial-worker': `${root}dist/src/io/trial-worker.js`,
    'cross-noise-worker': `${root}dist/src/experiments/cross-noise-worker.js`,
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', '@resvg/resvg-js', 'piscina', 'pg', 'pg-boss', 'protobufjs', 'vega', 'vega-lite'],
  // The CommonJS packages bundled in (commander, pngjs, ...) require Node's built-ins.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
  logLevel: 'warning',
});
console.log('bundle-cli: dist/src/cli -> dist/cli');
