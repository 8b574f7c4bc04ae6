import type { AutoencoderRunResult } from '../experiments/run-autoencoder.js';
import { ART_LEGEND, art, diffArt, sideBySide } from './glyph-art.js';

/** The per-glyph table, failures drawn as text, and the totals: what `train` and `eval` print. */
export function glyphReport(labels: string[], wrong: number[], outputs: number[][], targets: number[][], width: number, height: number): string[] {
  const lines = ['glyph  wrong pixels'];
  labels.forEach((label, i) => lines.push(`${label.padStart(5)}  ${String(wrong[i]).padStart(3)}${wrong[i] > 1 ? '  <- more than 1' : ''}`));
  const failures = labels.map((_, i) => i).filter((i) => wrong[i] > 0);
  if (failures.length > 0) {
    lines.push('', `Glyphs with wrong pixels (expected | reconstructed; ${ART_LEGEND}):`);
    for (const i of failures) {
      lines.push(`${labels[i]} (${wrong[i]} wrong)`);
      lines.push(...sideBySide([art(targets[i], width, height), diffArt(outputs[i], targets[i], width, height)]).map((l) => `  ${l}`));
    }
  }
  const total = wrong.reduce((a, b) => a + b, 0);
  const pixels = labels.length * width * height;
  const good = wrong.filter((w) => w <= 1).length;
  lines.push(
    '',
    `Total: ${total} wrong pixels of ${pixels} (${((100 * total) / pixels).toFixed(2)}%); ` +
      `${wrong.filter((w) => w === 0).length}/${labels.length} glyphs perfect, ${good}/${labels.length} with at most 1 wrong pixel`,
  );
  return lines;
}

/** One line that names the setting of a run. */
export function runTitle(result: AutoencoderRunResult): string {
  const { model, training } = result.spec;
  const sizes = [result.dataset.width * result.dataset.height, ...model.encoder, model.latent, ...model.decoder, result.dataset.width * result.dataset.height];
  const batch = training.batchSize ? `batch ${training.batchSize}` : 'full batch';
  return (
    `${result.dataset.name}: ${sizes.join('-')} ${model.activation}/${model.latentActivation}/${model.outputActivation}, ${model.loss}, ` +
    `${training.optimizer.name} lr ${training.optimizer.lr}, ${batch}, seed ${training.seed}, ${training.engine} engine`
  );
}
