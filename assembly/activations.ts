import { LEAKY_RELU, RELU, SIGMOID, TANH } from './plan';
import { sigmoid4, tanh4 } from './math';

const LEAKY_SLOPE: f32 = 0.01;

@inline export function activate4(z: v128, code: i32): v128 {
  switch (code) {
    case TANH: return tanh4(z);
    case SIGMOID: return sigmoid4(z);
    case RELU: return f32x4.pmax(z, f32x4.splat(0));
    case LEAKY_RELU: return v128.bitselect(z, f32x4.mul(z, f32x4.splat(LEAKY_SLOPE)), f32x4.gt(z, f32x4.splat(0)));
    default: return z;
  }
}

/** The activation's derivative written in terms of its output y. */
@inline export function derivative4(y: v128, code: i32): v128 {
  const one = f32x4.splat(1.0);
  switch (code) {
    case TANH: return f32x4.sub(one, f32x4.mul(y, y));
    case SIGMOID: return f32x4.mul(y, f32x4.sub(one, y));
    case RELU: return v128.and(f32x4.gt(y, f32x4.splat(0)), one);
    case LEAKY_RELU: return v128.bitselect(one, f32x4.splat(LEAKY_SLOPE), f32x4.gt(y, f32x4.splat(0)));
    default: return one;
  }
}
