/**
 * Runs the ONNX export (src/models/export/onnx.ts) with onnxruntime-web's wasm build in Node (single
 * thread, its own .wasm files from node_modules: no network) and measures the largest difference
 * between its outputs and latentlab's float64 forward pass. Used by test/models/export-onnx.test.ts
 * and bench/export-onnx-check.ts.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import type { ModelFile } from '../../src/models/checkpoint.js';
import type { ExportPart } from '../../src/models/export/format.js';
import { exportOnnx } from '../../src/models/export/onnx.js';
import { Matrix } from '../../src/tensor/matrix.js';

ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = pathToFileURL(`${dirname(createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'))}/`).href;

/** The matrix with every value rounded to float32: what the ONNX graph is given, so both sides see the same inputs. */
function float32(matrix: Matrix): Matrix {
  const rounded = new Matrix(matrix.rows, matrix.cols);
  rounded.data.set(Float32Array.from(matrix.data));
  return rounded;
}

/** Runs the graph of `part` on `inputs` (fed as `inputName`); returns its outputs by name. */
export async function runOnnx(file: ModelFile, part: ExportPart, inputName: string, inputs: Matrix): Promise<Record<string, Matrix>> {
  const [{ bytes }] = exportOnnx(file, part);
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const results = await session.run({ [inputName]: new ort.Tensor('float32', Float32Array.from(inputs.data), [inputs.rows, inputs.cols]) });
    const outputs: Record<string, Matrix> = {};
    for (const [name, tensor] of Object.entries(results)) {
      const [rows, cols] = tensor.dims;
      const matrix = new Matrix(rows, cols);
      matrix.data.set(tensor.data as Float32Array);
      outputs[name] = matrix;
    }
    return outputs;
  } finally {
    await session.release();
  }
}

function maxDifference(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError(`shapes differ: ${a.rows}x${a.cols} and ${b.rows}x${b.cols}`);
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i] - b.data[i]));
  return max;
}

/**
 * The largest absolute difference, per graph output, between onnxruntime-web and latentlab's float64
 * forward on `images` (and, for the decoder, on the model's codes of `images`): keys
 * 'encoder/codes' (a VAE: 'encoder/mean', 'encoder/logVariance'), 'decoder/images', 'all/reconstructions'.
 */
export async function onnxDifferences(file: ModelFile, images: Matrix): Promise<Record<string, number>> {
  const inputs = float32(images);
  const codes = float32(file.model.encode(inputs));
  const expected: Record<ExportPart, Record<string, Matrix>> = file.kind === 'vae'
    ? { encoder: file.model.encodeDistribution(inputs), decoder: { images: file.model.decode(codes) }, all: { reconstructions: file.model.reconstruct(inputs) } }
    : { encoder: { codes: file.model.encode(inputs) }, decoder: { images: file.model.decode(codes) }, all: { reconstructions: file.model.reconstruct(inputs) } };
  const differences: Record<string, number> = {};
  for (const part of ['encoder', 'decoder', 'all'] as const) {
    const outputs = await runOnnx(file, part, part === 'decoder' ? 'codes' : 'images', part === 'decoder' ? codes : inputs);
    for (const [name, matrix] of Object.entries(expected[part])) {
      if (!outputs[name]) throw new Error(`the ${part} graph has no output ${name}`);
      differences[`${part}/${name}`] = maxDifference(outputs[name], matrix);
    }
  }
  return differences;
}
