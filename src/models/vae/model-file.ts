import type { ModelSection } from '../model-section.js';
import { numberedLayers } from '../model-section.js';
import { vaeSpecSchema } from './schema.js';
import { Vae, vaeNetworks, type VaeSpec } from './vae.js';

/**
 * A VAE is two networks, each with its optimizer: encoder.0, ... (the last one's outputs are the
 * latent means, then the log-variances) and decoder.0, ... (pixel logits; a sigmoid gives the pixels).
 */
export const vaeSection: ModelSection<Vae, VaeSpec> = {
  kind: 'vae',
  specSchema: vaeSpecSchema,
  networks(spec, inputSize) {
    const { encoder, decoder } = vaeNetworks(spec, inputSize);
    return [
      { network: encoder, layerNames: numberedLayers('encoder', encoder.sizes.length - 1) },
      { network: decoder, layerNames: numberedLayers('decoder', decoder.sizes.length - 1) },
    ];
  },
  parameters: (model) => [model.encoderParameters, model.decoderParameters],
  build: (spec, inputSize, [encoder, decoder]) => new Vae(spec, inputSize, encoder, decoder),
};
