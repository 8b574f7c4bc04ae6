// Dense-layer kernels on zero-padded row-major f32 buffers: every width is a multiple of 4 and
// row blocks are 4 rows, so each inner step is f32x4 loads and broadcast multiply-adds.
import { activate4, derivative4 } from './activations';
import { madd } from './math';

/** The end of a dense-layer product: forward, act(acc) times the mask at `aux`; backward, acc times act'(the outputs at `aux`). */
@inline export function finish(acc: v128, code: i32, backward: bool, aux: usize): v128 {
  return backward ? f32x4.mul(acc, derivative4(v128.load(aux), code)) : f32x4.mul(activate4(acc, code), v128.load(aux));
}

/**
 * out = X M for rowsP rows (a multiple of 4), X rowsP x inner, M inner x width, finished per
 * 4 x 4 tile; columns go 8 at a time while they last, so each broadcast feeds two multiplies.
 * Forward (backward false): out = act(X W + b) * mask, `aux` the mask and `bias` the biases.
 * Backward (backward true): dX = (dZ WT) * act'(Y_prev) with WT the transposed weights, `aux`
 * Y_prev (rowsP x width) and no bias (0): the transposed copy WT lets the backward pass reuse this kernel.
 */
export function multiplyRows(
  x: usize, m: usize, bias: usize, out: usize, aux: usize, rowsP: i32, inner: i32, width: i32, code: i32, backward: bool,
): void {
  const xStride = <usize>inner << 2;
  const stride = <usize>width << 2;
  const auxStride = backward ? stride : 0;
  for (let i = 0; i < rowsP; i += 4) {
    const x0 = x + <usize>i * xStride;
    const out0 = out + <usize>i * stride;
    const aux0 = aux + <usize>i * auxStride;
    let j = 0;
    for (; j + 8 <= width; j += 8) {
      const column = <usize>j << 2;
      const b0 = bias ? v128.load(bias + column) : f32x4.splat(0);
      const b1 = bias ? v128.load(bias + column, 16) : f32x4.splat(0);
      let a0 = b0, a1 = b0, a2 = b0, a3 = b0;
      let c0 = b1, c1 = b1, c2 = b1, c3 = b1;
      let mp = m + column;
      let xp = x0;
      for (let k = 0; k < inner; k++) {
        const w0 = v128.load(mp);
        const w1 = v128.load(mp, 16);
        const s0 = v128.load32_splat(xp);
        const s1 = v128.load32_splat(xp + xStride);
        const s2 = v128.load32_splat(xp + 2 * xStride);
        const s3 = v128.load32_splat(xp + 3 * xStride);
        a0 = madd(s0, w0, a0);
        a1 = madd(s1, w0, a1);
        a2 = madd(s2, w0, a2);
        a3 = madd(s3, w0, a3);
        c0 = madd(s0, w1, c0);
        c1 = madd(s1, w1, c1);
        c2 = madd(s2, w1, c2);
        c3 = madd(s3, w1, c3);
        mp += stride;
        xp += 4;
      }
      const op = out0 + column;
      const ap = aux0 + column;
      v128.store(op, finish(a0, code, backward, ap));
      v128.store(op + stride, finish(a1, code, backward, ap + auxStride));
      v128.store(op + 2 * stride, finish(a2, code, backward, ap + 2 * auxStride));
      v128.store(op + 3 * stride, finish(a3, code, backward, ap + 3 * auxStride));
      v128.store(op + 16, finish(c0, code, backward, ap + 16));
      v128.store(op + stride + 16, finish(c1, code, backward, ap + auxStride + 16));
      v128.store(op + 2 * stride + 16, finish(c2, code, backward, ap + 2 * auxStride + 16));
      v128.store(op + 3 * stride + 16, finish(c3, code, backward, ap + 3 * auxStride + 16));
    }
    if (j < width) {
      const column = <usize>j << 2;
      const b0 = bias ? v128.load(bias + column) : f32x4.splat(0);
      let a0 = b0, a1 = b0, a2 = b0, a3 = b0;
      let mp = m + column;
      let xp = x0;
      for (let k = 0; k < inner; k++) {
        const w0 = v128.load(mp);
        a0 = madd(v128.load32_splat(xp), w0, a0);
        a1 = madd(v128.load32_splat(xp + xStride), w0, a1);
        a2 = madd(v128.load32_splat(xp + 2 * xStride), w0, a2);
        a3 = madd(v128.load32_splat(xp + 3 * xStride), w0, a3);
        mp += stride;
        xp += 4;
      }
      const op = out0 + column;
      const ap = aux0 + column;
      v128.store(op, finish(a0, code, backward, ap));
      v128.store(op + stride, finish(a1, code, backward, ap + auxStride));
      v128.store(op + 2 * stride, finish(a2, code, backward, ap + 2 * auxStride));
      v128.store(op + 3 * stride, finish(a3, code, backward, ap + 3 * auxStride));
    }
  }
}

/** dW = X^T dZ (inP x outP) and db = column sums of dZ, over the first `count` rows; columns 8 at a time while they last. */
export function weightGradients(x: usize, dz: usize, gw: usize, gb: usize, count: i32, inP: i32, outP: i32): void {
  const xStride = <usize>inP << 2;
  const dzStride = <usize>outP << 2;
  for (let k = 0; k < inP; k += 4) {
    const g0 = gw + <usize>k * dzStride;
    let j = 0;
    for (; j + 8 <= outP; j += 8) {
      const column = <usize>j << 2;
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, c0 = a0, c1 = a0, c2 = a0, c3 = a0;
      let xp = x + (<usize>k << 2);
      let dp = dz + column;
      for (let i = 0; i < count; i++) {
        const d0 = v128.load(dp);
        const d1 = v128.load(dp, 16);
        const s0 = v128.load32_splat(xp);
        const s1 = v128.load32_splat(xp, 4);
        const s2 = v128.load32_splat(xp, 8);
        const s3 = v128.load32_splat(xp, 12);
        a0 = madd(s0, d0, a0);
        a1 = madd(s1, d0, a1);
        a2 = madd(s2, d0, a2);
        a3 = madd(s3, d0, a3);
        c0 = madd(s0, d1, c0);
        c1 = madd(s1, d1, c1);
        c2 = madd(s2, d1, c2);
        c3 = madd(s3, d1, c3);
        xp += xStride;
        dp += dzStride;
      }
      const gp = g0 + column;
      v128.store(gp, a0);
      v128.store(gp + dzStride, a1);
      v128.store(gp + 2 * dzStride, a2);
      v128.store(gp + 3 * dzStride, a3);
      v128.store(gp, c0, 16);
      v128.store(gp + dzStride, c1, 16);
      v128.store(gp + 2 * dzStride, c2, 16);
      v128.store(gp + 3 * dzStride, c3, 16);
    }
    if (j < outP) {
      const column = <usize>j << 2;
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let xp = x + (<usize>k << 2);
      let dp = dz + column;
      for (let i = 0; i < count; i++) {
        const d = v128.load(dp);
        a0 = madd(v128.load32_splat(xp), d, a0);
        a1 = madd(v128.load32_splat(xp, 4), d, a1);
        a2 = madd(v128.load32_splat(xp, 8), d, a2);
        a3 = madd(v128.load32_splat(xp, 12), d, a3);
        xp += xStride;
        dp += dzStride;
      }
      const gp = g0 + column;
      v128.store(gp, a0);
      v128.store(gp + dzStride, a1);
      v128.store(gp + 2 * dzStride, a2);
      v128.store(gp + 3 * dzStride, a3);
    }
  }
  biasGradients(dz, gb, count, outP, 0, outP);
}

/** db = column sums of dZ (count rows, outP wide) for columns j0..j1 (multiples of 4), row by row in order. */
export function biasGradients(dz: usize, gb: usize, count: i32, outP: i32, j0: i32, j1: i32): void {
  const dzStride = <usize>outP << 2;
  for (let j = j0; j < j1; j += 4) {
    const column = <usize>j << 2;
    let sum = f32x4.splat(0);
    let dp = dz + column;
    for (let i = 0; i < count; i++) {
      sum = f32x4.add(sum, v128.load(dp));
      dp += dzStride;
    }
    v128.store(gb + column, sum);
  }
}

/** Stores the transpose of the 4 x 4 block at `src` (rows srcStride bytes apart) as 4 rows at `dst`, dstStride bytes apart. */
@inline export function transposeBlock(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + srcStride);
  const r2 = v128.load(src + 2 * srcStride);
  const r3 = v128.load(src + 3 * srcStride);
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + dstStride, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/** WT (outP x inP) = W^T (W is inP x outP), in 4x4 blocks. */
export function transpose(w: usize, wt: usize, inP: i32, outP: i32): void {
  const wStride = <usize>outP << 2;
  const tStride = <usize>inP << 2;
  for (let k = 0; k < inP; k += 4) {
    for (let j = 0; j < outP; j += 4) {
      transposeBlock(w + <usize>k * wStride + (<usize>j << 2), wStride, wt + <usize>j * tStride + (<usize>k << 2), tStride);
    }
  }
}
