import { z } from 'zod';
import { vaeSpecSchema } from '../../models/vae-schema.js';
import { SpecError, trainingSpecSchema } from '../autoencoder/spec.js';

/** The training settings a VAE uses (the autoencoder's, without its wrong-pixel stop: VAE data are grayscale). */
export const vaeTrainingSchema = trainingSpecSchema.pick({ epochs: true, batchSize: true, optimizer: true, seed: true, engine: true, lrSchedule: true });

export const vaeDataSchema = z
  .object({
    /** A shipped dataset (emoji-8, emoji-4) or the path of a dataset file (latentlab dataset ...). */
    dataset: z.string().min(1),
  })
  .strict();

export const vaeRunSchema = z.object({ model: vaeSpecSchema, training: vaeTrainingSchema, data: vaeDataSchema }).strict();

export type VaeRunSpec = z.infer<typeof vaeRunSchema>;

/** Validates a VAE run spec, with an error that names each bad field. */
export function parseVaeRun(value: unknown): VaeRunSpec {
  const parsed = vaeRunSchema.safeParse(value);
  if (!parsed.success) throw new SpecError(z.prettifyError(parsed.error));
  return parsed.data;
}
