import type { Dataset } from '../data/dataset.js';
import type { DataIdentity } from '../data/dataset-identity.js';
import { serializeModelFile, type KindModel, type ModelFile, type ModelKindName } from '../models/checkpoint.js';
import type { ModelFitting, TrainingState } from '../models/latent-model.js';
import type { EpochReport } from '../nn/fit.js';
import { autoencoderKind } from './autoencoder/kind.js';
import { startAutoencoderTraining } from './autoencoder/training.js';
import { modelKind } from './kinds.js';
import { requireMemory } from './memory.js';
import type { ModelKind, RunResult } from './model-kind.js';
import type { Settings } from './settings.js';
import type { RunSpec } from './spec.js';
import { vaeKind } from './vae/kind.js';
import { startVaeTraining } from './vae/training.js';

/** What a run's caller hears after every epoch (a VAE's report adds its loss terms and beta). */
export type RunProgress = EpochReport & { elapsedSeconds: number };

/**
 * One training run of any kind: started from a spec and a seed, or continued from a model file; it
 * trains in slices (train(n)), can be saved at any epoch as a complete model file (modelFile()) that
 * continues bit for bit, and measures itself into its result document. Browser-safe: the CLI, the
 * sweeps' workers and the explorer's worker all run it.
 */
export class Run {
  private trainMs = 0;
  /** Epochs of the next trainFor slice. */
  private sliceEpochs = 1;

  private constructor(
    readonly kind: ModelKind,
    readonly spec: RunSpec,
    readonly dataset: Dataset,
    readonly data: DataIdentity,
    private readonly trained: KindModel,
    private readonly fitting: ModelFitting,
  ) {}

  /** A new run of `kind` (validated spec, seeded by spec.training.seed) on `dataset`, known as `data`. */
  static start(kind: ModelKind, spec: unknown, dataset: Dataset, data: DataIdentity, onEpoch?: (report: RunProgress) => void): Run {
    return Run.begin(kind.name, kind.parseSpec(spec), dataset, data, onEpoch);
  }

  /**
   * Continues the training a model file saved, on its data (the caller checks `dataset` is the one
   * the file names), to `epochs` epochs in all (default: the spec's; more extends the run).
   */
  static resume(file: ModelFile, dataset: Dataset, epochs?: number, onEpoch?: (report: RunProgress) => void): Run {
    if (!file.training) throw new RangeError('this model file holds no training state (a version-1 file, or an imported model): it cannot be continued; train a new run instead');
    const kind = modelKind(file.kind);
    const saved = kind.parseSpec(file.spec);
    const total = epochs ?? saved.training.epochs;
    if (total < file.training.epochsDone) throw new RangeError(`the run has trained ${file.training.epochsDone} epochs already; --epochs ${total} would be fewer`);
    const spec = kind.parseSpec({ ...saved, training: { ...saved.training, epochs: total } });
    return Run.begin(file.kind, spec, dataset, file.data, onEpoch, { model: file, state: file.training });
  }

  private static begin(kindName: ModelKindName, spec: RunSpec, dataset: Dataset, data: DataIdentity, onEpoch?: (report: RunProgress) => void, saved?: { model: KindModel; state: TrainingState }): Run {
    requireMemory(kindName, spec, dataset.inputs.rows, dataset.inputs.cols);
    const started = performance.now();
    const report = onEpoch && ((r: EpochReport) => onEpoch({ ...r, elapsedSeconds: (performance.now() - started) / 1000 }));
    if (kindName === 'autoencoder') {
      const { model, fitting } = startAutoencoderTraining(autoencoderKind.parseSpec(spec), dataset, report, saved && { model: autoencoderKind.modelOf(saved.model), state: saved.state });
      return new Run(autoencoderKind, spec, dataset, data, { kind: 'autoencoder', model }, fitting);
    }
    const { model, fitting } = startVaeTraining(vaeKind.parseSpec(spec), dataset, report, saved && { model: vaeKind.modelOf(saved.model), state: saved.state });
    return new Run(vaeKind, spec, dataset, data, { kind: 'vae', model }, fitting);
  }

  /** The model, holding the parameters trained so far. */
  get model(): KindModel {
    return this.trained;
  }

  get epochsDone(): number {
    return this.fitting.epochsDone;
  }

  /** True once every epoch is trained or the stop rule said stop. */
  get finished(): boolean {
    return this.fitting.finished;
  }

  /** Threads the training runs on: 1, or more when wide layers are split over kernel threads. */
  get threads(): number {
    return this.fitting.threads;
  }

  /** Seconds spent training in this session. */
  get trainSeconds(): number {
    return this.trainMs / 1000;
  }

  /** Trains up to `count` more epochs (all that are left by default); returns how many it trained. */
  train(count = Infinity): number {
    const started = performance.now();
    const trained = this.fitting.run(count);
    this.trainMs += performance.now() - started;
    return trained;
  }

  /**
   * Trains for about `ms` milliseconds and at most `limit` epochs, for callers that look up between
   * slices (signals, messages, checkpoints): each slice is sized by the speed of the one before,
   * growing at most 4x at a time (the first epochs are the slowest). Returns the epochs trained.
   */
  trainFor(ms: number, limit = Infinity): number {
    const started = performance.now();
    const trained = this.train(Math.min(this.sliceEpochs, limit));
    const took = performance.now() - started;
    if (trained > 0) this.sliceEpochs = Math.max(1, Math.min(4 * this.sliceEpochs, Math.round((trained * ms) / Math.max(took, 0.1))));
    return trained;
  }

  /** The model file of the run as it is now: the complete state, from which it continues bit for bit. */
  modelFile(): string {
    return serializeModelFile({ ...this.trained, version: 2, spec: { ...this.spec }, data: this.data, training: this.fitting.state() });
  }

  /** The result document: the model measured on its data, with `evaluation` (an experiment's extra measures). */
  result(evaluation?: Settings): RunResult {
    const { epochs, losses, stoppedEarly, terms } = this.fitting.result();
    const common = {
      kind: this.kind.name,
      spec: this.spec,
      seed: this.spec.training.seed,
      dataset: this.data,
      epochs,
      stoppedEarly,
      trainSeconds: this.trainSeconds,
      finalLoss: losses[epochs - 1],
      lossHistory: Array.from(losses),
    };
    return this.kind.measure(this.trained.model, this.dataset, common, terms, evaluation);
  }
}
