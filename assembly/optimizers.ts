// One optimizer step over a range of the flat padded parameter buffer, one f32x4 loop each, with
// the formulas of src/nn/optimizers.ts. Padding has zero gradient, so it stays exactly zero.
// Gradients and the state are flushed to zero below float32's normal range: saturated units let
// Adam's moments decay into subnormals, which made a step some 20x slower.
import { flushSubnormals } from './math';
import { ADAM, EPSILON, GD, GRADS, HYPER1, HYPER2, LEARNING_RATE, MOMENTUM, OPTIMIZER, PARAMS, STATE1, STATE2, field, pointer } from './plan';

/** Updates parameter floats begin..end (multiples of 4); `t` is the step's number (Adam's bias correction). */
export function optimizerStep(plan: usize, begin: i32, end: i32, t: f64): void {
  const first = pointer(plan, PARAMS) + (<usize>begin << 2);
  const last = pointer(plan, PARAMS) + (<usize>end << 2);
  const offset = pointer(plan, GRADS) - pointer(plan, PARAMS);
  const s1 = pointer(plan, STATE1) - pointer(plan, PARAMS);
  const s2 = pointer(plan, STATE2) - pointer(plan, PARAMS);
  const lrValue = load<f64>(plan + LEARNING_RATE);
  const h1 = load<f64>(plan + HYPER1);
  const eps = f32x4.splat(<f32>load<f64>(plan + EPSILON));
  const code = field(plan, OPTIMIZER);
  const lr = f32x4.splat(<f32>lrValue);
  if (code == GD) {
    for (let p = first; p < last; p += 16) {
      v128.store(p, f32x4.sub(v128.load(p), f32x4.mul(lr, flushSubnormals(v128.load(p + offset)))));
    }
  } else if (code == MOMENTUM) {
    const mu = f32x4.splat(<f32>h1);
    for (let p = first; p < last; p += 16) {
      const velocity = flushSubnormals(f32x4.sub(f32x4.mul(mu, v128.load(p + s1)), f32x4.mul(lr, flushSubnormals(v128.load(p + offset)))));
      v128.store(p + s1, velocity);
      v128.store(p, f32x4.add(v128.load(p), velocity));
    }
  } else if (code == ADAM) {
    const h2 = load<f64>(plan + HYPER2);
    const stepSize = f32x4.splat(<f32>(lrValue / (1 - Math.pow(h1, t))));
    const inverseC2 = f32x4.splat(<f32>(1 / (1 - Math.pow(h2, t))));
    const b1 = f32x4.splat(<f32>h1);
    const b2 = f32x4.splat(<f32>h2);
    const a1 = f32x4.splat(<f32>(1 - h1));
    const a2 = f32x4.splat(<f32>(1 - h2));
    for (let p = first; p < last; p += 16) {
      const g = flushSubnormals(v128.load(p + offset));
      const m = flushSubnormals(f32x4.add(f32x4.mul(b1, v128.load(p + s1)), f32x4.mul(a1, g)));
      const v = flushSubnormals(f32x4.add(f32x4.mul(b2, v128.load(p + s2)), f32x4.mul(a2, f32x4.mul(g, g))));
      v128.store(p + s1, m);
      v128.store(p + s2, v);
      const denominator = f32x4.add(f32x4.sqrt(f32x4.mul(v, inverseC2)), eps);
      v128.store(p, f32x4.sub(v128.load(p), f32x4.div(f32x4.mul(stepSize, m), denominator)));
    }
  } else {
    const rho = f32x4.splat(<f32>h1);
    const a = f32x4.splat(<f32>(1 - h1));
    for (let p = first; p < last; p += 16) {
      const g = flushSubnormals(v128.load(p + offset));
      const ms = flushSubnormals(f32x4.add(f32x4.mul(rho, v128.load(p + s1)), f32x4.mul(a, f32x4.mul(g, g))));
      v128.store(p + s1, ms);
      v128.store(p, f32x4.sub(v128.load(p), f32x4.div(f32x4.mul(lr, g), f32x4.add(f32x4.sqrt(ms), eps))));
    }
  }
}
