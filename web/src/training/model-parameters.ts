import type { AutoencoderSpec } from '../../../src/models/autoencoder/autoencoder.js';
import { autoencoderSection } from '../../../src/models/autoencoder/model-file.js';
import type { KindModel } from '../../../src/models/checkpoint.js';
import { vaeSection } from '../../../src/models/vae/model-file.js';
import type { VaeSpec } from '../../../src/models/vae/vae.js';

/**
 * A model as the worker sends it to the page while it trains: its kind, its architecture and a copy of
 * each network's parameters (in its model-file section's order: an autoencoder's one network, a VAE's
 * encoder and decoder). The page rebuilds the model from it, for plain TS forward passes.
 */
export type ModelSnapshot = { inputSize: number; parameters: Float64Array[] } & ({ kind: 'autoencoder'; spec: AutoencoderSpec } | { kind: 'vae'; spec: VaeSpec });

/** A copy of the model's parameters, network by network. */
export function snapshotOf(trained: KindModel): ModelSnapshot {
  const { inputSize } = trained.model;
  if (trained.kind === 'autoencoder') return { kind: 'autoencoder', spec: trained.model.spec, inputSize, parameters: copies(autoencoderSection.parameters(trained.model)) };
  return { kind: 'vae', spec: trained.model.spec, inputSize, parameters: copies(vaeSection.parameters(trained.model)) };
}

/** The model a snapshot holds. */
export function modelOf(snapshot: ModelSnapshot): KindModel {
  const { inputSize, parameters } = snapshot;
  if (snapshot.kind === 'autoencoder') return { kind: 'autoencoder', model: autoencoderSection.build(snapshot.spec, inputSize, parameters) };
  return { kind: 'vae', model: vaeSection.build(snapshot.spec, inputSize, parameters) };
}

const copies = (arrays: Float64Array[]) => arrays.map((values) => values.slice());
