import * as z from 'zod';
import { noiseLevelProblem, noiseModelNames, type NoiseSpec } from '../../data/noise.js';
import { DEFAULT_TEST_COPIES, MAX_TEST_COPIES, DEFAULT_TEST_SEED } from '../../eval/denoising.js';
import { autoencoderSpecSchema } from '../../models/autoencoder/schema.js';
import { dataSpecSchema, parseSpec, positiveInteger, trainingSpecSchema } from '../spec.js';

const noiseLevelSchema = z.union([z.number(), z.object({ min: z.number(), max: z.number(), weights: z.array(z.number()).optional() }).strict()]);

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
    copies: positiveInteger.optional(),
    /** Stages trained first, in order, each at its own level; `level` holds for the epochs after them. */
    curriculum: z.array(z.object({ epochs: positiveInteger, level: noiseLevelSchema }).strict()).optional(),
    /**
     * What a noisy input is trained towards: its clean image (default), or the Bayes posterior mean
     * of every pixel given the input under this noise (src/eval/posterior-denoiser.ts), which is what
     * a BCE-trained denoiser converges to anyway, without the label noise; binary data only.
     */
    targets: z.enum(['clean', 'posterior']).optional(),
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
    copies: positiveInteger.max(MAX_TEST_COPIES).default(DEFAULT_TEST_COPIES),
    /** The test noise's seed, independent of the training seed. */
    seed: z.number().int().nonnegative().default(DEFAULT_TEST_SEED),
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

export type TrainingNoiseSpec = z.infer<typeof trainingNoiseSchema>;
export type EvaluationSpec = z.input<typeof evaluationSpecSchema>;
export type AutoencoderRunSpec = z.infer<typeof autoencoderRunSchema>;

/** Validates a run spec, with an error that names each bad field. */
export function parseAutoencoderRun(value: unknown): AutoencoderRunSpec {
  return parseSpec(autoencoderRunSchema, value);
}
