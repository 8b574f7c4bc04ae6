import { Optimizer } from './optimizer.js';

export interface AdamConfig {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * Adam: running means of the gradient (m) and of its square (v), bias-corrected by the step
 * number t: p -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon).
 */
export class Adam extends Optimizer {
  readonly name = 'adam';
  private readonly m: Float64Array;
  private readonly v: Float64Array;

  constructor(private readonly config: AdamConfig, size: number) {
    const m = new Float64Array(size);
    const v = new Float64Array(size);
    super(config.lr, size, { m, v });
    this.m = m;
    this.v = v;
  }

  getConfig(): AdamConfig {
    return { ...this.config };
  }

  protected update(p: Float64Array, g: Float64Array, lr: number, t: number): void {
    const { m, v } = this;
    const { beta1, beta2, epsilon } = this.config;
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    for (let i = 0; i < p.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
    }
  }
}
