import { Optimizer } from './optimizer.js';

export interface MomentumConfig {
  lr: number;
  momentum: number;
}

/** Gradient descent with momentum: velocity = momentum * velocity - lr * g; p += velocity. */
export class Momentum extends Optimizer {
  readonly name = 'momentum';
  private readonly velocity: Float64Array;

  constructor(private readonly config: MomentumConfig, size: number) {
    const velocity = new Float64Array(size);
    super(config.lr, size, { velocity });
    this.velocity = velocity;
  }

  getConfig(): MomentumConfig {
    return { ...this.config };
  }

  protected update(p: Float64Array, g: Float64Array, lr: number): void {
    const { velocity } = this;
    const { momentum } = this.config;
    for (let i = 0; i < p.length; i++) {
      velocity[i] = momentum * velocity[i] - lr * g[i];
      p[i] += velocity[i];
    }
  }
}
