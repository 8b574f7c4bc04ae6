import { join } from 'node:path';
import { renderComparisonGrid } from '../plot/glyph-grid.js';
import { runVae, type VaeRunResult } from '../runs/vae/run.js';
import { serializeVae } from '../models/checkpoint.js';
import { writeFileAtomic } from '../io/files.js';
import { vaeLatentModel } from './latent-model.js';
import { loadNamedDataset } from '../io/named-dataset.js';
import { writePlanePictures, scatterPath } from './plane-pictures.js';
import { createProgress } from './progress.js';
import { PREVIEW_ROWS } from './report.js';
import { versions } from '../io/versions.js';
import { buildVaeRunSpec, type VaeSpecFlags } from './vae-run-spec.js';

/** The manifold picture `train` draws: the classic 15 x 15 grid over [-3, 3]^2 (3 prior standard deviations). */
const MANIFOLD_GRID = 15;
const MANIFOLD_RANGE = 3;

export interface TrainVaeFlags extends VaeSpecFlags {
  out?: string;
  json?: boolean;
}

/** `latentlab train --preset vae-*`: trains a VAE, writes model, result and pictures, prints losses and per-image errors. */
export function trainVae(flags: TrainVaeFlags): void {
  const spec = buildVaeRunSpec(flags);
  const dataset = loadNamedDataset(spec.data.dataset);
  if (flags.layers && (flags.layers[0] !== dataset.inputs.cols || flags.layers.at(-1) !== dataset.inputs.cols)) {
    throw new RangeError(`--layers must start and end with the data's ${dataset.inputs.cols} pixels per image, got ${flags.layers.join(',')}`);
  }
  const progress = createProgress(spec.training.epochs, Boolean(flags.json), dataset.inputs.rows);
  let outcome;
  try {
    outcome = runVae(spec, dataset, ({ epoch, loss }) => progress.update(epoch, loss));
  } finally {
    progress.stop();
  }
  const { model, result } = outcome;
  const dir = flags.out ?? join('out', `${flags.spec ? 'custom' : flags.preset}${flags.data ? `-${dataset.name}` : ''}-seed${spec.training.seed}`);
  const files = {
    model: join(dir, 'model.json'),
    result: join(dir, 'result.json'),
    reconstruction: join(dir, 'reconstruction.png'),
    manifold: join(dir, 'manifold.png'),
    latentMeans: scatterPath(join(dir, 'manifold.png')),
  };
  const imageInfo = { name: dataset.name, width: dataset.width, height: dataset.height, labels: dataset.labels, mode: dataset.mode };
  writeFileAtomic(files.model, serializeVae(model, imageInfo));
  const pictureOptions = { width: dataset.width, height: dataset.height, mode: dataset.mode, reconstruction: 'grey' as const, scale: dataset.width >= 16 ? 4 : 12 };
  const shown = dataset.inputs.head(Math.min(dataset.inputs.rows, PREVIEW_ROWS));
  writeFileAtomic(files.reconstruction, renderComparisonGrid(shown, model.reconstruct(shown), pictureOptions));
  const planeLines = spec.model.latent === 2 ? writePlanePictures(vaeLatentModel(model, imageInfo), dataset, MANIFOLD_GRID, MANIFOLD_RANGE, files.manifold) : [];
  const written = spec.model.latent === 2 ? files : { model: files.model, result: files.result, reconstruction: files.reconstruction };
  const document = { format: 'latentlab-result', version: 1, versions: versions(), ...result, files: written };
  writeFileAtomic(files.result, `${JSON.stringify(document, null, 1)}\n`);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(document)}\n`);
    return;
  }
  const lines = [
    vaeRunTitle(result),
    '',
    ...vaeReport(result),
    `Training time: ${result.trainSeconds.toFixed(2)} s (${((1000 * result.trainSeconds) / result.epochs).toFixed(4)} ms/epoch)`,
    '',
    `Model:   ${files.model}`,
    `Result:  ${files.result}`,
    `Reconstructions (originals above, decoded from their latent means below): ${files.reconstruction}`,
    ...(planeLines.length > 0 ? planeLines : [`(no manifold picture: the latent space has ${spec.model.latent} dimensions, not 2)`]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** One line that names the setting of a run. */
export function vaeRunTitle(result: VaeRunResult): string {
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
export function vaeReport(result: VaeRunResult): string[] {
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
