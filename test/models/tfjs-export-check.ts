/**
 * Loads a TensorFlow.js Layers export (src/models/export/tfjs.ts) with @tensorflow/tfjs (cpu
 * backend, no files: an IO handler reads the exported bytes the way tf.io.http reads a server's)
 * and measures the largest difference between its outputs and latentlab's float64 forward pass.
 * Used by test/models/export-tfjs.test.ts and bench/export-tfjs-check.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelFile } from '../../src/models/checkpoint.js';
import type { ExportedFile, ExportPart } from '../../src/models/export/format.js';
import { exportTfjs } from '../../src/models/export/tfjs.js';
import { Matrix } from '../../src/tensor/matrix.js';

let ready: Promise<void> | undefined;

/** The cpu backend, once, without the "install the node backend" advice it prints at its first tensor. */
function cpuBackend(): Promise<void> {
  ready ??= (async () => {
    const log = console.log;
    const warn = console.warn;
    console.log = () => {};
    console.warn = () => {};
    try {
      await tf.setBackend('cpu');
      await tf.ready();
      tf.tensor1d([0]).dispose();
    } finally {
      console.log = log;
      console.warn = warn;
    }
  })();
  return ready;
}

/** An IO handler over exported files: model.json at `prefix`, its weight files beside it. */
function memoryHandler(files: ExportedFile[], prefix: string): tf.io.IOHandler {
  const byName = new Map(files.map((file) => [file.name, file.bytes]));
  const read = (name: string): Uint8Array => {
    const bytes = byName.get(prefix + name);
    if (!bytes) throw new Error(`the export has no file ${prefix + name}`);
    return bytes;
  };
  return {
    load: () => {
      const modelJSON = JSON.parse(new TextDecoder().decode(read('model.json'))) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJSON, (manifest) => {
        const weightSpecs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) => group.paths.map((path) => {
          const bytes = read(path);
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        }));
        return Promise.resolve([weightSpecs, tf.io.concatenateArrayBuffers(buffers)]);
      });
    },
  };
}

/** Runs `inputs` through the Layers model whose model.json is `<prefix>model.json` in `files`. */
export async function runExport(files: ExportedFile[], prefix: string, inputs: Matrix): Promise<Matrix> {
  await cpuBackend();
  const model = await tf.loadLayersModel(memoryHandler(files, prefix));
  const output = tf.tidy(() => model.predict(tf.tensor2d(Float32Array.from(inputs.data), [inputs.rows, inputs.cols])) as tf.Tensor);
  const values = Float64Array.from(await output.data());
  const [rows, cols] = output.shape;
  output.dispose();
  model.dispose();
  return new Matrix(rows, cols ?? 1, values);
}

function maxDifference(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError(`shapes differ: ${a.rows}x${a.cols} and ${b.rows}x${b.cols}`);
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i] - b.data[i]));
  return max;
}

/** latentlab's float64 outputs of each exported model, on `inputs` (the decoder's inputs: the codes of `inputs`). */
function expected(file: ModelFile, inputs: Matrix): { encoder: Matrix; codes: Matrix; decoder: Matrix; all: Matrix } {
  if (file.kind === 'autoencoder') {
    const codes = file.model.encode(inputs);
    return { encoder: codes, codes, decoder: file.model.decode(codes), all: file.model.reconstruct(inputs) };
  }
  const { mean, logVariance } = file.model.encodeDistribution(inputs);
  const heads = new Matrix(inputs.rows, 2 * file.model.latent);
  for (let r = 0; r < inputs.rows; r++) {
    heads.row(r).set(mean.row(r));
    heads.row(r).set(logVariance.row(r), file.model.latent);
  }
  return { encoder: heads, codes: mean, decoder: file.model.decode(mean), all: file.model.reconstruct(inputs) };
}

/**
 * The max abs difference between tfjs and latentlab for each part: `encoder`, `decoder` and `all`
 * exported alone, and `all/encoder`, `all/decoder` (the parts inside the `all` export).
 */
export async function exportDifferences(file: ModelFile, inputs: Matrix): Promise<Record<string, number>> {
  const want = expected(file, inputs);
  const differences: Record<string, number> = {};
  const parts: ExportPart[] = ['encoder', 'decoder', 'all'];
  for (const part of parts) {
    const files = exportTfjs(file, part);
    const input = part === 'decoder' ? want.codes : inputs;
    differences[part] = maxDifference(await runExport(files, '', input), want[part]);
    if (part === 'all') {
      differences['all/encoder'] = maxDifference(await runExport(files, 'encoder/', inputs), want.encoder);
      differences['all/decoder'] = maxDifference(await runExport(files, 'decoder/', want.codes), want.decoder);
    }
  }
  return differences;
}
