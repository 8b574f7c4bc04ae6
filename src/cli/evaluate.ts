import type { Dataset } from '../data/dataset.js';
import { parseNoise } from '../data/noise.js';
import { DEFAULT_TEST_COPIES, DEFAULT_TEST_SEED, evaluateDenoising } from '../eval/denoising.js';
import { meanAbsoluteErrorPerRow, meanSquaredError, wrongPixelsPerRow } from '../eval/pixels.js';
import type { Autoencoder } from '../models/autoencoder/autoencoder.js';
import type { KindModel } from '../models/checkpoint.js';
import { gaussianKL, type Vae } from '../models/vae/vae.js';
import { writeFileAtomic } from '../io/files.js';
import { renderDenoisingPicture } from './denoising-picture.js';
import { modelAndData, requireBinary, type ModelDataFlags } from './model-data.js';
import { PREVIEW_ROWS, denoisingReport, glyphReport } from './report.js';
import { print, printJson } from './style.js';

export interface NoiseTestFlags {
  /** The test noise (flip-count:0.1, ...): runs the denoising test protocol. */
  noise?: string;
  copies?: number;
  seed?: number;
  /** The Bayes pixel denoiser's prior over noise levels (a training range); default the test noise. */
  prior?: string;
  /** PNG of the first noisy copy: clean, noisy, output. */
  picture?: string;
}

/**
 * `latentlab eval`: a saved model of any kind judged on the data its file names (or --data).
 * An autoencoder: wrong pixels glyph by glyph. A VAE: per image, the reconstruction error decoded
 * from the latent mean, the KL of q(z|x) from the prior and the mean. With --noise, either kind:
 * the denoising test protocol (a VAE denoises by decoding the mean of q(z|x)).
 */
export function evaluate(flags: ModelDataFlags & NoiseTestFlags & { json?: boolean }): void {
  if (flags.noise === undefined) {
    for (const flag of ['copies', 'seed', 'prior', 'picture'] as const) if (flags[flag] !== undefined) throw new Error(`--${flag} belongs to the denoising test: give --noise too`);
  }
  const { file, dataset } = modelAndData(flags);
  if (flags.noise !== undefined) {
    denoisingEval(file, dataset, { ...flags, noise: flags.noise });
    return;
  }
  const lines = file.kind === 'vae' ? vaeEval(file.model, dataset, flags.json) : autoencoderEval(file.model, dataset, flags.json);
  print(lines);
}

/** The denoising test protocol on the model's reconstructions; the table, or JSON. */
function denoisingEval({ kind, model }: KindModel, dataset: Dataset, flags: NoiseTestFlags & { noise: string; json?: boolean }): void {
  const noise = parseNoise(flags.noise);
  requireBinary(dataset, 'the denoising test (--noise)');
  const protocol = { noise, copies: flags.copies ?? DEFAULT_TEST_COPIES, seed: flags.seed ?? DEFAULT_TEST_SEED, ...(flags.prior ? { prior: parseNoise(flags.prior) } : {}) };
  const detail = evaluateDenoising((x) => model.reconstruct(x), dataset.inputs, protocol);
  if (flags.picture) writeFileAtomic(flags.picture, renderDenoisingPicture(dataset, detail));
  if (flags.json) {
    const { noisyWrongPixels, referenceWrongPixels, cleanWrongPixels } = detail.evaluation;
    printJson({ kind, dataset: dataset.name, labels: dataset.labels, noisyWrongPixels, referenceWrongPixels, cleanWrongPixels, denoising: detail.evaluation });
    return;
  }
  const picture = flags.picture ? ['', `Picture: ${flags.picture} (the first noisy copy: clean, noisy, output)`] : [];
  print([...denoisingReport(detail.evaluation, dataset.inputs.rows), ...picture]);
}

/** Wrong pixels glyph by glyph (binarized at 0.5), with the failures drawn; or one JSON line. */
function autoencoderEval(model: Autoencoder, dataset: Dataset, json?: boolean): string[] {
  const reconstruction = model.reconstruct(dataset.inputs);
  const wrong = wrongPixelsPerRow(reconstruction, dataset.inputs);
  if (json) {
    const wrongPixels = wrong.reduce((a, b) => a + b, 0);
    const mse = meanSquaredError(reconstruction, dataset.inputs);
    return [JSON.stringify({ kind: 'autoencoder', dataset: dataset.name, labels: dataset.labels, wrongPixelsPerGlyph: wrong, wrongPixels, reconstructionMSE: mse })];
  }
  return glyphReport(dataset.labels, wrong, reconstruction.toRows(), dataset.inputs.toRows(), dataset.width, dataset.height, dataset.mode);
}

/** What `eval` measures of a VAE on each image: the fields of its JSON. */
interface VaeEvaluation {
  kind: 'vae';
  dataset: string;
  labels: string[];
  /** Mean absolute pixel error of each image decoded from its latent mean (as train's result document). */
  reconstructionMAE: number[];
  /** KL(q(z|x) || N(0, I)) of each image, in nats. */
  kl: number[];
  latentMeans: number[][];
  latentLogVariances: number[][];
  meanMAE: number;
  worstMAE: number;
  meanKL: number;
}

function vaeEvaluation(vae: Vae, dataset: Dataset): VaeEvaluation {
  const { mean, logVariance } = vae.encodeDistribution(dataset.inputs);
  const reconstructionMAE = meanAbsoluteErrorPerRow(vae.decode(mean), dataset.inputs);
  const kl = dataset.labels.map((_, i) => gaussianKL(mean.row(i), logVariance.row(i)));
  const average = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    kind: 'vae',
    dataset: dataset.name,
    labels: dataset.labels,
    reconstructionMAE,
    kl,
    latentMeans: mean.toRows(),
    latentLogVariances: logVariance.toRows(),
    meanMAE: average(reconstructionMAE),
    worstMAE: Math.max(...reconstructionMAE),
    meanKL: average(kl),
  };
}

/** Per image: the reconstruction error, the KL and the latent mean and spread; then the averages. Or one JSON line. */
function vaeEval(vae: Vae, dataset: Dataset, json?: boolean): string[] {
  const e = vaeEvaluation(vae, dataset);
  if (json) return [JSON.stringify(e)];
  const width = Math.max(5, ...e.labels.map((l) => l.length));
  const lines = [
    `${dataset.name}: VAE with a ${vae.latent}-D latent space; each image decoded from the mean of q(z|x), KL of q(z|x) from N(0, I) in nats`,
    '',
    `${'image'.padEnd(width)}  ${'MAE'.padEnd(6)}  ${'KL'.padStart(8)}  ${'latent mean'.padStart(9 * vae.latent - 1)}   std`,
  ];
  e.labels.slice(0, PREVIEW_ROWS).forEach((label, i) => {
    const mean = e.latentMeans[i].map((v) => v.toFixed(3).padStart(8)).join(' ');
    const std = e.latentLogVariances[i].map((v) => Math.exp(v / 2).toFixed(3)).join(' ');
    lines.push(`${label.padEnd(width)}  ${e.reconstructionMAE[i].toFixed(4)}  ${e.kl[i].toFixed(3).padStart(8)}  ${mean}   ${std}`);
  });
  if (e.labels.length > PREVIEW_ROWS) lines.push(`(the first ${PREVIEW_ROWS} of ${e.labels.length} images)`);
  lines.push('', `Reconstruction MAE (from the latent mean): mean ${e.meanMAE.toFixed(4)}, worst ${e.worstMAE.toFixed(4)}`, `KL per image: mean ${e.meanKL.toFixed(3)}, largest ${Math.max(...e.kl).toFixed(3)}`);
  return lines;
}
