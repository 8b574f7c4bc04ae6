import type { Dataset } from '../../data/dataset.js';
import { thumbnailUri } from '../../plot/thumbnail.js';
import type { FinishedDocument, TrialInfo } from '../../runs/result-document.js';
import type { VaeResult } from '../../runs/vae/kind.js';
import type { TrialDocument } from '../run-experiment.js';

/** A finished VAE trial's result document. */
export type VaeDocument = FinishedDocument & VaeResult & { trial: TrialInfo };

export function vaeRuns(documents: readonly TrialDocument[]): VaeDocument[] {
  return documents.filter((d): d is VaeDocument => d.status === 'finished' && d.kind === 'vae');
}

/** The worst per-image reconstruction error of a run (mean absolute pixel error, from the latent mean). */
export function worstMAE(run: VaeDocument): number {
  return Math.max(...run.reconstructionMAE);
}

/** A picture of one image of a data set's kind (luminance for emoji, ink for glyphs). */
export function picture(dataset: Dataset, values: ArrayLike<number>, scale = 2): string {
  return thumbnailUri(values, { width: dataset.width, height: dataset.height, mode: dataset.mode ?? 'ink', scale });
}

/** "400-200-2-200-400" */
export function vaeLayers(run: VaeDocument): string {
  const { encoder, latent, decoder } = run.spec.model;
  const size = run.dataset.width * run.dataset.height;
  return [size, ...encoder, latent, ...decoder, size].join('-');
}
