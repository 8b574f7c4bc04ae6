import { parseAutoencoder } from '../models/checkpoint.js';
import { readText } from '../io/files.js';

/** Reads and checks a model file; errors name the file. */
export function loadModel(path: string): ReturnType<typeof parseAutoencoder> {
  const text = readText(path, 'model file');
  try {
    return parseAutoencoder(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
