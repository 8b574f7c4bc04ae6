import type { Dataset } from '../../data/dataset.js';
import { glyphStatus, glyphStatusColors } from '../../plot/style.js';
import type { GlyphCell, GlyphCellsOptions } from '../../plot/glyph-cells.js';
import type { Autoencoder } from '../../models/autoencoder/autoencoder.js';
import type { AutoencoderRunSpec } from '../../runs/autoencoder/spec.js';
import type { AutoencoderResult } from '../../runs/autoencoder/kind.js';
import type { FinishedDocument, TrialInfo } from '../../runs/result-document.js';
import { median } from '../../eval/statistics.js';
import type { TrialDocument } from '../run-experiment.js';

/** A finished autoencoder trial's result document. */
export type AutoencoderDocument = FinishedDocument & AutoencoderResult & { trial: TrialInfo };

export function autoencoderRuns(documents: readonly TrialDocument[]): AutoencoderDocument[] {
  return documents.filter((d): d is AutoencoderDocument => d.status === 'finished' && d.kind === 'autoencoder');
}

/** The most wrong pixels of any glyph of a run. */
export function worstGlyph(run: AutoencoderDocument): number {
  return Math.max(...run.wrongPixelsPerGlyph);
}

/** A denoiser's wrong pixels on its noisy test inputs (the mean over the copies), NaN when it was not tested on noise. */
export function noisyMean(run: AutoencoderDocument): number {
  return run.noisyWrongPixels?.mean ?? NaN;
}

/** The run whose value is the (lower) median of the runs, the lowest seed among equals: a typical run, not the best. */
export function medianRun(runs: readonly AutoencoderDocument[], value: (run: AutoencoderDocument) => number): AutoencoderDocument {
  const sorted = [...runs].sort((a, b) => value(a) - value(b) || a.seed - b.seed);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** "35-20-2-20-35" */
export function layerSizes(spec: AutoencoderRunSpec, width: number): string {
  return [width, ...spec.model.encoder, spec.model.latent, ...spec.model.decoder, width].join('-');
}

/** "35-20-2-20-35, tanh/tanh/tanh, mse, adam lr 0.0005, 19300 epochs" */
export function describeRun(run: AutoencoderDocument): string {
  const { model, training } = run.spec;
  const stop = training.stopAtWrongPixels === undefined ? '' : `, stop at <= ${training.stopAtWrongPixels} wrong px/glyph`;
  return `${layerSizes(run.spec, run.dataset.width * run.dataset.height)}, ${model.activation}/${model.latentActivation}/${model.outputActivation}, ${model.loss}, ${training.optimizer.name} lr ${training.optimizer.lr}, ${training.epochs} epochs${stop}`;
}

/** Each glyph next to nothing but its reconstruction: wrong pixels marked, framed perfect / 1 wrong / worse. */
export function reconstructionCells(model: Autoencoder, dataset: Dataset): GlyphCell[] {
  const output = model.reconstruct(dataset.inputs);
  return dataset.labels.map((label, i) => {
    const target = dataset.inputs.row(i);
    const pixels = output.row(i);
    let wrong = 0;
    for (let p = 0; p < pixels.length; p++) if (pixels[p] >= 0.5 !== target[p] >= 0.5) wrong++;
    return { label, pixels, target, status: glyphStatus(wrong) };
  });
}

export const reconstructionGridOptions: Pick<GlyphCellsOptions, 'statusTitle' | 'statusColors' | 'width' | 'height'> = {
  statusTitle: 'glyph',
  statusColors: glyphStatusColors,
  width: 5,
  height: 7,
};

/** "12 [7-16]" for integers, with a median that may be a half. */
export function medianRange(values: readonly number[], digits = 0): string {
  const f = (v: number) => (Number.isInteger(v) && digits === 0 ? String(v) : v.toFixed(digits || 1));
  return `${f(median(values))} [${f(Math.min(...values))}-${f(Math.max(...values))}]`;
}

export function percent(part: number, whole: number, digits = 2): string {
  return `${((100 * part) / whole).toFixed(digits)}%`;
}
