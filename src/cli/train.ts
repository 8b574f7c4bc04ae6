import { dirname, join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { renderComparisonGrid } from '../plot/glyph-grid.js';
import { renderLossCurve } from '../plot/loss-picture.js';
import { readJson, removeFile, writeFileAtomic } from '../io/files.js';
import { loadDataset } from '../io/datasets.js';
import { versions } from '../io/versions.js';
import { denoisingTest, type AutoencoderResult } from '../runs/autoencoder/kind.js';
import { flagText, specFromFlags } from '../runs/flags.js';
import { modelKind, preset } from '../runs/kinds.js';
import { RESULT_FORMAT, finishedDocument, modelFileHash } from '../runs/result-document.js';
import { Run } from '../runs/run.js';
import { stuckLossWarning } from '../runs/stuck-loss.js';
import { runName } from '../runs/run-name.js';
import { isSettings, mergeSettings, type Settings } from '../runs/settings.js';
import type { VaeResult } from '../runs/vae/kind.js';
import { renderDenoisingPicture } from './denoising-picture.js';
import { localPath, modelData, openModelFile } from './model-data.js';
import { scatterPath, writePlanePictures } from './plane-pictures.js';
import { createProgress } from './progress.js';
import { PREVIEW_ROWS, denoisingReport, glyphReport, runTitle, vaeReport, vaeRunTitle } from './report.js';
import { prepareRunFolder } from './run-folder.js';
import { print, printJson, warn } from './style.js';

/** The manifold picture `train` draws for a 2-D code: a 15 x 15 grid over the codes' range. */
const MANIFOLD_GRID = 15;
/** The preset of `train` with neither --preset nor a spec file that names a kind. */
const DEFAULT_PRESET = 'ae-font';
/** A slice of training between two looks at signals and checkpoints lasts about this long. */
const SLICE_MS = 100;

/** The flags of `train` that are not settings of the spec. */
interface RunFlags {
  /** Default: ae-font, or the first preset of the kind a --spec file names (a result document names its kind). */
  preset?: string;
  spec?: string;
  out?: string;
  json?: boolean;
  force?: boolean;
  resume?: string;
  checkpointEvery?: number;
  threads?: number;
}

export type TrainFlags = RunFlags & Record<string, unknown>;

/**
 * `latentlab train`: one path for every kind. Builds the spec (preset, spec file, flags) or opens
 * a run to continue (--resume), checks the run folder before the first epoch, trains in slices
 * (SIGINT/SIGTERM save a checkpoint and print how to continue; --checkpoint-every N keeps one every
 * N epochs), then writes model.json (the complete state), result.json and pictures, and prints the outcome.
 */
export async function train(flags: TrainFlags): Promise<void> {
  // --threads is set before the action runs (main.ts); the rest of the flags are the spec's.
  const { preset: givenPreset, spec: specFile, out, json, force, resume, checkpointEvery, threads, ...specFlags } = flags;
  let presetName = givenPreset;
  if (checkpointEvery !== undefined && (!Number.isInteger(checkpointEvery) || checkpointEvery < 1)) {
    throw new RangeError(`--checkpoint-every must be a positive whole number of epochs, got ${checkpointEvery}`);
  }
  const progress = { update: (_epoch: number, _loss: number) => {} };
  const onEpoch = ({ epoch, loss }: { epoch: number; loss: number }) => progress.update(epoch, loss);
  let run: Run;
  let dir: string;
  if (resume) {
    const given = Object.keys(specFlags).filter((flag) => flag !== 'epochs' && specFlags[flag] !== undefined);
    if (given.length > 0 || specFile) throw new Error(`--resume continues a run as it was saved: only --epochs may change (got ${[...given.map(flagText), ...(specFile ? ['--spec'] : [])].join(', ')})`);
    const modelFile = resume.endsWith('.json') ? resume : join(resume, 'model.json');
    const { file, text } = openModelFile(modelFile);
    run = Run.resume(file, modelData(file, { force }), specFlags.epochs as number | undefined, onEpoch);
    dir = out ?? dirname(modelFile);
    // A finished run is complete once its result document names this model file; a run killed
    // between its last model file and its result document gets them written now, without training.
    if (run.finished && hasItsResult(modelFile, text)) {
      print(`${modelFile}: this run is finished (${run.epochsDone} epochs${file.training?.stoppedEarly ? ', stopped early by its stop rule' : ''}); give --epochs with more than ${run.epochsDone} to train it further`);
      return;
    }
    if (out) prepareRunFolder(dir, run.spec, force);
  } else {
    const given = specFile ? readSpecFile(specFile) : undefined;
    presetName ??= given?.kind ? Object.keys(modelKind(given.kind).presets)[0] : DEFAULT_PRESET;
    const { kind, spec: presetSpec } = preset(presetName);
    if (given?.kind && given.kind !== kind.name) throw new RangeError(`spec file "${specFile}" holds a spec of kind ${given.kind}, but --preset ${presetName} is of kind ${kind.name}; give a ${given.kind} preset, or no --preset`);
    const base = given ? mergeSettings({ ...presetSpec }, given.spec) : { ...presetSpec };
    const built = specFromFlags(kind, base, specFlags);
    const spec = kind.parseSpec({ ...built, data: { ...built.data, dataset: localPath(built.data.dataset) } });
    const { dataset, identity } = loadDataset(spec.data);
    const layers = specFlags.layers as number[] | undefined;
    const width = dataset.inputs.cols;
    if (layers && (layers[0] !== width || layers.at(-1) !== width)) {
      throw new RangeError(`--layers must start and end with the data's ${width} pixels per image, got ${layers.join(',')}`);
    }
    dir = out ?? join('out', runName(presetName, kind.parseSpec(presetSpec), spec));
    // Started (and sized against memory) before the folder is made, so a refused run leaves nothing behind.
    run = Run.start(kind, spec, dataset, identity, onEpoch);
    prepareRunFolder(dir, spec, force);
  }
  const modelPath = join(dir, 'model.json');
  const firstEpoch = run.epochsDone;
  const bar = await createProgress(run.spec.training.epochs, run.dataset.inputs.rows, run.epochsDone);
  progress.update = bar.update;
  const save = modelSaver(modelPath, join(dir, 'result.json'));
  const interrupted = await trainInSlices(run, save, checkpointEvery).finally(() => bar.stop());
  if (interrupted) {
    save(run.modelFile());
    process.stderr.write(
      `\nInterrupted by ${interrupted} at epoch ${run.epochsDone} of ${run.spec.training.epochs}; the run is saved in ${modelPath}.\n` +
        `Continue it with: latentlab train --resume ${dir}\n`,
    );
    process.exitCode = 130;
    return;
  }
  finish(run, dir, save, run.epochsDone - firstEpoch, Boolean(json));
}

/** True when the result document beside a model file names it by the hash of its text (read once, by the caller). */
function hasItsResult(modelFile: string, modelText: string): boolean {
  try {
    const document = readJson(join(dirname(modelFile), 'result.json'), 'result document') as { modelHash?: unknown };
    return document.modelHash === modelFileHash(modelText);
  } catch {
    return false;
  }
}

/**
 * Writes the run's model file. The first write of a session removes the result document of the
 * model file it replaces, so a kill at any moment never leaves a result beside a model it does not
 * describe (finish writes the new one after the model).
 */
function modelSaver(modelPath: string, resultPath: string): (modelText: string) => void {
  let first = true;
  return (modelText) => {
    if (first) removeFile(resultPath);
    first = false;
    writeFileAtomic(modelPath, modelText);
  };
}

/**
 * Trains to the end in slices of about SLICE_MS, letting signals through between slices and
 * writing a checkpoint every `every` epochs. Returns the signal that stopped it, if one did.
 */
async function trainInSlices(run: Run, save: (modelText: string) => void, every: number | undefined): Promise<string | undefined> {
  let signal: string | undefined;
  const stop = (name: string) => () => (signal = name);
  const handlers = { SIGINT: stop('SIGINT'), SIGTERM: stop('SIGTERM') };
  for (const [name, handler] of Object.entries(handlers)) process.on(name, handler);
  try {
    while (!run.finished && !signal) {
      run.trainFor(SLICE_MS, every === undefined ? Infinity : every - (run.epochsDone % every));
      if (every !== undefined && run.epochsDone % every === 0 && !run.finished) save(run.modelFile());
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    for (const [name, handler] of Object.entries(handlers)) process.off(name, handler);
  }
  return signal;
}

/** Writes the model file, the pictures and the result document of a finished run (`trained` epochs in this session), and prints its outcome. */
function finish(run: Run, dir: string, save: (modelText: string) => void, trained: number, json: boolean): void {
  const started = performance.now();
  const { dataset } = run;
  const result = run.result();
  const model = run.model;
  const files: Record<string, string> = { model: join(dir, 'model.json'), result: join(dir, 'result.json'), reconstruction: join(dir, 'reconstruction.png') };
  const shown = dataset.inputs.head(Math.min(dataset.inputs.rows, PREVIEW_ROWS));
  // Reconstructions are drawn in grey levels when they are probabilities (a VAE's) or the data are pictures;
  // an autoencoder's glyphs are binarized with their wrong pixels in red.
  const vae = model.kind === 'vae';
  const grey = vae || dataset.mode === 'luminance';
  const scale = dataset.width >= 16 ? 4 : vae ? 12 : undefined;
  // The reconstructions of the first rows: the picture's, and the report's (which lists glyph by glyph only a set that small).
  const shownReconstruction = model.model.reconstruct(shown);
  writeFileAtomic(files.reconstruction, renderComparisonGrid(shown, shownReconstruction, { width: dataset.width, height: dataset.height, mode: dataset.mode, scale, ...(grey && { reconstruction: 'grey' as const }) }));
  let lines: string[];
  if (model.kind === 'autoencoder') {
    const denoising = denoisingTest(model.model, dataset, (result as AutoencoderResult).spec);
    if (denoising) {
      files.denoisingPicture = join(dir, 'denoising.png');
      writeFileAtomic(files.denoisingPicture, renderDenoisingPicture(dataset, denoising));
    }
    lines = autoencoderLines(result as AutoencoderResult, dataset, shown.toRows(), shownReconstruction.toRows());
  } else {
    lines = [vaeRunTitle(result as VaeResult), '', ...vaeReport(result as VaeResult)];
  }
  // A 2-D code is drawn: the plane decoded (the manifold) and the codes of the data, over a range fitted to them.
  if (model.model.latent === 2) {
    files.manifold = join(dir, 'manifold.png');
    files.latentCodes = scatterPath(files.manifold);
    lines.push(...writePlanePictures(model, dataset, dataset, MANIFOLD_GRID, undefined, files.manifold).lines);
  }
  files.lossCurve = join(dir, 'loss.png');
  const terms = vae ? [{ name: 'reconstruction', values: (result as VaeResult).reconstructionHistory }, { name: 'KL', values: (result as VaeResult).klHistory }] : [];
  writeFileAtomic(files.lossCurve, renderLossCurve([{ name: 'loss', values: result.lossHistory }, ...terms], `${dataset.name}: loss per epoch`));
  const modelText = run.modelFile();
  save(modelText);
  const modelHash = modelFileHash(modelText);
  const reportSeconds = (performance.now() - started) / 1000;
  const document = finishedDocument(result, { versions: versions(), files, modelHash, reportSeconds });
  writeFileAtomic(files.result, `${JSON.stringify(document, null, 1)}\n`);
  const stuck = stuckLossWarning(result.lossHistory, run.spec.training.optimizer.lr);
  if (stuck) warn(stuck);
  if (json) {
    printJson(document);
    return;
  }
  const seconds = result.trainSeconds;
  lines.push(
    `Training time: ${seconds.toFixed(2)} s (${((1000 * seconds) / Math.max(1, trained)).toFixed(4)} ms/epoch)`,
    '',
    `Model:   ${files.model} (continue it with: latentlab train --resume ${dir} --epochs N)`,
    `Result:  ${files.result}`,
    `Reconstructions (originals above, reconstructions below${vae ? ', decoded from the latent means' : grey ? '' : ', wrong pixels in red'}): ${files.reconstruction}`,
    `Loss curve: ${files.lossCurve}`,
    ...(files.denoisingPicture ? [`Denoising picture: ${files.denoisingPicture} (the first noisy copy: clean, noisy, output; frames blue = perfect, amber = 1 wrong pixel, magenta = more)`] : []),
  );
  print(lines);
}

/**
 * The autoencoder's report: its setting, the wrong pixels of every glyph, the epochs and the
 * denoising test; `shown` and `reconstruction` are the first PREVIEW_ROWS rows and their reconstructions.
 */
function autoencoderLines(result: AutoencoderResult, dataset: Dataset, shown: number[][], reconstruction: number[][]): string[] {
  return [
    runTitle(result),
    '',
    ...glyphReport(dataset.labels, result.wrongPixelsPerGlyph, reconstruction, shown, dataset.width, dataset.height, dataset.mode),
    `Epochs: ${result.epochs}${result.stoppedEarly ? ` (stopped early: every ${dataset.mode === 'ink' ? 'glyph' : 'image'} within the limit)` : ''}; final loss ${result.finalLoss.toPrecision(4)}`,
    ...(result.denoising ? ['', ...denoisingReport(result.denoising, dataset.inputs.rows)] : []),
  ];
}

/**
 * A JSON spec file (an object merged over the preset), or a result document (result.json: its spec,
 * and its kind, which picks the preset when none is given); errors name the file.
 */
function readSpecFile(path: string): { spec: Settings; kind?: string } {
  const value = readJson(path, 'spec file');
  if (!isSettings(value)) throw new Error(`spec file "${path}" must hold a JSON object`);
  if (value.format === RESULT_FORMAT && isSettings(value.spec)) return { spec: value.spec, kind: String(value.kind) };
  return { spec: value, ...(typeof value.kind === 'string' && { kind: value.kind }) };
}
