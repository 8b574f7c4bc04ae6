/**
 * The ONNX or TensorFlow.js export (src/models/export/) of full preset runs, run with
 * onnxruntime-web (wasm, one thread) or @tensorflow/tfjs (cpu backend) and compared with
 * latentlab's float64 forward pass on the whole dataset: prints the max abs difference of each output.
 *
 *     npx tsx bench/export-check.ts onnx|tfjs [preset ...]     (default: ae-font-best dae-font-best vae-emoji)
 */
import { readFileSync } from 'node:fs';
import type { Dataset } from '../src/data/dataset.js';
import { parseDataset } from '../src/data/dataset-file.js';
import { datasetIdentity } from '../src/data/dataset-identity.js';
import { fontTable } from '../src/data/font.js';
import { parseModelFile } from '../src/models/checkpoint.js';
import { preset } from '../src/runs/kinds.js';
import { Run } from '../src/runs/run.js';
import { onnxDifferences } from '../test/models/onnx-export-check.js';
import { exportDifferences as tfjsDifferences } from '../test/models/tfjs-export-check.js';

const datasets: Record<string, () => Dataset> = {
  'font-3': () => fontTable(3),
  'emoji-8': () => parseDataset(readFileSync(new URL('../data/emoji-8.json', import.meta.url), 'utf8')).dataset,
};

const checks = { onnx: onnxDifferences, tfjs: tfjsDifferences };
const [format, ...names] = process.argv.slice(2);
if (!Object.hasOwn(checks, format)) throw new RangeError(`give the format to check: onnx or tfjs, got ${JSON.stringify(format)}`);
const differencesOf = checks[format as keyof typeof checks];
const summary: Record<string, Record<string, number>> = {};
for (const name of names.length > 0 ? names : ['ae-font-best', 'dae-font-best', 'vae-emoji']) {
  const { kind, spec } = preset(name);
  const load = datasets[spec.data.dataset];
  if (!load) throw new RangeError(`${name}: dataset ${spec.data.dataset} is not one this script loads (${Object.keys(datasets).join(', ')})`);
  const dataset = load();
  const started = performance.now();
  const run = Run.start(kind, spec, dataset, datasetIdentity(dataset, spec.data.dataset));
  run.train();
  const file = parseModelFile(run.modelFile());
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const differences = await differencesOf(file, dataset.inputs);
  const outputs = Object.entries(differences).map(([output, difference]) => `${output} ${difference.toExponential(2)}`);
  console.log(`${format} ${name} (${run.epochsDone} epochs, ${dataset.inputs.rows} rows, trained in ${seconds} s): max abs difference ${outputs.join(', ')}`);
  summary[name] = differences;
}
// The figures as one JSON object, the last line, for scripts.
console.log(JSON.stringify({ bench: 'export-check', format, maxAbsDifference: summary }));
