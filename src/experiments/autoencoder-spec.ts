import { z } from 'zod';
import { engineKinds } from '../nn/engine.js';
import { autoencoderSpecSchema } from '../models/autoencoder-schema.js';
import type { OptimizerSpec } from '../nn/optimizers.js';

const width = z.number().int().positive();
const rate = z.number().min(0).lt(1);
const positive = z.number().positive().finite();

export const optimizerSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('gd'), lr: positive }).strict(),
  z.object({ name: z.literal('momentum'), lr: positive, momentum: rate.optional() }).strict(),
  z.object({ name: z.literal('adam'), lr: positive, beta1: rate.optional(), beta2: rate.optional(), epsilon: positive.optional() }).strict(),
  z.object({ name: z.literal('rmsprop'), lr: positive, rho: rate.optional(), epsilon: positive.optional() }).strict(),
]) satisfies z.ZodType<OptimizerSpec>;

export const trainingSpecSchema = z
  .object({
    epochs: width,
    /** Rows per optimizer step; absent means the whole data set (full batch). */
    batchSize: width.optional(),
    optimizer: optimizerSchema,
    seed: z.number().int().nonnegative(),
    engine: z.enum(engineKinds),
    /** Stop as soon as no row has more than this many wrong pixels (checked every 10 epochs). */
    stopAtWrongPixels: z.number().int().nonnegative().optional(),
  })
  .strict();

export const dataSpecSchema = z
  .object({
    /** A font.h-style C header; the built-in font when absent. */
    path: z.string().min(1).optional(),
    /** Which glyph table (1-based). */
    table: width,
  })
  .strict();

export const autoencoderRunSchema = z
  .object({ model: autoencoderSpecSchema, training: trainingSpecSchema, data: dataSpecSchema })
  .strict();

export type TrainingSpec = z.infer<typeof trainingSpecSchema>;
export type DataSpec = z.infer<typeof dataSpecSchema>;
export type AutoencoderRunSpec = z.infer<typeof autoencoderRunSchema>;

/** Validates a run spec, with an error that names each bad field. */
export function parseAutoencoderRun(value: unknown): AutoencoderRunSpec {
  const parsed = autoencoderRunSchema.safeParse(value);
  if (!parsed.success) throw new SpecError(z.prettifyError(parsed.error));
  return parsed.data;
}

export class SpecError extends Error {
  constructor(message: string) {
    super(`invalid spec:\n${message}`);
    this.name = 'SpecError';
  }
}
