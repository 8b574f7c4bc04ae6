import { z } from 'zod';
import { noiseLevelProblem, noiseModelNames, type NoiseSpec } from '../../data/noise.js';
import { DEFAULT_TEST_COPIES, DEFAULT_TEST_SEED } from '../../eval/denoising.js';
import { engineKinds } from '../../nn/engine.js';
import type { LearningRateSchedule } from '../../nn/lr-schedules.js';
import { autoencoderSpecSchema } from '../../models/autoencoder-schema.js';
import type { OptimizerSpec } from '../../nn/optimizers.js';

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
    /** How the learning rate changes over the epochs; constant when absent. */
    lrSchedule: z
      .discriminatedUnion('name', [
        z.object({ name: z.literal('constant') }).strict(),
        z.object({ name: z.literal('cosine'), final: z.number().nonnegative().finite().optional() }).strict(),
      ])
      .optional() satisfies z.ZodType<LearningRateSchedule | undefined>,
  })
  .strict();

const noiseLevelSchema = z.union([z.number(), z.object({ min: z.number(), max: z.number() }).strict()]);

/** Adds an issue for each bad level, with the message noise.ts gives. */
function checkLevels(name: NoiseSpec['name'], levels: [NoiseSpec['level'], (string | number)[]][], clip: boolean | undefined, ctx: z.RefinementCtx): void {
  for (const [level, path] of levels) {
    const problem = noiseLevelProblem({ name, level, clip });
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path });
  }
}

export const noiseSpecSchema = z
  .object({ name: z.enum(noiseModelNames), level: noiseLevelSchema, clip: z.boolean().optional() })
  .strict()
  .superRefine((noise, ctx) => checkLevels(noise.name, [[noise.level, ['level']]], noise.clip, ctx)) satisfies z.ZodType<NoiseSpec>;

/** Denoising training: the model, its level (or range), how many noisy copies of each image per epoch, a curriculum. */
export const trainingNoiseSchema = z
  .object({
    name: z.enum(noiseModelNames),
    level: noiseLevelSchema,
    clip: z.boolean().optional(),
    /** Noisy copies of every image in each epoch (each with its own noise); default 1. */
    copies: width.optional(),
    /** Stages trained first, in order, each at its own level; `level` holds for the epochs after them. */
    curriculum: z.array(z.object({ epochs: width, level: noiseLevelSchema }).strict()).optional(),
  })
  .strict()
  .superRefine((noise, ctx) =>
    checkLevels(noise.name, [[noise.level, ['level']], ...(noise.curriculum ?? []).map((s, i): [NoiseSpec['level'], (string | number)[]] => [s.level, ['curriculum', i, 'level']])], noise.clip, ctx),
  );

/** The denoising test protocol; every field has a default (the test noise: the training noise's final level). */
export const evaluationSpecSchema = z
  .object({
    noise: noiseSpecSchema.optional(),
    /** Noisy copies of the data set (K). */
    copies: width.default(DEFAULT_TEST_COPIES),
    /** The test noise's seed, independent of the training seed. */
    seed: z.number().int().nonnegative().default(DEFAULT_TEST_SEED),
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
  .object({
    model: autoencoderSpecSchema,
    training: trainingSpecSchema,
    data: dataSpecSchema,
    /** Present for a denoising autoencoder: the noise its inputs get while training. */
    noise: trainingNoiseSchema.optional(),
    /** The denoising test protocol (defaults apply when `noise` is present and this is absent). */
    evaluation: evaluationSpecSchema.optional(),
  })
  .strict()
  .refine((spec) => !spec.evaluation || spec.noise || spec.evaluation.noise, {
    message: 'an evaluation needs a test noise: give evaluation.noise, or a training noise',
    path: ['evaluation', 'noise'],
  });

export type TrainingSpec = z.infer<typeof trainingSpecSchema>;
export type TrainingNoiseSpec = z.infer<typeof trainingNoiseSchema>;
export type EvaluationSpec = z.input<typeof evaluationSpecSchema>;
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
