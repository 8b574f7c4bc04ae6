import { Optimizer } from './optimizer.js';

export interface GradientDescentConfig {
  lr: number;
}

/** Plain gradient descent: p -= lr * g. No slots. */
export class GradientDescent extends Optimizer {
  readonly name = 'gd';

  constructor(private readonly config: GradientDescentConfig, size: number) {
    super(config.lr, size, {});
  }

  getConfig(): GradientDescentConfig {
    return { ...this.config };
  }

  protected update(p: Float64Array, g: Float64Array, lr: number): void {
    for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
  }
}
