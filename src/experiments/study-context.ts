import { existsSync } from 'node:fs';
import type { Dataset } from '../data/dataset.js';
import { identityMismatch } from '../data/dataset-identity.js';
import { loadDataset } from '../io/datasets.js';
import { readText } from '../io/files.js';
import { parseModelFile, type ModelFile } from '../models/checkpoint.js';
import type { FinishedDocument } from '../runs/result-document.js';
import { latestResults, type LeaderboardRow, type TrialRecord } from './leaderboard.js';
import type { TrialDocument } from './run-experiment.js';
import type { StudyContext } from './study.js';
import { openStoredSweep, sweepLeaderboard } from './sweep.js';

/**
 * What the studies read, from disk: the experiments' result documents and the sweeps' results
 * (already loaded, see sweepResults), and the model files and data sets the results name (each loaded once).
 */
export function studyContext(results: ReadonlyMap<string, TrialDocument[]>, sweeps: ReadonlyMap<string, { records: TrialRecord[]; board: LeaderboardRow[] }>): StudyContext {
  const models = new Map<string, ModelFile>();
  const datasets = new Map<string, Dataset>();
  const modelPath = (document: FinishedDocument): string => {
    const path = document.files.model;
    if (!path) throw new Error(`the result of ${document.kind} run seed ${document.seed} names no model file (files.model)`);
    return path;
  };
  return {
    results(name) {
      const documents = results.get(name);
      if (!documents) throw new Error(`a study asked for experiment "${name}", which it does not list`);
      return documents;
    },
    sweep(name) {
      const sweep = sweeps.get(name);
      if (!sweep) throw new Error(`a study asked for sweep "${name}", which it does not list`);
      return sweep;
    },
    model(document, kind) {
      const path = modelPath(document);
      try {
        let file = models.get(path);
        if (!file) {
          file = parseModelFile(readText(path, 'model file'));
          models.set(path, file);
        }
        return kind.modelOf(file);
      } catch (error) {
        throw new Error(`${path}: ${(error as Error).message}`);
      }
    },
    dataset(document) {
      const identity = document.dataset;
      const key = JSON.stringify([identity.source, identity.table ?? null, identity.hash]);
      let dataset = datasets.get(key);
      if (!dataset) {
        dataset = loadDataset({ dataset: identity.source, ...(identity.table === undefined ? {} : { table: identity.table }) }).dataset;
        const mismatch = identityMismatch(identity, dataset);
        if (mismatch) throw new Error(`the data of ${document.kind} run seed ${document.seed} changed since it trained: ${mismatch}`);
        datasets.set(key, dataset);
      }
      return dataset;
    },
  };
}

/** A finished sweep's trials and leaderboard, read from its SQLite store. */
export async function sweepResults(file: string): Promise<{ records: TrialRecord[]; board: LeaderboardRow[] }> {
  if (!existsSync(file)) throw new Error(`no sweep store ${file}; run without --report-only first`);
  const sweep = await openStoredSweep(file);
  try {
    const results = await sweep.store.results();
    const records = latestResults(results);
    if (records.length < sweep.trials.length) throw new Error(`sweep ${file} has ${records.length} of ${sweep.trials.length} trials; run without --report-only to finish it`);
    return { records, board: sweepLeaderboard(sweep, results) };
  } finally {
    await sweep.store.close();
  }
}
