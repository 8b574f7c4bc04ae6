import * as z from 'zod';
import { vaeSpecSchema } from '../../models/vae/schema.js';
import { dataSpecSchema, parseSpec, trainingSpecSchema } from '../spec.js';

/** The training settings a VAE uses (the autoencoder's, without its wrong-pixel stop: VAE data are grayscale). */
export const vaeTrainingSchema = trainingSpecSchema.omit({ stopAtWrongPixels: true });

export const vaeRunSchema = z.object({ model: vaeSpecSchema, training: vaeTrainingSchema, data: dataSpecSchema }).strict();

export type VaeRunSpec = z.infer<typeof vaeRunSchema>;

/** Validates a VAE run spec, with an error that names each bad field. */
export function parseVaeRun(value: unknown): VaeRunSpec {
  return parseSpec(vaeRunSchema, value);
}
