import type { DenoisingEvaluation, RestoredShares, Spread } from '../eval/denoising.js';
import type { AutoencoderResult } from '../runs/autoencoder/kind.js';
import type { VaeResult } from '../runs/vae/kind.js';
import type { PixelMode } from '../data/dataset.js';
import { ART_LEGEND, art, diffArt, sideBySide } from './glyph-art.js';
import { formatCount } from '../data/format-count.js';
import { paint } from './style.js';

/** Data sets with more rows than this get totals only in reports, and only their first rows in pictures. */
export const PREVIEW_ROWS = 64;

/**
 * The per-item table (glyphs, or images for picture data), failures drawn as text, and the totals:
 * what `train` and `eval` print. Only a set of at most PREVIEW_ROWS rows is listed item by item, so
 * `outputs` and `targets` need hold no more than the first PREVIEW_ROWS rows.
 */
export function glyphReport(labels: string[], wrong: number[], outputs: number[][], targets: number[][], width: number, height: number, mode: PixelMode = 'ink'): string[] {
  const item = mode === 'ink' ? 'glyph' : 'image';
  const listed = labels.length <= PREVIEW_ROWS;
  const lines = listed ? [`${item.padStart(5)}  wrong pixels`] : [];
  if (listed) labels.forEach((label, i) => lines.push(`${label.padStart(5)}  ${String(wrong[i]).padStart(3)}${wrong[i] > 1 ? paint('red', '  <- more than 1') : ''}`));
  const failures = labels.map((_, i) => i).filter((i) => wrong[i] > 0);
  if (listed && failures.length > 0) {
    lines.push('', `${item[0].toUpperCase()}${item.slice(1)}s with wrong pixels (expected | reconstructed; ${ART_LEGEND}):`);
    for (const i of failures) {
      lines.push(`${labels[i]} (${wrong[i]} wrong)`);
      lines.push(...sideBySide([art(targets[i], width, height), diffArt(outputs[i], targets[i], width, height)]).map((l) => `  ${l}`));
    }
  }
  const total = wrong.reduce((a, b) => a + b, 0);
  const pixels = labels.length * width * height;
  const good = wrong.filter((w) => w <= 1).length;
  const totals =
    `Total: ${formatCount(total)} wrong pixels of ${formatCount(pixels)} (${((100 * total) / pixels).toFixed(2)}%); ` +
    `${wrong.filter((w) => w === 0).length}/${labels.length} ${item}s perfect, ${good}/${labels.length} with at most 1 wrong pixel`;
  lines.push('', paint(good === labels.length ? 'green' : 'bold', totals));
  return lines;
}

/** One line that names the setting of a run. */
export function runTitle(result: AutoencoderResult): string {
  const { model, training } = result.spec;
  const sizes = [result.dataset.width * result.dataset.height, ...model.encoder, model.latent, ...model.decoder, result.dataset.width * result.dataset.height];
  const batch = training.batchSize ? `batch ${training.batchSize}` : 'full batch';
  return (
    `${result.dataset.name}: ${sizes.join('-')} ${model.activation}/${model.latentActivation}/${model.outputActivation}, ${model.loss}, ` +
    `${training.optimizer.name} lr ${training.optimizer.lr}, ${batch}, seed ${training.seed}, ${training.engine} engine`
  );
}

/**
 * The denoising test protocol's table: the model next to the nearest-glyph reference (and the
 * Bayes pixel denoiser) on the same noisy inputs, wrong pixels per copy of the data set.
 */
export function denoisingReport(e: DenoisingEvaluation, images: number): string[] {
  const spreadText = (s: Spread): string => `${s.mean.toFixed(1).padStart(6)}  (${s.min}-${s.max})`.padEnd(20);
  const sharesText = (r: RestoredShares): string => [r.perfect, r.oneWrong, r.worse].map((v) => `${(100 * v).toFixed(1)}%`.padStart(8)).join('  ');
  const row = (name: string, s: Spread, r?: RestoredShares): string => `  ${name.padEnd(30)}${spreadText(s)}${r ? sharesText(r) : ''}`.trimEnd();
  const ratio = e.referenceWrongPixels.mean > 0 ? ` = ${(e.noisyWrongPixels.mean / e.referenceWrongPixels.mean).toFixed(2)}x the reference` : '';
  return [
    `Denoising: ${e.noise}, ${e.copies} noisy copies of the ${images} images (test seed ${e.seed}); wrong pixels per ${e.pixelsPerCopy}, mean (min-max over the copies)`,
    `  ${''.padEnd(30)}${'wrong pixels'.padEnd(20)}${'perfect'.padStart(8)}  ${'1 wrong'.padStart(8)}  ${'worse'.padStart(8)}`,
    row('noisy inputs (no denoiser)', e.inputWrongPixels),
    row('this model', e.noisyWrongPixels, e.restored),
    row('nearest glyph (reference)', e.referenceWrongPixels, e.referenceRestored),
    ...(e.posteriorWrongPixels ? [row(e.posteriorPrior ? `Bayes, prior ${e.posteriorPrior}` : 'Bayes pixel denoiser', e.posteriorWrongPixels)] : []),
    `  this model: ${e.noisyWrongPixels.mean.toFixed(1)} wrong pixels per ${e.pixelsPerCopy}${ratio}; MSE ${e.noisyMSE.toPrecision(3)} on the noisy inputs;` +
      ` on the clean images ${e.cleanWrongPixels} wrong pixels (MSE ${e.cleanMSE.toPrecision(3)})`,
    `  the reference picked the wrong glyph for ${(100 * e.referenceWrongGlyphs).toFixed(1)}% of the inputs` +
      (e.posteriorWrongPixels
        ? e.posteriorPrior
          ? `; the Bayes pixel denoiser knows the glyphs and that the noise level is drawn from ${e.posteriorPrior}: no model trained on that range does better on average`
          : '; the Bayes pixel denoiser knows the glyphs and the noise model: no denoiser does better on average'
        : ''),
  ];
}

/** One line that names the setting of a run. */
export function vaeRunTitle(result: VaeResult): string {
  const { model, training } = result.spec;
  const pixels = result.dataset.width * result.dataset.height;
  const sizes = [pixels, ...model.encoder, model.latent, ...model.decoder, pixels];
  const batch = training.batchSize ? `batch ${training.batchSize}` : 'full batch';
  const warmup = model.betaWarmupEpochs > 0 ? ` (warm-up ${model.betaWarmupEpochs} epochs)` : '';
  return (
    `${result.dataset.name}: VAE ${sizes.join('-')} ${model.activation}, ${model.reconstruction} + ${model.beta} x KL${warmup}, ` +
    `${training.optimizer.name} lr ${training.optimizer.lr}, ${batch}, ${training.epochs} epochs, seed ${training.seed}, ${training.engine} engine`
  );
}

/** The per-image table (reconstruction error, latent mean and spread) and the final loss terms. */
export function vaeReport(result: VaeResult): string[] {
  const { labels } = result.dataset;
  const width = Math.max(5, ...labels.map((l) => l.length));
  const lines = [`${'image'.padEnd(width)}  MAE     latent mean           std`];
  labels.slice(0, PREVIEW_ROWS).forEach((label, i) => {
    const mean = result.latentMeans[i].map((v) => v.toFixed(3).padStart(8)).join(' ');
    const std = result.latentLogVariances[i].map((v) => Math.exp(v / 2).toFixed(3)).join(' ');
    lines.push(`${label.padEnd(width)}  ${result.reconstructionMAE[i].toFixed(4)}  ${mean}   ${std}`);
  });
  if (labels.length > PREVIEW_ROWS) lines.push(`(the first ${PREVIEW_ROWS} of ${labels.length} images)`);
  const worst = Math.max(...result.reconstructionMAE);
  const mean = result.reconstructionMAE.reduce((a, b) => a + b, 0) / labels.length;
  lines.push(
    '',
    `Reconstruction MAE (from the latent mean): mean ${mean.toFixed(4)}, worst ${worst.toFixed(4)}`,
    `Final loss per image: ${result.finalLoss.toFixed(3)} = reconstruction ${result.finalReconstruction.toFixed(3)} + beta x KL ${result.finalKL.toFixed(3)}`,
  );
  return lines;
}
