import type { Matrix } from '../../tensor/matrix.js';
import type { Rng } from '../../tensor/rng.js';
import { activations } from '../../nn/activations.js';
import { createStack } from '../../nn/create-engine.js';
import type { EngineKind } from '../../nn/engine.js';
import { Fitting, type EpochReport } from '../../nn/fit.js';
import { losses, type Loss } from '../../nn/losses.js';
import type { OptimizerSpec, OptimizerState } from '../../nn/optimizers.js';
import type { LayerStack } from '../../nn/stack.js';
import { modelFitting, type ModelFitting, type TrainingState } from '../latent-model.js';
import type { Vae } from './vae.js';

/** Where the reparameterization noise comes from: a seeded Rng, or a fixed sequence in tests and benchmarks. */
export type NormalSource = Pick<Rng, 'normal'>;

export interface VaeTrainerOptions {
  engine: EngineKind;
  optimizer: OptimizerSpec;
  batchSize: number;
  rows: number;
  noise: NormalSource;
}

/**
 * Trains a VAE's encoder and decoder, two layer stacks, one batch at a time. It has the epoch
 * interface of a TrainingEngine, so the shared loop (src/nn/fit.ts) drives it: epochs, shuffles,
 * learning-rate schedule, divergence checks.
 *
 * Per batch of n rows, with h = encoder(x) = [mean | logVariance], std = exp(logVariance / 2),
 * z = mean + std * eps and logits = decoder(z), the loss is the mean over rows of
 *   sum over pixels of reconstruction(logits, x) + beta * KL,  KL = -1/2 sum(1 + lv - mean^2 - exp(lv)).
 * Backward: dL/dlogits = (sigmoid(logits) - x) / n for bce; the decoder returns dL/dz; then
 *   dL/dmean = dL/dz + beta * mean / n,
 *   dL/dlogVariance = dL/dz * eps * std / 2 + beta * (exp(lv) - 1) / (2 n),
 * which the encoder backpropagates.
 */
export class VaeTrainer {
  readonly options: { rows: number; batchSize: number };
  /** The last epoch's means per image of the reconstruction term and of the KL term (before beta). */
  lastReconstruction = NaN;
  lastKL = NaN;
  private readonly encoder: LayerStack;
  private readonly decoder: LayerStack;
  private readonly reconstructionLoss: Loss;
  private readonly latent: number;
  private readonly width: number;
  private readonly betaMax: number;
  private readonly warmup: number;
  private readonly noise: NormalSource;
  private readonly inputs: Float64Array;
  private readonly batchInputs: Float64Array;
  private readonly mean: Float64Array;
  private readonly logVariance: Float64Array;
  private readonly eps: Float64Array;
  private readonly codes: Float64Array;
  private readonly outputDelta: Float64Array;
  private readonly headDelta: Float64Array;

  constructor(model: Vae, options: VaeTrainerOptions) {
    const { engine, optimizer, batchSize, rows } = options;
    if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be a positive integer, got ${rows}`);
    this.options = { rows, batchSize };
    // The encoder's inputs are the data: no gradient flows into them.
    this.encoder = createStack(engine, { network: model.encoderNetwork, optimizer, batchSize, inputGradient: false });
    this.decoder = createStack(engine, { network: model.decoderNetwork, optimizer, batchSize });
    this.encoder.setParameters(model.encoderParameters);
    this.decoder.setParameters(model.decoderParameters);
    this.reconstructionLoss = losses[model.spec.reconstruction];
    this.latent = model.spec.latent;
    this.width = model.inputSize;
    this.betaMax = model.spec.beta;
    this.warmup = model.spec.betaWarmupEpochs;
    this.noise = options.noise;
    this.inputs = new Float64Array(rows * this.width);
    this.batchInputs = new Float64Array(batchSize * this.width);
    this.mean = new Float64Array(batchSize * this.latent);
    this.logVariance = new Float64Array(batchSize * this.latent);
    this.eps = new Float64Array(batchSize * this.latent);
    this.codes = new Float64Array(batchSize * this.latent);
    this.outputDelta = new Float64Array(batchSize * this.width);
    this.headDelta = new Float64Array(batchSize * 2 * this.latent);
  }

  get learningRate(): number {
    return this.encoder.learningRate;
  }

  set learningRate(lr: number) {
    this.encoder.learningRate = lr;
    this.decoder.learningRate = lr;
  }

  /** The KL weight of a (1-based) epoch: beta, reached linearly over the warm-up epochs. */
  beta(epoch: number): number {
    return this.warmup > 0 ? this.betaMax * Math.min(1, epoch / this.warmup) : this.betaMax;
  }

  /** The targets are the inputs: a VAE reconstructs what it encodes (noisy inputs are allowed, the targets stay clean). */
  setData(inputs: Matrix, targets: Matrix): void {
    if (inputs.rows !== this.options.rows || inputs.cols !== this.width) {
      throw new RangeError(`inputs must be ${this.options.rows}x${this.width}, got ${inputs.rows}x${inputs.cols}`);
    }
    if (targets !== inputs) throw new RangeError('a VAE reconstructs its inputs: pass the same matrix as inputs and targets');
    inputs.assertFinite('inputs');
    this.inputs.set(inputs.data);
  }

  /** One pass over the rows; returns the mean loss per image, measured before each step. */
  trainEpoch(order: Uint32Array | null, epoch: number): number {
    const { rows, batchSize } = this.options;
    const beta = this.beta(epoch);
    let reconstruction = 0;
    let kl = 0;
    for (let start = 0; start < rows; start += batchSize) {
      const count = Math.min(batchSize, rows - start);
      for (let r = 0; r < count; r++) {
        const row = order ? order[start + r] : start + r;
        this.batchInputs.set(this.inputs.subarray(row * this.width, (row + 1) * this.width), r * this.width);
      }
      this.sampleCodes(count);
      const logits = this.decoder.forward(this.codes, count);
      const { loss, inputGradient: codeGradient } = this.reconstructionBackward(logits, count);
      reconstruction += loss;
      kl += this.headGradient(codeGradient, count, beta);
      this.encoder.backward(this.headDelta.subarray(0, count * 2 * this.latent));
      this.encoder.step();
      this.decoder.step();
    }
    this.lastReconstruction = reconstruction / rows;
    this.lastKL = kl / rows;
    return this.lastReconstruction + beta * this.lastKL;
  }

  /** Threads the encoder and the decoder run on (the more of the two). */
  get threads(): number {
    return Math.max(this.encoder.threads, this.decoder.threads);
  }

  /** The encoder's and the decoder's optimizer states, in that order. */
  getOptimizerStates(): OptimizerState[] {
    return [this.encoder.getOptimizerState(), this.decoder.getOptimizerState()];
  }

  setOptimizerStates(states: OptimizerState[]): void {
    if (states.length !== 2) throw new RangeError(`a VAE has 2 optimizer states (encoder, decoder), got ${states.length}`);
    this.encoder.setOptimizerState(states[0]);
    this.decoder.setOptimizerState(states[1]);
  }

  /** Writes the trained parameters back into the model. */
  copyParametersTo(model: Vae): void {
    model.encoderParameters.set(this.encoder.getParameters());
    model.decoderParameters.set(this.decoder.getParameters());
  }

  /** Encoder forward, then codes z = mean + exp(logVariance / 2) * eps with fresh noise. */
  private sampleCodes(count: number): void {
    const L = this.latent;
    const heads = this.encoder.forward(this.batchInputs, count);
    for (let r = 0; r < count; r++) {
      for (let j = 0; j < L; j++) {
        const i = r * L + j;
        this.mean[i] = heads[r * 2 * L + j];
        this.logVariance[i] = heads[r * 2 * L + L + j];
        this.eps[i] = this.noise.normal();
        this.codes[i] = this.mean[i] + Math.exp(0.5 * this.logVariance[i]) * this.eps[i];
      }
    }
  }

  /**
   * The decoder's backward pass from the reconstruction term (summed over pixels, averaged over the
   * batch); returns the batch's summed term and dL/dz. Binary cross-entropy is computed by the stack
   * (in the wasm kernels on the wasm stack); squared error of the sigmoid's output here.
   */
  private reconstructionBackward(logits: Float64Array, count: number): { loss: number; inputGradient: Float64Array } {
    const size = count * this.width;
    const targets = this.batchInputs.subarray(0, size);
    if (this.reconstructionLoss === losses.bce) return this.decoder.backwardBce(targets);
    const delta = this.outputDelta;
    const { value, gradient } = this.reconstructionLoss;
    let sum = 0;
    for (let i = 0; i < size; i++) {
      const y = activations.sigmoid.apply(logits[i]);
      sum += value(logits[i], y, targets[i]);
      delta[i] = gradient(logits[i], y, targets[i], 'sigmoid') / count;
    }
    return { loss: sum, inputGradient: this.decoder.backward(delta.subarray(0, size)) };
  }

  /** dL/d[mean | logVariance] into headDelta, from dL/dz and the KL term; returns the batch's summed KL. */
  private headGradient(codeGradient: Float64Array, count: number, beta: number): number {
    const L = this.latent;
    let sum = 0;
    for (let r = 0; r < count; r++) {
      for (let j = 0; j < L; j++) {
        const i = r * L + j;
        const m = this.mean[i];
        const lv = this.logVariance[i];
        const variance = Math.exp(lv);
        sum += -0.5 * (1 + lv - m * m - variance);
        this.headDelta[r * 2 * L + j] = codeGradient[i] + (beta * m) / count;
        this.headDelta[r * 2 * L + L + j] = 0.5 * codeGradient[i] * this.eps[i] * Math.sqrt(variance) + (0.5 * beta * (variance - 1)) / count;
      }
    }
    return sum;
  }
}

export interface VaeFitOptions {
  epochs: number;
  /** Rows per optimizer step; the whole data set when absent. */
  batchSize?: number;
  optimizer: OptimizerSpec;
  engine: EngineKind;
  /** Shuffles batches and draws the reparameterization noise. */
  rng: Rng;
  /** Another source of the noise eps (default: rng), e.g. a fixed sequence to compare implementations. */
  noise?: NormalSource;
  learningRate?: (epoch: number) => number;
  onEpoch?: (report: VaeEpochReport) => void;
  /** Continue a saved training (the model must hold the parameters saved with it). */
  resume?: TrainingState;
}

/** One epoch's means per training image: the loss and its two terms (KL before the beta weight). */
export interface VaeEpochReport extends EpochReport {
  reconstruction: number;
  kl: number;
  beta: number;
}

/** Trains the VAE in place on the rows of `inputs` (the targets are the inputs), in slices like startAutoencoderFit. */
export function startVaeFit(model: Vae, inputs: Matrix, options: VaeFitOptions): ModelFitting {
  const batchSize = Math.min(options.batchSize ?? inputs.rows, inputs.rows);
  const trainer = new VaeTrainer(model, { engine: options.engine, optimizer: options.optimizer, batchSize, rows: inputs.rows, noise: options.noise ?? options.rng });
  const { epochs, onEpoch, resume } = options;
  const terms = { reconstruction: new Float64Array(epochs), kl: new Float64Array(epochs) };
  if (resume) {
    for (const name of ['reconstruction', 'kl'] as const) {
      const saved = resume.terms[name];
      if (!saved || saved.length !== resume.epochsDone) throw new RangeError(`a saved VAE training needs ${resume.epochsDone} values of its ${name} term, got ${saved?.length ?? 'none'}`);
      terms[name].set(saved);
    }
  }
  const fitting = new Fitting(trainer, inputs, inputs, {
    epochs,
    rng: options.rng,
    learningRate: options.learningRate,
    resume,
    onEpoch: ({ epoch, loss }) => {
      terms.reconstruction[epoch - 1] = trainer.lastReconstruction;
      terms.kl[epoch - 1] = trainer.lastKL;
      onEpoch?.({ epoch, loss, reconstruction: trainer.lastReconstruction, kl: trainer.lastKL, beta: trainer.beta(epoch) });
    },
  });
  const recorded = () => ({ reconstruction: terms.reconstruction.slice(0, fitting.epochsDone), kl: terms.kl.slice(0, fitting.epochsDone) });
  return modelFitting(fitting, trainer.threads, () => trainer.copyParametersTo(model), recorded);
}

/** Trains every epoch. */
export function fitVae(model: Vae, inputs: Matrix, options: VaeFitOptions): ReturnType<ModelFitting['result']> {
  const fitting = startVaeFit(model, inputs, options);
  fitting.run();
  return fitting.result();
}
