import { z } from 'zod';
import { Autoencoder } from './autoencoder.js';
import { autoencoderSpecSchema } from './autoencoder-schema.js';

export const CHECKPOINT_FORMAT = 'latentlab-model';
export const CHECKPOINT_VERSION = 1;

/** What a model file says about the images it was trained on, so it can draw what it decodes. */
export interface ImageInfo {
  name: string;
  width: number;
  height: number;
  labels: string[];
}

const imageInfoSchema = z.object({
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  labels: z.array(z.string()),
});

const checkpointSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_VERSION),
  kind: z.literal('autoencoder'),
  spec: autoencoderSpecSchema,
  inputSize: z.number().int().positive(),
  data: imageInfoSchema,
  parameters: z.array(z.number()),
});

/** A model file's text: versioned JSON with the spec, the image info and every parameter. */
export function serializeAutoencoder(model: Autoencoder, data: ImageInfo): string {
  return JSON.stringify({
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    kind: 'autoencoder',
    spec: model.spec,
    inputSize: model.inputSize,
    data,
    parameters: Array.from(model.parameters),
  });
}

/** Reads a model file's text, checking format, version, shapes and finiteness; errors say exactly what is wrong. */
export function parseAutoencoder(text: string): { model: Autoencoder; data: ImageInfo } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(`not valid JSON (${(error as Error).message})`);
  }
  const header = z.object({ format: z.string(), version: z.number() }).safeParse(json);
  if (!header.success || header.data.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`not a latentlab model file (expected "format": "${CHECKPOINT_FORMAT}")`);
  }
  if (header.data.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(`unsupported version ${header.data.version}; this latentlab reads version ${CHECKPOINT_VERSION}`);
  }
  const parsed = checkpointSchema.safeParse(json);
  if (!parsed.success) throw new CheckpointError(z.prettifyError(parsed.error));
  const { spec, inputSize, data, parameters } = parsed.data;
  if (data.width * data.height !== inputSize) {
    throw new CheckpointError(`images of ${data.width}x${data.height} pixels do not match an input size of ${inputSize}`);
  }
  try {
    return { model: new Autoencoder(spec, inputSize, Float64Array.from(parameters)), data };
  } catch (error) {
    throw new CheckpointError((error as Error).message);
  }
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(`bad model file: ${message}`);
    this.name = 'CheckpointError';
  }
}
