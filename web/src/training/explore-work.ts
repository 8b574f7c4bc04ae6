import { NEW_GLYPH_GRID, NEW_GLYPH_MIN_DISTANCE, NewGlyphScanner } from '../../../src/eval/new-glyphs.js';
import { wrongPixelsPerRow } from '../../../src/eval/pixels.js';
import type { KindModel } from '../../../src/models/checkpoint.js';
import { Matrix } from '../../../src/tensor/matrix.js';
import type { ExploreReport, ExploreRequest } from './explore-messages.js';
import { modelOf } from './model-parameters.js';
import { addOwnDataset, pageDataset } from './page-datasets.js';

/** Points per side of the scan for new glyphs: `latentlab glyphs`'s default. */
export const SCAN_STEPS = NEW_GLYPH_GRID;
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
  /** The model's reconstructions of its training images. */
  reconstructions: Matrix | null;
  image: { width: number; height: number };
}

/** A scan under way (the CLI's, src/eval/new-glyphs.ts), the model it belongs to and the request it answers. */
interface Scan {
  id: number;
  model: KindModel;
  scanner: NewGlyphScanner;
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
            this.answer({ type: 'superseded', id: this.scan.id });
            this.scan = null;
          }
          this.shown = measured;
          this.source = request.source;
        }
        const wrongPixels = measured.inputs && measured.reconstructions ? wrongPixelsPerRow(measured.reconstructions, measured.inputs) : null;
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
      if (!shown?.inputs || !shown.codes || !shown.reconstructions) return this.answer({ type: 'scanned', id, found: [] });
      const start = { glyphs: shown.inputs, codes: shown.codes, reconstructions: shown.reconstructions, ...shown.image };
      // The scan belongs to the request: the model it started with, even if a newer one is shown meanwhile.
      this.scan = { id, model: shown.model, scanner: new NewGlyphScanner(start, { gridSize: SCAN_STEPS, minDistance: NEW_GLYPH_MIN_DISTANCE }), slice: Math.max(4, Math.floor(SLICE_WORK / shown.parameters)) };
      return;
    }
    const scan = this.scan;
    if (!scan) return;
    scan.scanner.decodeNext(scan.slice, (points) => scan.model.model.decode(points));
    if (!scan.scanner.finished) return;
    this.scan = null;
    this.answer({ type: 'scanned', id: scan.id, found: scan.scanner.found() });
  }
}

function measure(id: number, snapshot: Parameters<typeof modelOf>[0], datasetName: string | null): Shown {
  const model = modelOf(snapshot);
  const dataset = datasetName === null ? null : pageDataset(datasetName);
  const inputs = dataset?.inputs ?? null;
  const image = dataset ? { width: dataset.width, height: dataset.height } : { width: 0, height: 0 };
  const parameters = snapshot.parameters.reduce((sum, values) => sum + values.length, 0);
  return { id, model, parameters, inputs, codes: inputs && model.model.encode(inputs), reconstructions: inputs && model.model.reconstruct(inputs), image };
}
