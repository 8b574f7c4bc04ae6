import { join } from 'node:path';
import { renderComparisonGrid } from '../plot/glyph-grid.js';
import { renderDenoisingPicture } from './denoising-picture.js';
import { runAutoencoder } from '../runs/autoencoder/run.js';
import { serializeAutoencoder } from '../models/checkpoint.js';
import { writeFileAtomic } from '../io/files.js';
import { loadDataset } from '../io/load-dataset.js';
import { createProgress } from './progress.js';
import { PREVIEW_ROWS, denoisingReport, glyphReport, runTitle } from './report.js';
import { buildRunSpec, type SpecFlags } from './run-spec.js';
import { versions } from '../io/versions.js';

export interface TrainFlags extends SpecFlags {
  out?: string;
  json?: boolean;
}

/** `latentlab train`: builds the spec, trains, writes model, result and picture, prints the outcome. */
export function train(flags: TrainFlags): void {
  const spec = buildRunSpec(flags);
  const dataset = loadDataset(spec.data);
  const width = dataset.inputs.cols;
  if (flags.layers && (flags.layers[0] !== width || flags.layers.at(-1) !== width)) {
    throw new RangeError(`--layers must start and end with the data's ${width} pixels per image, got ${flags.layers.join(',')}`);
  }
  const progress = createProgress(spec.training.epochs, Boolean(flags.json), dataset.inputs.rows * (spec.noise?.copies ?? 1));
  let outcome;
  try {
    outcome = runAutoencoder(spec, dataset, ({ epoch, loss }) => progress.update(epoch, loss));
  } finally {
    progress.stop();
  }
  const { model, result, denoising } = outcome;
  const dir = flags.out ?? join('out', `${flags.spec ? 'custom' : flags.preset}-seed${spec.training.seed}`);
  const files = {
    model: join(dir, 'model.json'),
    result: join(dir, 'result.json'),
    picture: join(dir, 'reconstruction.png'),
    ...(denoising ? { denoisingPicture: join(dir, 'denoising.png') } : {}),
  };
  const imageInfo = { name: dataset.name, width: dataset.width, height: dataset.height, labels: dataset.labels };
  const reconstruction = model.reconstruct(dataset.inputs);
  writeFileAtomic(files.model, serializeAutoencoder(model, imageInfo));
  const shown = Math.min(dataset.inputs.rows, PREVIEW_ROWS);
  const pictureScale = dataset.width >= 16 ? 4 : undefined;
  writeFileAtomic(files.picture, renderComparisonGrid(dataset.inputs.head(shown), reconstruction.head(shown), { width: dataset.width, height: dataset.height, scale: pictureScale }));
  if (denoising && files.denoisingPicture) writeFileAtomic(files.denoisingPicture, renderDenoisingPicture(dataset, denoising));
  const document = { format: 'latentlab-result', version: 1, versions: versions(), ...result, files };
  writeFileAtomic(files.result, `${JSON.stringify(document, null, 1)}\n`);

  if (flags.json) {
    process.stdout.write(`${JSON.stringify(document)}\n`);
    return;
  }
  const lines = [
    runTitle(result),
    '',
    ...glyphReport(dataset.labels, result.wrongPixelsPerGlyph, reconstruction.toRows(), dataset.inputs.toRows(), dataset.width, dataset.height),
    `Epochs: ${result.epochs}${result.stoppedEarly ? ' (stopped early: every glyph within the limit)' : ''}; final loss ${result.finalLoss.toPrecision(4)}`,
    `Training time: ${result.trainSeconds.toFixed(2)} s (${((1000 * result.trainSeconds) / result.epochs).toFixed(4)} ms/epoch)`,
    ...(result.denoising ? ['', ...denoisingReport(result.denoising, dataset.inputs.rows)] : []),
    '',
    `Model:   ${files.model}`,
    `Result:  ${files.result}`,
    `Picture: ${files.picture}`,
    ...(files.denoisingPicture ? [`Denoising picture: ${files.denoisingPicture} (the first noisy copy: clean, noisy, output; frames blue = perfect, amber = 1 wrong pixel, magenta = more)`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
