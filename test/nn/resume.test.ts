import { afterAll, describe, expect, it } from 'vitest';
import { nodeKernelThreads } from '../../src/io/node-kernel-threads.js';
import { createEngine, createStack } from '../../src/nn/create-engine.js';
import { engineKinds, type EngineKind, type TrainingEngine } from '../../src/nn/engine.js';
import { Fitting, type FitOptions, type FittingState } from '../../src/nn/fit.js';
import type { WasmTuning } from '../../src/nn/kernel-choice.js';
import { initialParameters, type NetworkSpec } from '../../src/nn/network.js';
import { optimizerNames, type OptimizerSpec, type OptimizerState } from '../../src/nn/optimizers.js';
import type { LayerStack } from '../../src/nn/stack.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

// A run saved after k epochs (parameters + Fitting.state(), through JSON) and resumed on a fresh
// engine with a fresh Rng must end with the same bits as the run that was never interrupted.

const network: NetworkSpec = { sizes: [6, 5, 3, 5, 6], activations: ['tanh', 'tanh', 'tanh', 'sigmoid'], loss: 'bce', initializer: 'glorot-uniform' };
const ROWS = 10;
const EPOCHS = 12;
const SAVED_AT = 5;
const inputs = new Matrix(ROWS, 6, Float64Array.from({ length: ROWS * 6 }, ((rng) => () => (rng.uniform() < 0.4 ? 1 : 0))(new Rng(5))));
const optimizers: Record<string, OptimizerSpec> = {
  gd: { name: 'gd', lr: 0.5 },
  momentum: { name: 'momentum', lr: 0.2, momentum: 0.8 },
  adam: { name: 'adam', lr: 0.02 },
  rmsprop: { name: 'rmsprop', lr: 0.01 },
};
/** Batch sizes: the whole data set (no shuffling), and mini-batches (a shuffled order every epoch). */
const batchings = { 'full batch': ROWS, 'shuffled mini-batches': 4 };
const helpers = nodeKernelThreads(1);
afterAll(() => helpers.release(0));

/** Adds noise drawn from the rng to every pixel: a resumed run must draw the same noise. */
const noise: FitOptions['corrupt'] = (clean, noisy, rng) => clean.data.forEach((v, i) => (noisy.data[i] = v + 0.2 * rng.normal()));

interface Setup {
  kind: EngineKind;
  optimizer: OptimizerSpec;
  batchSize: number;
  corrupt?: FitOptions['corrupt'];
  tuning?: WasmTuning;
}

/** What a checkpoint holds: the parameters (the model's part) and the loop's state. */
interface Saved {
  parameters: Float64Array;
  state: FittingState;
}

/** Saved with every typed array as a plain array of numbers: what JSON.parse gives back. */
interface SavedJson {
  parameters: number[];
  state: Omit<FittingState, 'losses' | 'order' | 'optimizers'> & {
    losses: number[];
    order: number[] | null;
    optimizers: { step: number; slots: Record<string, number[]> }[];
  };
}

/** Writes a saved run as JSON text (typed arrays as arrays of numbers) and reads it back. */
function throughJson(saved: Saved): Saved {
  const text = JSON.stringify(saved, (_key, value: unknown) => (value instanceof Float64Array || value instanceof Uint32Array ? Array.from(value) : value));
  const { parameters, state } = JSON.parse(text) as SavedJson;
  const optimizerState = ({ step, slots }: SavedJson['state']['optimizers'][number]): OptimizerState => ({
    step,
    slots: Object.fromEntries(Object.entries(slots).map(([name, values]) => [name, Float64Array.from(values)])),
  });
  return {
    parameters: Float64Array.from(parameters),
    state: {
      ...state,
      losses: Float64Array.from(state.losses),
      order: state.order ? Uint32Array.from(state.order) : null,
      optimizers: state.optimizers.map(optimizerState),
    },
  };
}

/** The loop fields of a state, for round-tripping a lone optimizer state through throughJson. */
const resumeStub: Omit<FittingState, 'optimizers'> = { epochsDone: 0, stoppedEarly: false, losses: new Float64Array(0), order: null, rng: new Rng(1).getState() };

/**
 * A fresh engine and loop for `epochs` epochs: from the seeded initial parameters, or from a saved
 * run (its parameters, its state) with an Rng of another seed, which the state must overwrite.
 */
function start(setup: Setup, epochs: number, from?: Saved, extra: Partial<FitOptions> = {}): { engine: TrainingEngine; fitting: Fitting } {
  const rng = new Rng(from ? 999 : 7);
  const engine = createEngine(setup.kind, { network, optimizer: setup.optimizer, batchSize: setup.batchSize, rows: ROWS }, setup.tuning ?? { threads: null });
  engine.setParameters(from ? from.parameters : initialParameters(network, rng));
  const fitting = new Fitting(engine, inputs, inputs, { epochs, rng, corrupt: setup.corrupt, resume: from?.state, ...extra });
  return { engine, fitting };
}

function save(run: { engine: TrainingEngine; fitting: Fitting }): Saved {
  return throughJson({ parameters: run.engine.getParameters(), state: run.fitting.state() });
}

/** The losses and final parameters of a run. */
function outcome(run: { engine: TrainingEngine; fitting: Fitting }): { losses: number[]; parameters: number[] } {
  return { losses: Array.from(run.fitting.result().losses), parameters: Array.from(run.engine.getParameters()) };
}

/** Trains EPOCHS epochs in one go. */
function uninterrupted(setup: Setup): { losses: number[]; parameters: number[] } {
  const run = start(setup, EPOCHS);
  run.fitting.run();
  return outcome(run);
}

/** Trains SAVED_AT epochs, saves, resumes on a fresh engine and trains to EPOCHS. */
function resumed(setup: Setup, change: (state: FittingState) => void = () => {}): { losses: number[]; parameters: number[]; saved: Saved } {
  const first = start(setup, EPOCHS);
  expect(first.fitting.run(SAVED_AT)).toBe(SAVED_AT);
  const saved = save(first);
  change(saved.state);
  const second = start(setup, EPOCHS, saved);
  expect(second.fitting.epochsDone).toBe(SAVED_AT);
  expect(second.fitting.run()).toBe(EPOCHS - SAVED_AT);
  expect(second.fitting.finished).toBe(true);
  return { ...outcome(second), saved };
}

const cases = engineKinds.flatMap((kind) =>
  Object.keys(optimizers).flatMap((name) => Object.entries(batchings).map(([batching, batchSize]) => ({ kind, name, batching, batchSize }))),
);

describe('a resumed run ends with the same bits as an uninterrupted one', () => {
  it('covers every optimizer', () => {
    expect(Object.keys(optimizers)).toEqual(optimizerNames);
  });

  it.each(cases)('$kind engine, $name, $batching', ({ kind, name, batchSize }) => {
    const setup: Setup = { kind, optimizer: optimizers[name], batchSize };
    const whole = uninterrupted(setup);
    const { losses, parameters, saved } = resumed(setup);
    expect(losses).toEqual(whole.losses);
    expect(parameters).toEqual(whole.parameters);
    // Not vacuous: training moved the parameters after the save, and the state carried what it should.
    expect(Array.from(saved.parameters)).not.toEqual(whole.parameters);
    expect(saved.state.epochsDone).toBe(SAVED_AT);
    expect(Array.from(saved.state.losses)).toEqual(whole.losses.slice(0, SAVED_AT));
    expect(saved.state.order === null).toBe(batchSize === ROWS);
    const steps = SAVED_AT * Math.ceil(ROWS / batchSize);
    expect(saved.state.optimizers.map((state) => state.step)).toEqual([steps]);
  });

  it.each(engineKinds)('%s engine, adam, shuffled mini-batches, noise drawn from the rng every epoch', (kind) => {
    const setup: Setup = { kind, optimizer: optimizers.adam, batchSize: 4, corrupt: noise };
    const whole = uninterrupted(setup);
    const { losses, parameters } = resumed(setup);
    expect(losses).toEqual(whole.losses);
    expect(parameters).toEqual(whole.parameters);
    // The noise comes from the restored rng: an rng state from elsewhere gives another run.
    const otherRng = resumed(setup, (state) => (state.rng = new Rng(3).getState()));
    expect(otherRng.losses.slice(SAVED_AT)).not.toEqual(whole.losses.slice(SAVED_AT));
  });

  it('wasm engine, blocked kernels split over two threads, momentum, shuffled mini-batches, noise', () => {
    const setup: Setup = { kind: 'wasm', optimizer: optimizers.momentum, batchSize: 4, corrupt: noise, tuning: { kernel: 'blocked', threads: helpers, split: 'always' } };
    const whole = uninterrupted(setup);
    const { losses, parameters } = resumed(setup);
    expect(losses).toEqual(whole.losses);
    expect(parameters).toEqual(whole.parameters);
  });
});

describe('what the state must carry', () => {
  it.each(engineKinds)('the row order (%s engine): a shuffled order is saved, and a run resumed from the identity order differs', (kind) => {
    const setup: Setup = { kind, optimizer: optimizers.adam, batchSize: 4 };
    const whole = uninterrupted(setup);
    const { losses, saved } = resumed(setup);
    const identity = Array.from({ length: ROWS }, (_, i) => i);
    expect(Array.from(saved.state.order!)).not.toEqual(identity);
    expect(Array.from(saved.state.order!).sort((a, b) => a - b)).toEqual(identity);
    expect(losses).toEqual(whole.losses);
    // Each epoch shuffles the last epoch's order in place: starting from 0..n-1 again gives other batches.
    const fromIdentity = resumed(setup, (state) => (state.order = Uint32Array.from(identity)));
    expect(fromIdentity.losses.slice(SAVED_AT)).not.toEqual(whole.losses.slice(SAVED_AT));
  });

  it.each(engineKinds)('the optimizer state (%s engine): a run resumed with a fresh optimizer differs', (kind) => {
    const setup: Setup = { kind, optimizer: optimizers.adam, batchSize: 4 };
    const whole = uninterrupted(setup);
    const fresh = resumed(setup, (state) => (state.optimizers = [start(setup, 1).engine.getOptimizerState()]));
    expect(fresh.losses.slice(SAVED_AT)).not.toEqual(whole.losses.slice(SAVED_AT));
  });
});

describe('extending and stopping', () => {
  it.each(engineKinds)('a finished %s run of 5 epochs, extended to 12, equals a 12-epoch run', (kind) => {
    const setup: Setup = { kind, optimizer: optimizers.rmsprop, batchSize: 4, corrupt: noise };
    const whole = uninterrupted(setup);
    const short = start(setup, SAVED_AT);
    short.fitting.run();
    expect(short.fitting.finished).toBe(true);
    const extended = start(setup, EPOCHS, save(short));
    expect(extended.fitting.finished).toBe(false);
    extended.fitting.run();
    expect(outcome(extended)).toEqual(whole);
    expect(extended.fitting.result().losses.length).toBe(EPOCHS);
  });

  it('refuses fewer epochs than the saved run has done', () => {
    const setup: Setup = { kind: 'reference', optimizer: optimizers.gd, batchSize: 4 };
    const run = start(setup, EPOCHS);
    run.fitting.run(SAVED_AT);
    expect(() => start(setup, 3, save(run))).toThrow(new RangeError('resume.epochsDone is 5, more than the 3 epochs asked for: ask for at least 5'));
    expect(start(setup, SAVED_AT, save(run)).fitting.finished).toBe(true);
  });

  it('a run that stopped early stays finished when resumed, with its losses', () => {
    const setup: Setup = { kind: 'wasm', optimizer: optimizers.adam, batchSize: 4 };
    const run = start(setup, EPOCHS, undefined, { onEpoch: ({ epoch }) => epoch === 3 });
    expect(run.fitting.run()).toBe(3);
    const saved = save(run);
    expect(saved.state.stoppedEarly).toBe(true);
    const again = start(setup, EPOCHS + 5, saved);
    expect(again.fitting.finished).toBe(true);
    expect(again.fitting.run()).toBe(0);
    expect(again.fitting.result()).toEqual({ epochs: 3, losses: saved.state.losses, stoppedEarly: true });
    expect(Array.from(again.engine.getParameters())).toEqual(Array.from(saved.parameters));
  });

  it('state() is a copy', () => {
    const run = start({ kind: 'reference', optimizer: optimizers.momentum, batchSize: 4 }, EPOCHS);
    run.fitting.run(2);
    const state = run.fitting.state();
    const before = throughJson({ parameters: new Float64Array(0), state }).state;
    state.order![0] = 99;
    state.losses[0] = 99;
    state.rng.s[0] = 99;
    state.optimizers[0].slots.velocity[0] = 99;
    expect(run.fitting.state()).toEqual(before);
  });
});

describe('bad saved states are refused, naming the field', () => {
  const setup: Setup = { kind: 'reference', optimizer: optimizers.adam, batchSize: 4 };
  const savedRun = (kind: EngineKind = 'reference', batchSize = 4): Saved => {
    const run = start({ ...setup, kind, batchSize }, EPOCHS);
    run.fitting.run(SAVED_AT);
    return save(run);
  };
  const resumeWith = (change: (state: FittingState) => void, kind: EngineKind = 'reference', batchSize = 4) => () => {
    const saved = savedRun(kind, batchSize);
    change(saved.state);
    start({ ...setup, kind, batchSize }, EPOCHS, saved);
  };

  it('the loop fields', () => {
    expect(resumeWith((s) => (s.epochsDone = 2.5))).toThrow('resume.epochsDone must be a whole number >= 0, got 2.5');
    expect(resumeWith((s) => (s.stoppedEarly = 'no' as never))).toThrow('resume.stoppedEarly must be true or false, got no');
    expect(resumeWith((s) => (s.losses = s.losses.slice(1)))).toThrow('resume.losses must be a Float64Array of 5 losses (one per epoch done), got 4 values');
    expect(resumeWith((s) => (s.losses = Array.from(s.losses) as never))).toThrow('resume.losses must be a Float64Array of 5 losses (one per epoch done), got a plain array of 5');
    expect(resumeWith((s) => (s.order = null))).toThrow('resume.order must be a Uint32Array of 10 row indices, got null');
    expect(resumeWith((s) => (s.order = s.order!.slice(1)))).toThrow('resume.order must be a Uint32Array of 10 row indices, got 9 values');
    expect(resumeWith((s) => (s.order = Uint32Array.of(0, 0, 2, 3, 4, 5, 6, 7, 8, 9)))).toThrow('resume.order must be a permutation of 0..9; order[1] = 0 is out of range or repeated');
    expect(resumeWith((s) => (s.order = Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 10)))).toThrow('order[9] = 10 is out of range or repeated');
    expect(resumeWith((s) => (s.order = Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), 'reference', ROWS)).toThrow('resume.order must be null: batches hold every row, so rows are not shuffled');
  });

  it('the rng', () => {
    expect(resumeWith((s) => (s.rng.s[2] = -1))).toThrow('rng state s[2] must be a uint32 integer, got -1');
    expect(resumeWith((s) => (s.rng.spareNormal = Number.POSITIVE_INFINITY))).toThrow('rng state spareNormal must be a finite number or null, got Infinity');
  });

  it.each(engineKinds)('the optimizer states (%s engine), before anything is restored', (kind) => {
    const count = start({ ...setup, kind }, 1).engine.getParameters().length;
    expect(resumeWith((s) => (s.optimizers = []), kind)).toThrow('an engine trains one network, so it takes 1 optimizer state, got 0');
    expect(resumeWith((s) => s.optimizers.push(s.optimizers[0]), kind)).toThrow('an engine trains one network, so it takes 1 optimizer state, got 2');
    expect(resumeWith((s) => delete s.optimizers[0].slots.v, kind)).toThrow('optimizer state slots must be [m, v], got [m]');
    expect(resumeWith((s) => (s.optimizers[0].slots.v = new Float64Array(count - 1)), kind)).toThrow(`optimizer state slot "v" must hold ${count} values, got ${count - 1}`);
    expect(resumeWith((s) => (s.optimizers[0].step = -1), kind)).toThrow('optimizer state step must be a whole number >= 0, got -1');
    // A refused state leaves the rng as it was: nothing is restored halfway.
    const saved = savedRun(kind);
    saved.state.optimizers[0].step = Number.NaN;
    const rng = new Rng(1);
    const engine = createEngine(kind, { network, optimizer: setup.optimizer, batchSize: 4, rows: ROWS });
    const before = engine.getOptimizerState();
    expect(() => new Fitting(engine, inputs, inputs, { epochs: EPOCHS, rng, resume: saved.state })).toThrow('optimizer state step must be a whole number >= 0, got NaN');
    expect(rng.getState()).toEqual(new Rng(1).getState());
    expect(engine.getOptimizerState()).toEqual(before);
  });
});

describe('engine optimizer state', () => {
  it.each(Object.keys(optimizers))('%s: both tiers name the same slots and count the same steps; the wasm slots hold the float32 values of the reference ones', (name) => {
    const states = engineKinds.map((kind) => {
      const run = start({ kind, optimizer: optimizers[name], batchSize: 4 }, 2);
      run.fitting.run();
      return run.engine.getOptimizerState();
    });
    const [reference, wasm] = states;
    expect(Object.keys(wasm.slots)).toEqual(Object.keys(reference.slots));
    expect(wasm.step).toBe(6);
    expect(reference.step).toBe(6);
    for (const slot of Object.keys(reference.slots)) {
      const scale = Math.max(...reference.slots[slot].map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      const worst = Math.max(...wasm.slots[slot].map((v, i) => Math.abs(v - reference.slots[slot][i])));
      expect(worst / scale).toBeLessThan(1e-4);
    }
  });

  it('the wasm engine gives back exactly the state it was given (float32 values)', () => {
    const setup: Setup = { kind: 'wasm', optimizer: optimizers.adam, batchSize: 4 };
    const trained = start(setup, 3);
    trained.fitting.run();
    const state = trained.engine.getOptimizerState();
    const fresh = start(setup, 1).engine;
    fresh.setOptimizerState(state);
    expect(fresh.getOptimizerState()).toEqual(state);
    // A float64 state is stored rounded to float32.
    const count = state.slots.m.length;
    const precise = { step: 7, slots: { m: Float64Array.from({ length: count }, (_, i) => 0.1 * (i + 1)), v: new Float64Array(count).fill(1 / 3) } };
    fresh.setOptimizerState(precise);
    expect(fresh.getOptimizerState()).toEqual({ step: 7, slots: { m: precise.slots.m.map(Math.fround), v: precise.slots.v.map(Math.fround) } });
  });
});

describe('layer stack optimizer state', () => {
  const stackNetwork: NetworkSpec = { sizes: [4, 6, 3], activations: ['tanh', 'identity'], loss: 'mse', initializer: 'glorot-uniform' };
  const batches = ((rng) => Array.from({ length: 5 }, () => ({
    inputs: Float64Array.from({ length: 3 * 4 }, () => rng.between(-1, 1)),
    delta: Float64Array.from({ length: 3 * 3 }, () => rng.between(-0.3, 0.3)),
  })))(new Rng(8));
  const train = (stack: LayerStack, from: number, to: number) => {
    for (const { inputs: x, delta } of batches.slice(from, to)) {
      stack.forward(x, 3);
      stack.backward(delta);
      stack.step();
    }
  };

  const stackCases = engineKinds.flatMap((kind) => Object.keys(optimizers).map((name) => ({ kind, name })));
  it.each(stackCases)('$kind stack, $name: a fresh stack given the saved parameters and state steps on to the same bits', ({ kind, name }) => {
    const options = { network: stackNetwork, optimizer: optimizers[name], batchSize: 3 };
    const whole = createStack(kind, options, { threads: null });
    whole.setParameters(initialParameters(stackNetwork, new Rng(2)));
    train(whole, 0, 2);
    const saved = throughJson({ parameters: whole.getParameters(), state: { ...resumeStub, optimizers: [whole.getOptimizerState()] } });
    train(whole, 2, 5);
    const resumedStack = createStack(kind, options, { threads: null });
    resumedStack.setParameters(saved.parameters);
    resumedStack.setOptimizerState(saved.state.optimizers[0]);
    expect(resumedStack.getOptimizerState()).toEqual(saved.state.optimizers[0]);
    train(resumedStack, 2, 5);
    expect(Array.from(resumedStack.getParameters())).toEqual(Array.from(whole.getParameters()));
    expect(resumedStack.getOptimizerState()).toEqual(whole.getOptimizerState());
    expect(whole.getOptimizerState().step).toBe(5);
    expect(Array.from(saved.parameters)).not.toEqual(Array.from(whole.getParameters()));
  });

  it.each(engineKinds)('%s stack refuses a state of another optimizer', (kind) => {
    const stack = createStack(kind, { network: stackNetwork, optimizer: optimizers.rmsprop, batchSize: 3 }, { threads: null });
    const count = stack.getParameters().length;
    expect(() => stack.setOptimizerState({ step: 1, slots: { velocity: new Float64Array(count) } })).toThrow('optimizer state slots must be [meanSquare], got [velocity]');
  });
});
