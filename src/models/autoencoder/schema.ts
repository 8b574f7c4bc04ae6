import * as z from 'zod';
import { activationNames } from '../../nn/activations.js';
import { initializerNames } from '../../nn/initializers.js';
import { lossNames } from '../../nn/losses.js';
import type { AutoencoderSpec } from './autoencoder.js';

const width = z.number().int().positive();

/** The autoencoder architecture as it appears in specs and model files. */
export const autoencoderSpecSchema = z
  .object({
    encoder: z.array(width),
    latent: width,
    decoder: z.array(width),
    activation: z.enum(activationNames),
    latentActivation: z.enum(activationNames),
    outputActivation: z.enum(activationNames),
    loss: z.enum(lossNames),
    initializer: z.enum(initializerNames),
  })
  .strict()
  .refine((m) => m.loss !== 'bce' || m.outputActivation === 'sigmoid', {
    message: 'loss "bce" needs outputActivation "sigmoid"',
    path: ['loss'],
  }) satisfies z.ZodType<AutoencoderSpec>;
