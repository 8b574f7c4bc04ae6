/** An optimizer's state: its step count and its per-parameter slots (flat, in the parameters' layout), by slot name. */
export interface OptimizerState {
  step: number;
  slots: Record<string, Float64Array>;
}

/**
 * A reference (float64) optimizer: updates a flat parameter vector in place from its gradient.
 * Each one has a name, a config (its hyper-parameters) and a state that can be saved and restored
 * (getState/setState), so training resumes exactly where it stopped.
 */
export abstract class Optimizer {
  abstract readonly name: string;
  /** The rate of the next steps (a schedule may change it between epochs). */
  learningRate: number;
  /** Steps taken (Adam's t). */
  private steps = 0;

  /** `slots`: the per-parameter state arrays, each `size` long, by slot name. */
  protected constructor(
    learningRate: number,
    private readonly size: number,
    private readonly slots: Readonly<Record<string, Float64Array>>,
  ) {
    this.learningRate = learningRate;
  }

  /** A copy of the hyper-parameters (the initial learning rate included). */
  abstract getConfig(): { lr: number };

  /** One step: counts it, then updates the parameters and the slots. */
  step(params: Float64Array, grads: Float64Array): void {
    this.steps++;
    this.update(params, grads, this.learningRate, this.steps);
  }

  /** The update of step number `t` (1-based). */
  protected abstract update(params: Float64Array, grads: Float64Array, lr: number, t: number): void;

  /** A copy of the state. */
  getState(): OptimizerState {
    const slots: Record<string, Float64Array> = {};
    for (const [name, values] of Object.entries(this.slots)) slots[name] = values.slice();
    return { step: this.steps, slots };
  }

  /** Restores a state of getState's form; checks it first (slot names, lengths, step). */
  setState(state: OptimizerState): void {
    checkOptimizerState(state, Object.keys(this.slots), this.size);
    for (const [name, values] of Object.entries(this.slots)) values.set(state.slots[name]);
    this.steps = state.step;
  }
}

/**
 * Checks a state for an optimizer with the given slots over `size` parameters: a whole step count,
 * exactly those slots, each a Float64Array of `size` finite numbers. Errors name the bad field.
 */
export function checkOptimizerState(state: OptimizerState, slotNames: readonly string[], size: number): void {
  if (typeof state !== 'object' || state === null) throw new RangeError(`optimizer state must be an object with step and slots, got ${state}`);
  if (!Number.isSafeInteger(state.step) || state.step < 0) {
    throw new RangeError(`optimizer state step must be a whole number >= 0, got ${state.step}`);
  }
  const { slots } = state;
  if (typeof slots !== 'object' || slots === null) throw new RangeError(`optimizer state slots must be an object, got ${slots}`);
  const names = Object.keys(slots);
  if (names.length !== slotNames.length || !slotNames.every((name) => names.includes(name))) {
    throw new RangeError(`optimizer state slots must be [${slotNames.join(', ')}], got [${names.join(', ')}]`);
  }
  for (const name of slotNames) {
    const values = slots[name];
    if (!(values instanceof Float64Array)) throw new RangeError(`optimizer state slot "${name}" must be a Float64Array`);
    if (values.length !== size) throw new RangeError(`optimizer state slot "${name}" must hold ${size} values, got ${values.length}`);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new RangeError(`optimizer state slot "${name}"[${bad}] must be a finite number, got ${values[bad]}`);
  }
}
