/** How the learning rate changes over training, as named in a JSON spec. */
export type LearningRateSchedule =
  /** The optimizer's rate throughout (the default). */
  | { name: 'constant' }
  /** From the optimizer's rate at the first epoch down to `final` (default 0) at the last, along half a cosine. */
  | { name: 'cosine'; final?: number };

export const learningRateScheduleNames = ['constant', 'cosine'] as const;

/** The learning rate of each epoch (1-based) of a run of `epochs` epochs that starts at `rate`. */
export function learningRateSchedule(schedule: LearningRateSchedule, rate: number, epochs: number): (epoch: number) => number {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`the learning rate must be a positive number, got ${rate}`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
  switch (schedule.name) {
    case 'constant':
      return () => rate;
    case 'cosine': {
      const final = schedule.final ?? 0;
      if (!(final >= 0 && final <= rate)) throw new RangeError(`a cosine schedule's final rate must be in [0, ${rate}], got ${final}`);
      const span = Math.max(1, epochs - 1);
      return (epoch) => final + ((rate - final) * (1 + Math.cos((Math.PI * (epoch - 1)) / span))) / 2;
    }
    default:
      throw new RangeError(`unknown learning-rate schedule "${String((schedule as { name: unknown }).name)}"; valid: ${learningRateScheduleNames.join(', ')}`);
  }
}
