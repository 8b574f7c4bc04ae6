import { join } from 'node:path';
import { readText } from '../io/files.js';
import { packageRoot } from '../io/package-root.js';
import { parseExperiment, type ExperimentSpec } from './experiment-spec.js';

/** Reads and validates an experiment (or sweep) spec file; errors name the file and the bad field. */
export function readExperimentFile(path: string): ExperimentSpec {
  const text = readText(path, 'experiment spec');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`experiment spec "${path}" is not valid JSON: ${(error as Error).message}`);
  }
  return parseExperiment(value, path);
}

/** The experiment specs shipped in latentlab's experiments/ folder, by name. */
export function shippedExperiment(name: string): ExperimentSpec {
  return readExperimentFile(shippedExperimentPath(name));
}

export function shippedExperimentPath(name: string): string {
  return join(packageRoot(), 'experiments', `${name}.json`);
}
