import { existsSync } from 'node:fs';
import { readText } from '../io/files.js';
import { loadDataset } from '../io/load-dataset.js';
import { loadNamedDataset } from '../io/named-dataset.js';
import type { Dataset } from '../data/dataset.js';
import { parseModel, type LoadedModel } from '../models/checkpoint.js';
import type { AutoencoderRunSpec } from '../runs/autoencoder/spec.js';
import { leaderboard } from './leaderboard.js';
import type { FinishedDocument, ResultDocument } from '../runs/result-document.js';
import type { Settings } from '../runs/settings.js';
import type { StudyContext } from './study.js';
import { SweepStore } from './sweep-store.js';

/**
 * What the studies read, from disk: the experiments' result documents (already loaded), the
 * sweeps' stores, and the model files and data sets the results name (each loaded once).
 */
export function studyContext(results: ReadonlyMap<string, ResultDocument[]>, sweepFile: (name: string) => string): StudyContext {
  const models = new Map<string, LoadedModel>();
  const datasets = new Map<string, Dataset>();
  const loaded = (document: FinishedDocument): LoadedModel => {
    const file = document.files.model;
    if (!models.has(file)) {
      try {
        models.set(file, parseModel(readText(file, 'model file')));
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`);
      }
    }
    return models.get(file) as LoadedModel;
  };
  return {
    results(name) {
      const documents = results.get(name);
      if (!documents) throw new Error(`a study asked for experiment "${name}", which it does not list`);
      return documents;
    },
    sweep(name) {
      const file = sweepFile(name);
      if (!existsSync(file)) throw new Error(`no sweep store ${file}; run without --report-only first`);
      const store = SweepStore.open(file);
      try {
        const records = store.records();
        if (records.length < store.gridSize) throw new Error(`sweep ${file} has ${records.length} of ${store.gridSize} trials; run without --report-only to finish it`);
        return { records, board: leaderboard(records) };
      } finally {
        store.close();
      }
    },
    model(document) {
      const model = loaded(document);
      if (model.kind !== 'autoencoder') throw new Error(`${document.files.model} holds a ${model.kind}, not an autoencoder`);
      return model.model;
    },
    vae(document) {
      const model = loaded(document);
      if (model.kind !== 'vae') throw new Error(`${document.files.model} holds an ${model.kind}, not a VAE`);
      return model.model;
    },
    dataset(document) {
      const data = document.spec.data as Settings;
      const key = JSON.stringify(data);
      if (!datasets.has(key)) datasets.set(key, document.kind === 'vae' ? loadNamedDataset(String(data.dataset)) : loadDataset(data as unknown as AutoencoderRunSpec['data']));
      return datasets.get(key) as Dataset;
    },
  };
}
