import type { TopLevelSpec } from 'vega-lite';
import type { Dataset } from '../data/dataset.js';
import type { Autoencoder } from '../models/autoencoder.js';
import type { Vae } from '../models/vae.js';
import type { LeaderboardRow, TrialRecord } from './leaderboard.js';
import type { FinishedDocument, ResultDocument } from '../runs/result-document.js';

/** A chart of the report, built from results (never by training). */
export interface Figure {
  id: string;
  title: string;
  caption: string;
  chart: TopLevelSpec;
}

/** A table of the report (e.g. a sweep's leaderboard). */
export interface Table {
  id: string;
  title: string;
  caption?: string;
  columns: string[];
  rows: string[][];
}

/** One row of "the study vs latentlab": a number (or claim) of the digest next to what latentlab measured. */
export interface Finding {
  topic: string;
  study: string;
  latentlab: string;
}

/** What a study reads: its experiments' results and sweeps' trials, the models they saved, the data. */
export interface StudyContext {
  results(experiment: string): ResultDocument[];
  sweep(name: string): { records: TrialRecord[]; board: LeaderboardRow[] };
  /** The model file a run saved, loaded (an autoencoder's, a VAE's). */
  model(document: FinishedDocument): Autoencoder;
  vae(document: FinishedDocument): Vae;
  /** The data set a run trained on. */
  dataset(document: FinishedDocument): Dataset;
}

export interface StudyOutput {
  figures: Figure[];
  tables?: Table[];
  findings: Finding[];
}

/** One section of the report: a study of the digest, the experiments it runs and what it shows. */
export interface Study {
  name: string;
  title: string;
  /** What the digest says the study did or asked. */
  question: string;
  /** Shipped experiment specs (experiments/<name>.json) it needs. */
  experiments: string[];
  /** Shipped sweep specs it needs, run with the SQLite store. */
  sweeps?: string[];
  build(context: StudyContext): StudyOutput;
}
