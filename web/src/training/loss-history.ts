/**
 * The loss of every epoch of a run, appended as reports arrive: a buffer that doubles when full
 * (a run can last millions of epochs), with its range kept up to date for the chart's axis.
 */
export class LossHistory {
  private values = new Float64Array(1024);
  count = 0;
  /** Smallest and largest positive finite loss so far (the chart's scale is logarithmic). */
  low = Infinity;
  high = -Infinity;

  /** A history holding `losses` (e.g. a saved run's). */
  static of(losses: ArrayLike<number>): LossHistory {
    const history = new LossHistory();
    history.append(losses);
    return history;
  }

  append(losses: ArrayLike<number>): void {
    if (this.count + losses.length > this.values.length) {
      const grown = new Float64Array(Math.max(this.values.length * 2, this.count + losses.length));
      grown.set(this.values.subarray(0, this.count));
      this.values = grown;
    }
    for (let i = 0; i < losses.length; i++) {
      const loss = losses[i];
      this.values[this.count++] = loss;
      if (loss > 0 && loss < Infinity) {
        this.low = Math.min(this.low, loss);
        this.high = Math.max(this.high, loss);
      }
    }
  }

  /** The loss of epoch i + 1. */
  at(i: number): number {
    return this.values[i];
  }

  get first(): number | undefined {
    return this.count > 0 ? this.values[0] : undefined;
  }

  get last(): number | undefined {
    return this.count > 0 ? this.values[this.count - 1] : undefined;
  }
}
