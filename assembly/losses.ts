import { activate4, derivative4 } from './activations';
import { exp4, log1pUnit4, sigmoid4 } from './math';
import { BCE } from './plan';

@inline function laneSum(v: v128): f64 {
  return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
}

/**
 * For batch rows begin..end: each row's summed loss from the output logits Z into rowLosses (f64),
 * and delta = dLoss/dZ times `scale` (1 / the elements or rows the loss is averaged over).
 * Padded columns (mask 0) get zero loss and zero delta.
 */
export function lossAndDelta(
  z: usize, targets: usize, order: usize, delta: usize, mask: usize, rowLosses: usize,
  begin: i32, end: i32, outP: i32, act: i32, lossCode: i32, scaleValue: f64,
): void {
  const stride = <usize>outP << 2;
  const scale = f32x4.splat(<f32>scaleValue);
  if (lossCode == BCE) {
    // max(z, 0) - t z + log(1 + e^-|z|), from logits; dLoss/dz = sigmoid(z) - t.
    for (let i = begin; i < end; i++) {
      const zRow = z + <usize>i * stride;
      const tRow = targets + <usize>load<u32>(order + (<usize>i << 2)) * stride;
      const dRow = delta + <usize>i * stride;
      let rowLoss = f32x4.splat(0);
      for (let j: usize = 0; j < stride; j += 16) {
        const zv = v128.load(zRow + j);
        const t = v128.load(tRow + j);
        const m = v128.load(mask + j);
        const softplus = log1pUnit4(exp4(f32x4.neg(f32x4.abs(zv))));
        const value = f32x4.add(f32x4.sub(f32x4.pmax(zv, f32x4.splat(0)), f32x4.mul(t, zv)), softplus);
        rowLoss = f32x4.add(rowLoss, f32x4.mul(value, m));
        v128.store(dRow + j, f32x4.mul(f32x4.mul(f32x4.sub(sigmoid4(zv), t), m), scale));
      }
      store<f64>(rowLosses + (<usize>i << 3), laneSum(rowLoss));
    }
  } else {
    // (y - t)^2 with y = act(z); dLoss/dz = 2 (y - t) act'(y).
    const twiceScale = f32x4.add(scale, scale);
    for (let i = begin; i < end; i++) {
      const zRow = z + <usize>i * stride;
      const tRow = targets + <usize>load<u32>(order + (<usize>i << 2)) * stride;
      const dRow = delta + <usize>i * stride;
      let rowLoss = f32x4.splat(0);
      for (let j: usize = 0; j < stride; j += 16) {
        const y = f32x4.mul(activate4(v128.load(zRow + j), act), v128.load(mask + j));
        const d = f32x4.sub(y, v128.load(tRow + j));
        rowLoss = f32x4.add(rowLoss, f32x4.mul(d, d));
        v128.store(dRow + j, f32x4.mul(f32x4.mul(d, derivative4(y, act)), twiceScale));
      }
      store<f64>(rowLosses + (<usize>i << 3), laneSum(rowLoss));
    }
  }
}
