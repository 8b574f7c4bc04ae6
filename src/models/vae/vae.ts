import { Matrix } from '../../tensor/matrix.js';
import type { Rng } from '../../tensor/rng.js';
import { activation, type ActivationName } from '../../nn/activations.js';
import type { InitializerName } from '../../nn/initializers.js';
import { checkNetwork, initialParameters, parameterCount, type NetworkSpec } from '../../nn/network.js';
import { inferencePass } from '../../nn/wasm-inference.js';
import type { LatentModel } from '../latent-model.js';

/**
 * A variational autoencoder (Kingma & Welling): an encoder MLP maps an image to the mean and the
 * log-variance of a diagonal Gaussian q(z|x) over the latent space; a decoder MLP maps a code z to
 * pixel probabilities. Training minimizes, per image,
 *   reconstruction(x, decoder(z)) + beta * KL(q(z|x) || N(0, I)),  z = mean + exp(logVariance / 2) * eps,
 * with eps ~ N(0, I) (the reparameterization trick); see VaeTrainer for the gradients.
 */

/** How the decoded image is compared with the input: binary cross-entropy or squared error, summed over pixels. */
export type ReconstructionLoss = 'bce' | 'mse';
export const reconstructionLosses: ReconstructionLoss[] = ['bce', 'mse'];

export interface VaeSpec {
  /** Hidden widths from the input towards the code, e.g. [200]. */
  encoder: number[];
  /** Width of the code; 2 to draw the latent plane. */
  latent: number;
  /** Hidden widths from the code towards the output, e.g. [200]. */
  decoder: number[];
  /** Activation of every hidden layer. */
  activation: ActivationName;
  initializer: InitializerName;
  reconstruction: ReconstructionLoss;
  /** Weight of the KL term (1: the evidence lower bound). */
  beta: number;
  /** Epochs over which beta grows linearly from beta / betaWarmupEpochs to beta; 0 for none. */
  betaWarmupEpochs: number;
}

export class Vae implements LatentModel {
  readonly spec: VaeSpec;
  readonly inputSize: number;
  /** inputs -> hidden -> 2 * latent outputs: the means, then the log-variances (identity activation). */
  readonly encoderNetwork: NetworkSpec;
  /** latent -> hidden -> inputs logits (identity activation; decode() applies the sigmoid). */
  readonly decoderNetwork: NetworkSpec;
  readonly encoderParameters: Float64Array;
  readonly decoderParameters: Float64Array;

  constructor(spec: VaeSpec, inputSize: number, encoderParameters: Float64Array, decoderParameters: Float64Array) {
    this.spec = spec;
    this.inputSize = inputSize;
    ({ encoder: this.encoderNetwork, decoder: this.decoderNetwork } = vaeNetworks(spec, inputSize));
    for (const [what, network, params] of [['encoder', this.encoderNetwork, encoderParameters], ['decoder', this.decoderNetwork, decoderParameters]] as const) {
      const expected = parameterCount(network);
      if (params.length !== expected) throw new RangeError(`this VAE's ${what} has ${expected} parameters, got ${params.length}`);
    }
    this.encoderParameters = encoderParameters;
    this.decoderParameters = decoderParameters;
  }

  /** A new, untrained VAE with weights drawn from the spec's initializer. */
  static create(spec: VaeSpec, inputSize: number, rng: Rng): Vae {
    const { encoder, decoder } = vaeNetworks(spec, inputSize);
    return new Vae(spec, inputSize, initialParameters(encoder, rng), initialParameters(decoder, rng));
  }

  get latent(): number {
    return this.spec.latent;
  }

  /** The code of each input row: the mean of q(z|x). */
  encode(inputs: Matrix): Matrix {
    return this.encodeDistribution(inputs).mean;
  }

  /** The Gaussian q(z|x) of each input row: its mean and log-variance (rows x latent each). */
  encodeDistribution(inputs: Matrix): { mean: Matrix; logVariance: Matrix } {
    const heads = inferencePass(this.encoderNetwork).run(this.encoderParameters, inputs);
    const { latent } = this.spec;
    const mean = new Matrix(inputs.rows, latent);
    const logVariance = new Matrix(inputs.rows, latent);
    for (let r = 0; r < inputs.rows; r++) {
      mean.row(r).set(heads.row(r).subarray(0, latent));
      logVariance.row(r).set(heads.row(r).subarray(latent));
    }
    return { mean, logVariance };
  }

  /** Pixel values in (0, 1) for each code (rows x latent). */
  decode(codes: Matrix): Matrix {
    return inferencePass({ ...this.decoderNetwork, activations: [...this.decoderNetwork.activations.slice(0, -1), 'sigmoid'] }).run(this.decoderParameters, codes);
  }

  /** Each input decoded from its mean code (no sampling). */
  reconstruct(inputs: Matrix): Matrix {
    return this.decode(this.encode(inputs));
  }

  /** `count` new images from codes drawn from the prior N(0, I). */
  sample(count: number, rng: Rng): Matrix {
    const codes = new Matrix(count, this.spec.latent);
    for (let i = 0; i < codes.data.length; i++) codes.data[i] = rng.normal();
    return this.decode(codes);
  }
}

/** KL(N(mean, exp(logVariance)) || N(0, 1)) summed over the dimensions of one code: -1/2 sum(1 + lv - m^2 - exp(lv)). */
export function gaussianKL(mean: ArrayLike<number>, logVariance: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < mean.length; j++) sum += 1 + logVariance[j] - mean[j] * mean[j] - Math.exp(logVariance[j]);
  return -0.5 * sum;
}

/** Checks what the networks do not: the loss and its weight. */
export function checkVaeSpec(spec: VaeSpec): void {
  if (!reconstructionLosses.includes(spec.reconstruction)) {
    throw new RangeError(`unknown reconstruction loss "${spec.reconstruction}"; valid: ${reconstructionLosses.join(', ')}`);
  }
  if (!(spec.beta >= 0) || !Number.isFinite(spec.beta)) throw new RangeError(`beta must be a finite number >= 0, got ${spec.beta}`);
  if (!Number.isInteger(spec.betaWarmupEpochs) || spec.betaWarmupEpochs < 0) {
    throw new RangeError(`betaWarmupEpochs must be a whole number >= 0, got ${spec.betaWarmupEpochs}`);
  }
}

/** The encoder (inputs -> means and log-variances) and the decoder (codes -> pixel logits) of a spec, checked. */
export function vaeNetworks(spec: VaeSpec, inputSize: number): { encoder: NetworkSpec; decoder: NetworkSpec } {
  checkVaeSpec(spec);
  return { encoder: mlp([inputSize, ...spec.encoder, 2 * spec.latent], spec), decoder: mlp([spec.latent, ...spec.decoder, inputSize], spec) };
}

/** Hidden layers with the spec's activation, an identity output layer (the trainer computes the loss from it). */
function mlp(sizes: number[], spec: VaeSpec): NetworkSpec {
  activation(spec.activation);
  const activationsOf: ActivationName[] = sizes.slice(2).map(() => spec.activation);
  const network: NetworkSpec = { sizes, activations: [...activationsOf, 'identity'], loss: 'mse', initializer: spec.initializer };
  checkNetwork(network);
  return network;
}
