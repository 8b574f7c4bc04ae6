import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The page's main thread does inference only (src/models' plain TS forward passes): the training
// engines (src/runs/run.ts, src/nn/create-engine.ts, the WebAssembly kernels) are in the worker's bundle alone.
const assets = join(import.meta.dirname, '../../dist/web/assets');
const bundle = (prefix: string) => {
  const name = readdirSync(assets).find((file) => file.startsWith(prefix) && file.endsWith('.js'));
  if (!name) throw new Error(`no ${prefix}*.js in dist/web/assets: run npm run build:web first`);
  return readFileSync(join(assets, name), 'utf8');
};
/** The start of every WebAssembly module ("\0asm", version 1), base64-encoded as the kernels are bundled. */
const WASM_MODULE = 'AGFzbQEAAAA';

describe('the built page', () => {
  it('carries the WebAssembly kernels in the worker (training) and in the main bundle (the views encode and decode on them)', () => {
    const main = bundle('index-');
    const worker = bundle('training-worker-');
    expect(worker).toContain(WASM_MODULE);
    expect(worker).toContain('WebAssembly');
    expect(main).toContain(WASM_MODULE);
    expect(main).toContain('WebAssembly');
    console.log(`main bundle ${Buffer.byteLength(main).toLocaleString('en')} bytes, worker ${Buffer.byteLength(worker).toLocaleString('en')} bytes`);
  });
});
