import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { NEW_GLYPH_GRID, NEW_GLYPH_MIN_DISTANCE } from '../../src/eval/new-glyphs.js';
import { newGlyphScan } from '../../src/runs/autoencoder/kind.js';
import { wrongPixelsPerRow } from '../../src/eval/pixels.js';
import { forward } from '../../src/nn/network.js';
import { inferLayers } from '../../src/nn/wasm-inference.js';
import { preset } from '../../src/runs/kinds.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { fitView, viewShowing, zoomView, ZOOM_IN_LIMIT, ZOOM_OUT_LIMIT } from '../../web/src/font/plane-geometry.js';
import type { ExploreReport } from '../../web/src/training/explore-messages.js';
import { ExploreWork, SCAN_STEPS } from '../../web/src/training/explore-work.js';
import { snapshotOf } from '../../web/src/training/model-parameters.js';
import { appendToTimeline, type TimelineEntry } from '../../web/src/training/timeline.js';
import { WorkerRun } from '../../web/src/training/worker-run.js';

// Watching a run learn (steps, a pace, models only when the page asks), the explore worker's work
// (codes, grids and the new-glyph scan off the main thread), the timeline's memory bound, the zoom's limits.

function workerRun(epochs: number, speed: number | null = null, pauseAt: number | null = null): WorkerRun {
  const { kind, spec } = preset('ae-font');
  spec.training.epochs = epochs;
  return WorkerRun.start({ type: 'start', run: 1, kind: kind.name, spec, speed, pauseAt });
}

/** Trains slice by slice while the run is running (it pauses itself, or ends). */
function trainWhileRunning(run: WorkerRun): void {
  while (run.status === 'running') run.trainSlice();
}

describe('a run in the worker, watched', () => {
  it('pauses itself at the epoch asked for (a link), then steps 1, 10 and 100 epochs exactly', () => {
    const run = workerRun(5000, null, 37);
    trainWhileRunning(run);
    expect(run.status).toBe('paused');
    expect(run.run.epochsDone).toBe(37);
    for (const epochs of [1, 10, 100]) {
      const before = run.run.epochsDone;
      run.step(epochs);
      trainWhileRunning(run);
      expect([run.status, run.run.epochsDone - before]).toEqual(['paused', epochs]);
    }
    expect(() => run.step(0)).toThrow('step: expected a whole number of epochs from 1, got 0');
  });

  it('trains no faster than its pace: 100 epochs a second allow 50 epochs in half a second', () => {
    const run = workerRun(5000, 100);
    const start = 1000;
    run.setSpeed(100, start);
    expect(run.allowed(start)).toBe(0);
    expect(run.waitMs(start)).toBeCloseTo(10, 6);
    expect(run.allowed(start + 500)).toBe(50);
    run.trainSlice(start + 500);
    expect(run.run.epochsDone).toBeLessThanOrEqual(50);
    while (run.allowed(start + 500) > 0) run.trainSlice(start + 500);
    expect(run.run.epochsDone).toBe(50);
    expect(run.trainSlice(start + 500)).toBe(0);
    run.setSpeed(null, start + 500);
    expect(run.allowed(start + 500)).toBe(Infinity);
    expect(() => run.setSpeed(0, 0)).toThrow('speed: expected a positive number of epochs a second, got 0');
  });

  it('paused and resumed after any slice, ends at the same bits as a run trained without a break', () => {
    const interrupted = workerRun(400);
    let pauses = 0;
    for (;;) {
      interrupted.trainSlice();
      if (interrupted.status === 'finished') break;
      // What the worker does on Pause (between slices: an epoch is never cut), then on Resume.
      interrupted.paused = true;
      expect(interrupted.trainSlice()).toBe(0);
      interrupted.paused = false;
      pauses++;
    }
    const straight = workerRun(400);
    straight.run.train();
    expect(pauses).toBeGreaterThan(1);
    // The model file holds the parameters, the optimizer state, the random state and every epoch's loss.
    expect(interrupted.run.modelFile()).toBe(straight.run.modelFile());
  });

  it('sends its model only when the page asked for one, and always when it pauses', () => {
    const run = workerRun(5000);
    run.trainSlice();
    expect(run.report().report.model).not.toBeNull();
    run.trainSlice();
    const second = run.report().report;
    expect(second.model).toBeNull();
    expect(second.losses.length).toBeGreaterThan(0);
    expect(second.modelCopy).toBeNull();
    run.modelWanted = true;
    const { report: third, transfer } = run.report();
    expect(third.model?.parameters[0]).toEqual(snapshotOf(run.run.model).parameters[0]);
    // A second copy for the explore worker, in buffers of its own, both transferred.
    expect(third.modelCopy).toEqual(third.model);
    expect(third.modelCopy?.parameters[0].buffer).not.toBe(third.model?.parameters[0].buffer);
    expect(transfer).toContain(third.modelCopy?.parameters[0].buffer);
    expect(transfer).toContain(third.model?.parameters[0].buffer);
    run.paused = true;
    expect(run.report().report.model).not.toBeNull();
  });
});

describe('the explore worker', () => {
  const { kind, spec } = preset('ae-font');
  spec.training.epochs = 300;
  const trained = WorkerRun.start({ type: 'start', run: 1, kind: kind.name, spec, speed: null, pauseAt: null });
  trained.run.train();
  const model = trained.run.model;
  const font = fontTable(3);
  const reports: ExploreReport[] = [];
  const work = new ExploreWork((report) => reports.push(report));
  const drain = () => {
    while (work.busy) work.next();
  };

  it("measures a model as the main thread did: its training glyphs' codes and wrong pixels", () => {
    work.take({ type: 'show', id: 1, snapshot: snapshotOf(model), dataset: 'font-3', source: 'run:1' });
    const measured = reports.pop();
    expect(measured).toEqual({ type: 'measured', id: 1, codes: model.model.encode(font.inputs).data, wrongPixels: wrongPixelsPerRow(model.model.reconstruct(font.inputs), font.inputs) });
  });

  it('decodes the points asked for with the model on show; a newer decode replaces one not yet begun', () => {
    const points = Float64Array.from([0.1, -0.2, 0.5, 0.5]);
    work.take({ type: 'decode', id: 2, points: Float64Array.from([9, 9]) });
    work.take({ type: 'decode', id: 3, points });
    drain();
    expect(reports.splice(0)).toEqual([
      { type: 'superseded', id: 2 },
      { type: 'decoded', id: 3, images: model.model.decode(new Matrix(2, 2, Float64Array.from([0.1, -0.2, 0.5, 0.5]))).data },
    ]);
  });

  it('scans for new glyphs in slices, finding what `latentlab glyphs` finds in one pass', () => {
    work.take({ type: 'scan', id: 4 });
    let slices = 0;
    while (work.busy) {
      work.next();
      slices++;
    }
    if (model.kind !== 'autoencoder') throw new Error('ae-font trains an autoencoder');
    const cli = newGlyphScan(model.model, font, { gridSize: NEW_GLYPH_GRID, minDistance: NEW_GLYPH_MIN_DISTANCE });
    const [report] = reports.splice(0);
    if (report?.type !== 'scanned') throw new Error(`expected the scan's answer, got ${JSON.stringify(report)}`);
    expect(report.id).toBe(4);
    expect(cli.count).toBeGreaterThan(0);
    expect(report.found.length).toBe(cli.count);
    expect(report.found.slice(0, cli.glyphs.length)).toEqual(cli.glyphs);
    // 101 x 101 points of a 1,557-parameter network: slices of 2,569 points (4e6 multiply-adds each).
    expect(SCAN_STEPS).toBe(NEW_GLYPH_GRID);
    expect(slices).toBe(1 + Math.ceil(101 * 101 / Math.floor(4e6 / 1557)));
  });

  it("drops a scan when another run's model is shown, and goes on with one when a newer model of the same run is", () => {
    work.take({ type: 'scan', id: 6 });
    work.next();
    work.next();
    work.take({ type: 'show', id: 7, snapshot: snapshotOf(model), dataset: 'font-3', source: 'run:1' });
    expect(work.busy).toBe(true);
    work.take({ type: 'show', id: 8, snapshot: snapshotOf(model), dataset: 'font-3', source: 'run:2' });
    expect(reports.splice(0).map((report) => [report.type, report.id])).toEqual([
      ['measured', 7],
      ['superseded', 6],
      ['measured', 8],
    ]);
    expect(work.busy).toBe(false);
  });

  it('answers a bad request with a failure that names it', () => {
    work.take({ type: 'show', id: 5, snapshot: snapshotOf(model), dataset: 'font-9', source: 'run:1' });
    expect(reports.pop()).toMatchObject({ type: 'failure', id: 5, message: expect.stringContaining('the page has no dataset "font-9"') });
  });
});

describe('the network inside', () => {
  it("gives every layer's activations as the model computes them: its codes, then its decoding, near the float64 forward", () => {
    const { kind, spec } = preset('ae-font');
    const run = WorkerRun.start({ type: 'start', run: 1, kind: kind.name, spec: { ...spec, training: { ...spec.training, epochs: 50 } }, speed: null, pauseAt: null });
    run.run.train();
    const model = run.run.model;
    if (model.kind !== 'autoencoder') throw new Error('ae-font trains an autoencoder');
    const { network, parameters } = model.model;
    const inputs = fontTable(3).inputs;
    const layers = inferLayers(network, parameters, inputs);
    expect(layers.map((m) => m.cols)).toEqual([20, 2, 20, 35]);
    expect(layers[1].data).toEqual(model.model.encode(inputs).data);
    expect(layers[3].data).toEqual(model.model.decode(layers[1]).data);
    // The wasm kernels are float32: the float64 reference agrees to float32 rounding.
    const reference = forward(network, parameters, inputs).data;
    expect(Math.max(...layers[3].data.map((value, i) => Math.abs(value - reference[i])))).toBeLessThanOrEqual(2e-5);
    expect(() => inferLayers(network, parameters, inputs, 2, 2)).toThrow('no layers between 2 and 2');
  });
});

describe('the timeline', () => {
  const entry = (epoch: number, floats = 1000): TimelineEntry => ({ epoch, snapshot: { kind: 'autoencoder', spec: preset('ae-font').spec.model as never, inputSize: 35, parameters: [new Float64Array(floats)] } });

  it('keeps every model while they fit, replacing one of the same epoch (a pause after a report)', () => {
    let entries: TimelineEntry[] = [];
    for (const epoch of [1, 2, 3, 3]) entries = appendToTimeline(entries, entry(epoch));
    expect(entries.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('drops every second model when they outgrow the budget, keeping the first and the newest', () => {
    let entries: TimelineEntry[] = [];
    // 8000 bytes each, a budget of 5 of them.
    for (let epoch = 1; epoch <= 9; epoch++) entries = appendToTimeline(entries, entry(epoch), 40_000);
    expect(entries.length).toBeLessThanOrEqual(5);
    expect(entries[0].epoch).toBe(1);
    expect(entries.at(-1)!.epoch).toBe(9);
    expect(entries.map((e) => e.epoch)).toEqual([...entries.map((e) => e.epoch)].sort((a, b) => a - b));
  });
});

describe('the zoom', () => {
  const fit = fitView(null, 'tanh');
  const span = (view: typeof fit) => view.x1 - view.x0;

  it(`stops at ${ZOOM_IN_LIMIT} times closer and ${ZOOM_OUT_LIMIT} times further than the fitted view, about the pointer`, () => {
    let view = fit;
    for (let i = 0; i < 150; i++) view = zoomView(view, 1 / 1.15, [0.3, 0.2], fit);
    expect(span(view)).toBeCloseTo(span(fit) / ZOOM_IN_LIMIT, 12);
    // The point under the pointer stays where it was on screen.
    expect((0.3 - view.x0) / span(view)).toBeCloseTo((0.3 - fit.x0) / span(fit), 9);
    for (let i = 0; i < 300; i++) view = zoomView(view, 1.15, [0.3, 0.2], fit);
    expect(span(view)).toBeCloseTo(span(fit) * ZOOM_OUT_LIMIT, 9);
  });

  it('moves a zoomed view to a point outside it, keeping its size, and leaves it when the point is inside', () => {
    const zoomed = { x0: 0, x1: 0.1, y0: 0, y1: 0.1 };
    expect(viewShowing(zoomed, [0.05, 0.02])).toBe(zoomed);
    const moved = viewShowing(zoomed, [0.8, -0.5]);
    expect(moved.x0).toBeCloseTo(0.75, 12);
    expect(moved.x1).toBeCloseTo(0.85, 12);
    expect(moved.y0).toBeCloseTo(-0.55, 12);
    expect(moved.y1).toBeCloseTo(-0.45, 12);
  });
});
