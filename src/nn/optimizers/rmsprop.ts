import { Optimizer } from './optimizer.js';

export interface RmsPropConfig {
  lr: number;
  rho: number;
  epsilon: number;
}

/** RMSProp: a running mean of the squared gradient scales each step: p -= lr * g / (sqrt(meanSquare) + epsilon). */
export class RmsProp extends Optimizer {
  readonly name = 'rmsprop';
  private readonly meanSquare: Float64Array;

  constructor(private readonly config: RmsPropConfig, size: number) {
    const meanSquare = new Float64Array(size);
    super(config.lr, size, { meanSquare });
    this.meanSquare = meanSquare;
  }

  getConfig(): RmsPropConfig {
    return { ...this.config };
  }

  protected update(p: Float64Array, g: Float64Array, lr: number): void {
    const { meanSquare } = this;
    const { rho, epsilon } = this.config;
    for (let i = 0; i < p.length; i++) {
      meanSquare[i] = rho * meanSquare[i] + (1 - rho) * g[i] * g[i];
      p[i] -= (lr * g[i]) / (Math.sqrt(meanSquare[i]) + epsilon);
    }
  }
}
