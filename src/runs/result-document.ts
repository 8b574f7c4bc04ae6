import { sha256Hex } from '../data/sha256.js';
import type { KernelBuild } from '../tensor/wasm/loader.js';
import type { RunResult } from './model-kind.js';
import type { Settings } from './settings.js';

export const RESULT_FORMAT = 'latentlab-result';
export const RESULT_VERSION = 2;

/** The versions a result was made with, so a reader can tell what produced it (src/io/versions.ts reads them). */
export interface Versions {
  latentlab: string;
  node: string;
  /** The build of the wasm kernels that ran: 'fma' (relaxed SIMD) or 'simd' (absent in older documents). */
  kernels?: KernelBuild;
}

/** Which experiment, variant and seed a result belongs to. */
export interface TrialInfo {
  experiment: string;
  key: string;
  variant: string;
  variantIndex: number;
  values: Record<string, string>;
  seed: number;
}

/** Where a result came from and what it wrote beside it. */
export interface Provenance {
  versions: Versions;
  /** The files the run wrote (model, pictures), by role. */
  files: Record<string, string>;
  /** The hash of the model file this result belongs to (modelFileHash), so a reader refuses a result beside another model file. */
  modelHash?: string;
  /** Seconds from the end of training to this document (measuring the model, pictures, model file): the wait a run's report costs. */
  reportSeconds?: number;
  /** Set for a trial of an experiment or a sweep. */
  trial?: TrialInfo;
  /** The experiment's extra measures, as asked for. */
  evaluation?: Settings;
}

interface Envelope extends Provenance {
  format: typeof RESULT_FORMAT;
  version: typeof RESULT_VERSION;
}

export type FinishedDocument = Envelope & RunResult & { status: 'finished' };
export type DivergedDocument = Envelope & { status: 'diverged'; kind: string; spec: Settings; seed: number; diverged: { epoch: number; message: string } };

/** One run's result.json: everything a chart or a table needs, so figures never retrain. */
export type ResultDocument = FinishedDocument | DivergedDocument;

/** The result document of a finished run: its result (with the kind's measures) in the envelope. */
export function finishedDocument(result: RunResult, provenance: Provenance): FinishedDocument {
  return { format: RESULT_FORMAT, version: RESULT_VERSION, ...provenance, ...result, status: 'finished' };
}

/** The result document of a run whose loss turned NaN or infinite at `epoch`. */
export function divergedDocument(kind: string, spec: Settings, seed: number, diverged: { epoch: number; message: string }, provenance: Provenance): DivergedDocument {
  return { format: RESULT_FORMAT, version: RESULT_VERSION, ...provenance, status: 'diverged', kind, spec, seed, diverged };
}

/** 'sha256:<hex>' of a model file's text: what a result document names its model file by. */
export function modelFileHash(text: string): string {
  return `sha256:${sha256Hex(text)}`;
}
