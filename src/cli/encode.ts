import { latentCodesCsv } from '../models/export/csv.js';
import { modelAndData, type ModelDataFlags } from './model-data.js';
import { print, printJson } from './style.js';

/**
 * `latentlab encode`: the latent code of every image of the model's data, one per line (or JSON).
 * A VAE's code is the mean of q(z|x); its JSON and CSV add the log-variance.
 */
export function encode(flags: ModelDataFlags & { json?: boolean; csv?: boolean }): void {
  const { file, dataset } = modelAndData(flags);
  if (flags.csv) {
    process.stdout.write(latentCodesCsv(file, dataset));
    return;
  }
  const q = file.kind === 'vae' ? file.model.encodeDistribution(dataset.inputs) : { mean: file.model.encode(dataset.inputs), logVariance: undefined };
  const codes = q.mean.toRows();
  const logVariances = q.logVariance?.toRows();
  if (flags.json) {
    printJson(dataset.labels.map((label, i) => ({ label, code: codes[i], ...(logVariances && { logVariance: logVariances[i] }) })));
    return;
  }
  const width = Math.max(5, ...dataset.labels.map((label) => label.length));
  const lines = dataset.labels.map((label, i) => `${label.padStart(width)}  ${codes[i].map((v) => v.toFixed(4).padStart(8)).join(' ')}`);
  print(lines);
}
