/**
 * The TensorFlow.js Layers export (src/models/export/tfjs.ts) of full preset runs, loaded with
 * @tensorflow/tfjs (cpu backend) and compared with latentlab's float64 forward pass on the whole
 * dataset: prints the max abs difference of each part.
 *
 *     npx tsx bench/export-tfjs-check.ts [preset ...]     (default: ae-font-best dae-font-best vae-emoji)
 */
import { readFileSync } from 'node:fs';
import type { Dataset } from '../src/data/dataset.js';
import { parseDataset } from '../src/data/dataset-file.js';
import { datasetIdentity } from '../src/data/dataset-identity.js';
import { fontTable } from '../src/data/font.js';
import { parseModelFile } from '../src/models/checkpoint.js';
import { preset } from '../src/runs/kinds.js';
import { Run } from '../src/runs/run.js';
import { exportDifferences } from '../test/models/tfjs-export-check.js';

const datasets: Record<string, () => Dataset> = {
  'font-3': () => fontTable(3),
  'emoji-8': () => parseDataset(readFileSync(new URL('../data/emoji-8.json', import.meta.url), 'utf8')).dataset,
};

const names = process.argv.slice(2);
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
  const differences = await exportDifferences(file, dataset.inputs);
  const parts = Object.entries(differences).map(([part, difference]) => `${part} ${difference.toExponential(2)}`);
  console.log(`${name} (${run.epochsDone} epochs, ${dataset.inputs.rows} rows, trained in ${seconds} s): max abs difference ${parts.join(', ')}`);
}
