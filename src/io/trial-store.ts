import type { TrialSummary } from '../runs/model-kind.js';

/**
 * Where a sweep's trials are recorded: SQLite on one machine (sqlite-trial-store.ts) or PostgreSQL
 * for many (postgres-trial-store.ts); trial-stores.ts opens either by its location. A store knows
 * nothing of sweep specs: it keeps the spec as JSON, and one result per trial and rung.
 */
export interface TrialStore {
  /** The store as a person may see it: a file, or a postgres:// URL without its password. */
  readonly location: string;
  readonly sweep: StoredSweep;
  /** Every recorded result, in grid order (variant, seed), then rung. */
  results(): Promise<TrialRecord[]>;
  /** Notes that a worker started a trial's rung (kept to show retries, and that finished trials never run again). */
  recordStart(key: string, rung: number, worker: string): Promise<void>;
  /** Every start noted, oldest first. */
  starts(): Promise<TrialStart[]>;
  /** Records a result with its result document, once: false (and nothing written) when that trial's rung is recorded already. */
  recordResult(record: TrialRecord, document: unknown, worker: string): Promise<boolean>;
  /** The result document of a trial's rung (the highest by default). */
  result(key: string, rung?: number): Promise<unknown>;
  close(): Promise<void>;
}

/** The sweep a store holds. */
export interface StoredSweep {
  name: string;
  /** The sweep spec, as JSON (the experiments layer reads it). */
  spec: unknown;
  quick: boolean;
  /** How many trials the spec gave when the sweep was made. */
  trials: number;
}

/** One trial's result at one rung (a grid trial has only rung 0). */
export interface TrialRecord {
  key: string;
  variant: string;
  variantIndex: number;
  values: Record<string, string>;
  seed: number;
  /** 0, or the rung of an early-stopping schedule the trial trained to. */
  rung: number;
  status: 'finished' | 'diverged';
  /** Absent when the trial diverged. */
  summary?: TrialSummary;
  /** The trial's model file (absent when it diverged, when the store keeps models itself, or for a trial recorded before sweeps kept models). */
  modelFile?: string;
}

export interface TrialStart {
  key: string;
  rung: number;
  /** host:pid of the worker ("" for stores made before workers were named). */
  worker: string;
  at: string;
}

/** The error for a store that holds another sweep than the one asked for. */
export function differentSweep(location: string, stored: StoredSweep): Error {
  return new Error(`${location} holds a different sweep (spec "${stored.name}"${stored.quick ? ', quick' : ''}); resume it with --resume, or give another store to start a new one`);
}
