import { loadModelAndData, type DataFlags } from './evaluate.js';

/** `latentlab encode`: the latent code of every glyph, one per line (or JSON). */
export function encode(flags: DataFlags & { json?: boolean }): void {
  const { model, dataset } = loadModelAndData(flags);
  const codes = model.encode(dataset.inputs).toRows();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(dataset.labels.map((label, i) => ({ label, code: codes[i] })))}\n`);
    return;
  }
  const lines = dataset.labels.map((label, i) => `${label.padStart(5)}  ${codes[i].map((v) => v.toFixed(4).padStart(8)).join(' ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
