import type * as z from 'zod';
import type { NetworkSpec } from '../nn/network.js';
import type { LatentModel } from './latent-model.js';

/** One network of a model as its file stores it: the network and the name of each of its layers. */
export interface NamedNetwork {
  network: NetworkSpec;
  layerNames: string[];
}

/**
 * A model kind's section of the model file: how its architecture is validated, which networks it
 * has (each trained by its own optimizer) and how a model is built from their parameters.
 */
export interface ModelSection<Model extends LatentModel = LatentModel, Spec = unknown> {
  readonly kind: string;
  readonly specSchema: z.ZodType<Spec>;
  networks(spec: Spec, inputSize: number): NamedNetwork[];
  /** The flat parameters of each network, in the order of networks(). */
  parameters(model: Model): Float64Array[];
  build(spec: Spec, inputSize: number, parameters: Float64Array[]): Model;
}

/** Layer names `<prefix>.0` .. `<prefix>.<count - 1>`. */
export function numberedLayers(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, l) => `${prefix}.${l}`);
}
