import { join } from 'node:path';
import { readJson } from '../io/files.js';
import { packageRoot } from '../io/package-root.js';
import { parseExperiment, type ExperimentSpec } from './experiment-spec.js';

/** Reads and validates an experiment (or sweep) spec file; errors name the file and the bad field. */
export function readExperimentFile(path: string): ExperimentSpec {
  return parseExperiment(readJson(path, 'experiment spec'), path);
}

/** The experiment specs shipped in latentlab's experiments/ folder, by name. */
export function shippedExperiment(name: string): ExperimentSpec {
  return readExperimentFile(shippedExperimentPath(name));
}

export function shippedExperimentPath(name: string): string {
  return join(packageRoot(), 'experiments', `${name}.json`);
}
