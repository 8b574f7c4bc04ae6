import type { TopLevelSpec } from 'vega-lite';
import type { Dataset } from '../data/dataset.js';
import type { KindModel } from '../models/checkpoint.js';
import type { FinishedDocument } from '../runs/result-document.js';
import type { LeaderboardRow, TrialRecord } from './leaderboard.js';
import type { TrialDocument } from './run-experiment.js';

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
  results(experiment: string): TrialDocument[];
  sweep(name: string): { records: TrialRecord[]; board: LeaderboardRow[] };
  /**
   * The model a run saved (its result document's files.model), as `kind` holds it: e.g.
   * `context.model(run, autoencoderKind)` is an Autoencoder; a file of another kind is an error.
   */
  model<Model>(document: FinishedDocument, kind: { modelOf(file: KindModel): Model }): Model;
  /** The data set a run trained on (the one its result document names, checked against its content hash). */
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
