import * as z from 'zod';
import { engineKinds } from '../nn/engine.js';
import type { LearningRateSchedule } from '../nn/lr-schedules.js';
import type { OptimizerSpec } from '../nn/optimizers.js';

/** What every kind's run spec shares: the architecture (the kind's own), the training settings and the data. */

export const positiveInteger = z.number().int().positive();
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
    epochs: positiveInteger,
    /** Rows per optimizer step; absent means the whole data set (full batch). */
    batchSize: positiveInteger.optional(),
    optimizer: optimizerSchema,
    seed: z.number().int().nonnegative(),
    engine: z.enum(engineKinds),
    /** Stop as soon as no row has more than this many wrong pixels (checked every 10 epochs; binary data only). */
    stopAtWrongPixels: z.number().int().nonnegative().optional(),
    /** How the learning rate changes over the epochs; constant when absent. */
    lrSchedule: z
      .discriminatedUnion('name', [
        z.object({ name: z.literal('constant') }).strict(),
        z.object({ name: z.literal('cosine'), final: z.number().nonnegative().finite().optional() }).strict(),
      ])
      .optional() satisfies z.ZodType<LearningRateSchedule | undefined>,
  })
  .strict();

/** The data of a run: a built-in name (font-1..3, emoji-8, emoji-4, mnist), a dataset file (.json) or a font.h file with its glyph table. */
export const dataSpecSchema = z
  .object({
    dataset: z.string().min(1),
    /** The glyph table of a font.h file (1-based; 3 when absent). */
    table: positiveInteger.optional(),
  })
  .strict();

export type TrainingSpec = z.infer<typeof trainingSpecSchema>;
export type DataSpec = z.infer<typeof dataSpecSchema>;

/** What the whole program knows of any kind's run spec. */
export interface RunSpec {
  model: object;
  training: Omit<TrainingSpec, 'stopAtWrongPixels'>;
  data: DataSpec;
}

/** Validates a value against a run spec schema, with an error that names each bad field. */
export function parseSpec<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SpecError(z.prettifyError(parsed.error), parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
  return parsed.data;
}

export class SpecError extends Error {
  /** Each problem at its field's path ("training.epochs"), for a form that shows it beside the field. */
  readonly issues: readonly { path: string; message: string }[];

  constructor(message: string, issues: readonly { path: string; message: string }[] = []) {
    super(`invalid spec:\n${message}`);
    this.issues = issues;
    this.name = 'SpecError';
  }
}
