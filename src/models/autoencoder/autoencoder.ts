import type { Matrix } from '../../tensor/matrix.js';
import type { Rng } from '../../tensor/rng.js';
import { activation, type ActivationName } from '../../nn/activations.js';
import type { InitializerName } from '../../nn/initializers.js';
import type { LossName } from '../../nn/losses.js';
import { checkNetwork, initialParameters, parameterCount, type NetworkSpec } from '../../nn/network.js';
import { inferencePass } from '../../nn/wasm-inference.js';
import type { LatentModel } from '../latent-model.js';

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

/** One network from the input through the code to the output; its trainer is in trainer.ts. */
export class Autoencoder implements LatentModel {
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

  get latent(): number {
    return this.spec.latent;
  }

  /** Index of the first decoder layer: layers before it map inputs to codes. */
  get codeLayer(): number {
    return this.spec.encoder.length + 1;
  }

  encode(inputs: Matrix): Matrix {
    return inferencePass(this.network, 0, this.codeLayer).run(this.parameters, inputs);
  }

  decode(codes: Matrix): Matrix {
    return inferencePass(this.network, this.codeLayer).run(this.parameters, codes);
  }

  reconstruct(inputs: Matrix): Matrix {
    return inferencePass(this.network).run(this.parameters, inputs);
  }
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
