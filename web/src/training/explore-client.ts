import type { NewGlyph } from '../../../src/eval/new-glyphs.js';
import type { ExploreReport, ExploreRequest } from './explore-messages.js';
import type { ModelSnapshot } from './model-parameters.js';
import { ownDatasetText } from './page-datasets.js';

/** A model's training images measured: their codes (rows of 2) and wrong pixels, or null without the images. */
export interface Measured {
  codes: Float64Array | null;
  wrongPixels: number[] | null;
}

type Answer = Exclude<ExploreReport, { type: 'failure' | 'superseded' }>;

/** Copies of snapshots made off the main thread (the training worker sends each model twice), by snapshot: show() transfers one instead of copying. */
const offeredCopies = new WeakMap<ModelSnapshot, ModelSnapshot>();

/** Offers `copy`, a copy of `snapshot` nobody else holds, for the explore worker to take when `snapshot` is shown. */
export function offerCopy(snapshot: ModelSnapshot, copy: ModelSnapshot): void {
  offeredCopies.set(snapshot, copy);
}

/**
 * The page's side of the explore worker (explore-worker.ts), started on first use: each request a
 * promise. A decode replaced by a newer one before it began resolves to null.
 */
export class ExploreClient {
  private worker: Worker | null = null;
  private lastId = 0;
  private readonly waiting = new Map<number, { resolve(report: Answer | null): void; reject(error: Error): void }>();

  /** Shows `snapshot` of the run or file `source` (its parameters are copied, or its offered copy is taken: the page keeps its own) and measures it on the page's dataset `dataset`. */
  show(snapshot: ModelSnapshot, dataset: string | null, source: string): Promise<Measured> {
    const copy = offeredCopies.get(snapshot) ?? copied(snapshot);
    offeredCopies.delete(snapshot);
    return this.ask({ type: 'show', id: 0, snapshot: copy, dataset, datasetText: dataset === null ? undefined : ownDatasetText(dataset), source }, buffersOf(copy)).then(measuredOf);
  }

  /** Measures a model without showing it. */
  measure(snapshot: ModelSnapshot, dataset: string | null): Promise<Measured> {
    const copy = copied(snapshot);
    return this.ask({ type: 'measure', id: 0, snapshot: copy, dataset, datasetText: dataset === null ? undefined : ownDatasetText(dataset) }, buffersOf(copy)).then(measuredOf);
  }

  /** The images the model on show decodes at `points` (x, y, ...), row by row; null when a newer decode replaced this one. */
  async decode(points: Float64Array): Promise<Float64Array | null> {
    const report = await this.ask({ type: 'decode', id: 0, points });
    return report?.type === 'decoded' ? report.images : null;
  }

  /** The new glyphs of the model on show, or null when another run or file was shown before the scan ended. */
  async scan(): Promise<NewGlyph[] | null> {
    const report = await this.ask({ type: 'scan', id: 0 });
    return report?.type === 'scanned' ? report.found : null;
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const wait of this.waiting.values()) wait.reject(new Error('the explore worker stopped'));
    this.waiting.clear();
  }

  private ask(request: ExploreRequest, transfer: Transferable[] = []): Promise<Answer | null> {
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.started().postMessage({ ...request, id }, { transfer });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./explore-worker.ts', import.meta.url), { type: 'module', name: 'latentlab-explore' });
    worker.onmessage = (event: MessageEvent<ExploreReport>) => {
      const report = event.data;
      const wait = this.waiting.get(report.id);
      this.waiting.delete(report.id);
      if (!wait) return;
      if (report.type === 'failure') wait.reject(new Error(report.message));
      else wait.resolve(report.type === 'superseded' ? null : report);
    };
    worker.onerror = (event) => {
      for (const wait of this.waiting.values()) wait.reject(new Error(`the explore worker failed: ${event.message || 'it could not start'}`));
      this.waiting.clear();
    };
    this.worker = worker;
    return worker;
  }
}

const copied = (snapshot: ModelSnapshot): ModelSnapshot => ({ ...snapshot, parameters: snapshot.parameters.map((values) => values.slice()) });
const buffersOf = (snapshot: ModelSnapshot): Transferable[] => snapshot.parameters.map((values) => values.buffer);

function measuredOf(report: Answer | null): Measured {
  if (report?.type !== 'measured') throw new Error('the explore worker did not measure the model');
  return { codes: report.codes, wrongPixels: report.wrongPixels };
}
