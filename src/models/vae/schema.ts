import * as z from 'zod';
import { activationNames } from '../../nn/activations.js';
import { initializerNames } from '../../nn/initializers.js';
import { reconstructionLosses, type VaeSpec } from './vae.js';

const width = z.number().int().positive();

/** The VAE architecture and loss as they appear in specs and model files. */
export const vaeSpecSchema = z
  .object({
    encoder: z.array(width),
    latent: width,
    decoder: z.array(width),
    activation: z.enum(activationNames),
    initializer: z.enum(initializerNames),
    reconstruction: z.enum(reconstructionLosses),
    beta: z.number().min(0).finite(),
    betaWarmupEpochs: z.number().int().nonnegative(),
  })
  .strict() satisfies z.ZodType<VaeSpec>;
