import type { ModelSection } from '../model-section.js';
import { numberedLayers } from '../model-section.js';
import { Autoencoder, autoencoderNetwork, type AutoencoderSpec } from './autoencoder.js';
import { autoencoderSpecSchema } from './schema.js';

/** An autoencoder is one network, trained by one optimizer; its layers up to the code are encoder.0, encoder.1, ..., the rest decoder.0, .... */
export const autoencoderSection: ModelSection<Autoencoder, AutoencoderSpec> = {
  kind: 'autoencoder',
  specSchema: autoencoderSpecSchema,
  networks: (spec, inputSize) => [
    { network: autoencoderNetwork(spec, inputSize), layerNames: [...numberedLayers('encoder', spec.encoder.length + 1), ...numberedLayers('decoder', spec.decoder.length + 1)] },
  ],
  parameters: (model) => [model.parameters],
  build: (spec, inputSize, [parameters]) => new Autoencoder(spec, inputSize, parameters),
};
