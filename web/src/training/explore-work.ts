import { findNewGlyphs, latentGrid } from '../../../src/eval/new-glyphs.js';
import { wrongPixelsPerRow } from '../../../src/eval/pixels.js';
import type { KindModel } from '../../../src/models/checkpoint.js';
import { Matrix } from '../../../src/tensor/matrix.js';
import type { ExploreReport, ExploreRequest } from './explore-messages.js';
import { modelOf } from './model-parameters.js';
import { addOwnDataset, pageDataset } from './page-datasets.js';

/** Points per side of the scan for new glyphs. */
export const SCAN_STEPS = 100;
/** Multiply-adds of a scan slice (a few milliseconds), so a newer model or grid waits at most that long. */
const SLICE_WORK = 4e6;

/** A model with its training images (when the page has them) and their codes. */
interface Shown {
  id: number;
  model: KindModel;
  /** Its parameters, all networks together. */
  parameters: number;
  inputs: Matrix | null;
  codes: Matrix | null;
  image: { width: number; height: number };
}

/** A scan under way: its points, the images decoded so far, the model it belongs to. */
interface Scan {
  shown: Shown & { inputs: Matrix; codes: Matrix };
  points: Matrix;
  decoded: Matrix;
  done: number;
  /** Points decoded per slice: more for a small network, fewer for a wide one. */
  slice: number;
}

/**
 * The explore worker's work, as plain code (test/web runs it in Node): `take` a request (measuring a
 * model is answered at once), then `next()` does one slice of what is waiting, newest grid first,
 * then the scan, until `busy` is false.
 */
export class ExploreWork {
  private shown: Shown | null = null;
  private decode: Extract<ExploreRequest, { type: 'decode' }> | null = null;
  private scans: number[] = [];
  private scan: Scan | null = null;
  private source = '';

  constructor(private readonly answer: (report: ExploreReport, transfer?: Transferable[]) => void) {}

  get busy(): boolean {
    return this.decode !== null || this.scan !== null || this.scans.length > 0;
  }

  take(request: ExploreRequest): void {
    try {
      if (request.type === 'show' || request.type === 'measure') {
        if (request.datasetText) addOwnDataset(request.datasetText);
        const measured = measure(request.id, request.snapshot, request.dataset);
        if (request.type === 'show') {
          // A scan of a model still being trained goes on (its glyphs are a few epochs old); one of another run or file stops.
          if (this.scan && request.source !== this.source) {
            this.answer({ type: 'superseded', id: this.scan.shown.id });
            this.scan = null;
          }
          this.shown = measured;
          this.source = request.source;
        }
        const wrongPixels = measured.inputs && measured.codes ? wrongPixelsPerRow(measured.model.model.reconstruct(measured.inputs), measured.inputs) : null;
        const codes = measured.codes?.data ?? null;
        this.answer({ type: 'measured', id: request.id, codes, wrongPixels });
      } else if (request.type === 'decode') {
        if (this.decode) this.answer({ type: 'superseded', id: this.decode.id });
        this.decode = request;
      }
      else this.scans.push(request.id);
    } catch (error) {
      this.answer({ type: 'failure', id: request.id, message: (error as Error).message });
    }
  }

  /** One slice of the waiting work. */
  next(): void {
    const { shown } = this;
    if (this.decode) {
      const { id, points } = this.decode;
      this.decode = null;
      if (!shown) return this.answer({ type: 'failure', id, message: 'no model on show to decode with' });
      const images = shown.model.model.decode(new Matrix(points.length / 2, 2, points)).data;
      return this.answer({ type: 'decoded', id, images }, [images.buffer]);
    }
    if (!this.scan && this.scans.length > 0) {
      const id = this.scans.shift()!;
      if (!shown?.inputs || !shown.codes) return this.answer({ type: 'scanned', id, found: [] });
      const points = latentGrid(shown.codes, SCAN_STEPS);
      const slice = Math.max(4, Math.floor(SLICE_WORK / shown.parameters));
      this.scan = { shown: { ...shown, inputs: shown.inputs, codes: shown.codes }, points, decoded: new Matrix(points.rows, shown.inputs.cols), done: 0, slice };
      // The scan belongs to the request: the model it started with, even if a newer one is shown meanwhile.
      this.scan.shown.id = id;
      return;
    }
    const scan = this.scan;
    if (!scan) return;
    const end = Math.min(scan.points.rows, scan.done + scan.slice);
    const slice = new Matrix(end - scan.done, 2, scan.points.data.subarray(scan.done * 2, end * 2));
    scan.decoded.data.set(scan.shown.model.model.decode(slice).data, scan.done * scan.decoded.cols);
    scan.done = end;
    if (end < scan.points.rows) return;
    this.scan = null;
    const { shown: owner } = scan;
    this.answer({ type: 'scanned', id: owner.id, found: findNewGlyphs(scan.points, scan.decoded, owner.inputs, owner.codes, owner.image) });
  }
}

function measure(id: number, snapshot: Parameters<typeof modelOf>[0], datasetName: string | null): Shown {
  const model = modelOf(snapshot);
  const dataset = datasetName === null ? null : pageDataset(datasetName);
  const inputs = dataset?.inputs ?? null;
  const image = dataset ? { width: dataset.width, height: dataset.height } : { width: 0, height: 0 };
  const parameters = snapshot.parameters.reduce((sum, values) => sum + values.length, 0);
  return { id, model, parameters, inputs, codes: inputs && model.model.encode(inputs), image };
}
