import { Matrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { activation, type ActivationName } from '../nn/activations.js';
import { createEngine } from '../nn/create-engine.js';
import type { EngineKind } from '../nn/engine.js';
import { Fitting, type EpochReport, type FitOptions, type FitResult } from '../nn/fit.js';
import type { InitializerName } from '../nn/initializers.js';
import type { LossName } from '../nn/losses.js';
import { checkNetwork, forward, initialParameters, parameterCount, type NetworkSpec } from '../nn/network.js';
import type { OptimizerSpec } from '../nn/optimizers.js';

/** The architecture of an autoencoder; the input and output width come from the data. */
export interface AutoencoderSpec {
  /** Hidden widths from the input towards the code, e.g. [20]. */
  encoder: number[];
  /** Width of the code (the latent space), 2 to draw it on a plane. */
  latent: number;
  /** Hidden widths from the code towards the output; usually the encoder's, mirrored. */
  decoder: number[];
  activation: ActivationName;
  latentActivation: ActivationName;
  outputActivation: ActivationName;
  loss: LossName;
  initializer: InitializerName;
}

export interface AutoencoderFitOptions {
  epochs: number;
  /** Rows per optimizer step; the whole data set when absent. */
  batchSize?: number;
  optimizer: OptimizerSpec;
  engine: EngineKind;
  rng: Rng;
  corrupt?: FitOptions['corrupt'];
  learningRate?: (epoch: number) => number;
  onEpoch?: (report: EpochReport) => void;
  /** Checked every `checkEvery` epochs (default 10) on the model as trained so far; true stops training. */
  stopWhen?: (model: Autoencoder) => boolean;
  checkEvery?: number;
}

export class Autoencoder {
  readonly spec: AutoencoderSpec;
  readonly inputSize: number;
  readonly network: NetworkSpec;
  readonly parameters: Float64Array;

  constructor(spec: AutoencoderSpec, inputSize: number, parameters: Float64Array) {
    this.spec = spec;
    this.inputSize = inputSize;
    this.network = autoencoderNetwork(spec, inputSize);
    const expected = parameterCount(this.network);
    if (parameters.length !== expected) {
      throw new RangeError(`this autoencoder has ${expected} parameters, got ${parameters.length}`);
    }
    this.parameters = parameters;
  }

  /** A new, untrained autoencoder with weights drawn from the spec's initializer. */
  static create(spec: AutoencoderSpec, inputSize: number, rng: Rng): Autoencoder {
    return new Autoencoder(spec, inputSize, initialParameters(autoencoderNetwork(spec, inputSize), rng));
  }

  /** Index of the first decoder layer: layers before it map inputs to codes. */
  get codeLayer(): number {
    return this.spec.encoder.length + 1;
  }

  encode(inputs: Matrix): Matrix {
    return forward(this.network, this.parameters, inputs, 0, this.codeLayer);
  }

  decode(codes: Matrix): Matrix {
    return forward(this.network, this.parameters, codes, this.codeLayer);
  }

  reconstruct(inputs: Matrix): Matrix {
    return forward(this.network, this.parameters, inputs);
  }

  /** Trains in place to reproduce `targets` (by default the inputs themselves). */
  fit(inputs: Matrix, options: AutoencoderFitOptions, targets: Matrix = inputs): FitResult {
    const fitting = this.startFit(inputs, options, targets);
    fitting.run();
    return fitting.result();
  }

  /**
   * fit() in slices, for callers that do other work between them (the explorer's worker):
   * run(n) trains up to n more epochs and leaves the model holding the parameters trained so far.
   */
  startFit(inputs: Matrix, options: AutoencoderFitOptions, targets: Matrix = inputs): AutoencoderFitting {
    const batchSize = Math.min(options.batchSize ?? inputs.rows, inputs.rows);
    const engine = createEngine(options.engine, { network: this.network, optimizer: options.optimizer, batchSize, rows: inputs.rows });
    engine.setParameters(this.parameters);
    const checkEvery = options.checkEvery ?? 10;
    const { stopWhen, onEpoch } = options;
    const fitting = new Fitting(engine, inputs, targets, {
      epochs: options.epochs,
      rng: options.rng,
      corrupt: options.corrupt,
      learningRate: options.learningRate,
      onEpoch: (report) => {
        onEpoch?.(report);
        if (!stopWhen || report.epoch % checkEvery !== 0) return false;
        this.parameters.set(engine.getParameters());
        return stopWhen(this);
      },
    });
    return {
      run: (count) => {
        const trained = fitting.run(count);
        this.parameters.set(engine.getParameters());
        return trained;
      },
      get finished() {
        return fitting.finished;
      },
      result: () => fitting.result(),
    };
  }
}

/** An autoencoder's training in progress (see Autoencoder.startFit). */
export interface AutoencoderFitting {
  /** Trains up to `count` more epochs (all that are left by default); returns how many it trained. */
  run(count?: number): number;
  /** True once every epoch is trained or stopWhen said stop. */
  readonly finished: boolean;
  result(): FitResult;
}

/** The layer widths and activations of an autoencoder spec, checked. */
export function autoencoderNetwork(spec: AutoencoderSpec, inputSize: number): NetworkSpec {
  for (const name of [spec.activation, spec.latentActivation, spec.outputActivation]) activation(name);
  const sizes = [inputSize, ...spec.encoder, spec.latent, ...spec.decoder, inputSize];
  const activations: ActivationName[] = [
    ...spec.encoder.map(() => spec.activation),
    spec.latentActivation,
    ...spec.decoder.map(() => spec.activation),
    spec.outputActivation,
  ];
  const network: NetworkSpec = { sizes, activations, loss: spec.loss, initializer: spec.initializer };
  checkNetwork(network);
  return network;
}
