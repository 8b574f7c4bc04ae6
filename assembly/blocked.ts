// Dense-layer products for wide layers, blocked as in GotoBLAS / BLIS. A block of B (at most KC x
// NC) is packed into contiguous panels of 8 columns and A into panels of 4 rows, so the inner loop
// streams two buffers without the cache-set conflicts of long power-of-two strides. A thread packs
// A once per product and keeps it for every column chunk it takes of a split product. Each 4 x 8
// output tile is summed in eight f32x4 registers (larger tiles spill V8's registers: see
// bench/wasm-peak.ts) and finished (bias, activation, mask or derivative) in registers after its
// last block. Every output element is summed over k in order, once, by one thread: the arithmetic
// of the small kernels (kernels.ts), so both give the same bits whatever the kernel or thread count.
import { finish, transposeBlock } from './kernels';
import { madd } from './math';

/** Inner-dimension block: a packed 4-row panel of A (KC x 4 floats, 4 KiB) stays in L1 across a row of tiles. */
const KC = 256;
/** Column block: a packed block of B (KC x NC floats, 256 KiB) stays in L2. */
const NC = 256;
/** Row block: A is packed MC rows (128 KiB) at a time, just before their first use. */
const MC = 128;

/**
 * Bytes of one thread's packing buffer (the JS side sizes the buffers with it) for products whose
 * A has at most `floats` floats (padded batch rows times the widest blocked layer): a block of B,
 * then all of A.
 */
export function packBufferBytes(floats: f64): f64 {
  return (<f64>(KC * NC) + floats) * 4; // f64: a huge batch gives a size the JS side refuses, not a wrapped one
}

/** Depth of the k-blocks of an inner size k: at most KC, as even as multiples of 4 allow. */
@inline function blockDepth(k: i32): i32 {
  const blocks = (k + KC - 1) / KC;
  return ((k + blocks - 1) / blocks + 3) & ~3;
}

// How a tile ends: stored as summed, or finished as a forward or backward dense-layer step.
const STORE = 0;
const FORWARD = 1;
const BACKWARD = 2;

/**
 * One 4 x 8 tile: C += A B over kc steps of k (or C = bias + A B, or C = A B, on the first block),
 * from a packed panel of A (4 floats a step) and one of B (8 floats a step). On the last block `end` finishes the tile with `code` and `aux` (the mask, same
 * for every row when auxStride is 0, or the previous layer's outputs).
 */
@inline function tile8(
  aPanel: usize, panel: usize, kc: i32, c: usize, ldc: usize,
  first: bool, bias: usize, end: i32, code: i32, aux: usize, auxStride: usize,
): void {
  let a0: v128, a1: v128, a2: v128, a3: v128, c0: v128, c1: v128, c2: v128, c3: v128;
  if (!first) {
    a0 = v128.load(c); c0 = v128.load(c, 16);
    a1 = v128.load(c + ldc); c1 = v128.load(c + ldc, 16);
    a2 = v128.load(c + 2 * ldc); c2 = v128.load(c + 2 * ldc, 16);
    a3 = v128.load(c + 3 * ldc); c3 = v128.load(c + 3 * ldc, 16);
  } else {
    a0 = bias ? v128.load(bias) : f32x4.splat(0);
    c0 = bias ? v128.load(bias, 16) : f32x4.splat(0);
    a1 = a0; a2 = a0; a3 = a0;
    c1 = c0; c2 = c0; c3 = c0;
  }
  let p = aPanel;
  let b = panel;
  for (let k = 0; k < kc; k++) {
    const w0 = v128.load(b);
    const w1 = v128.load(b, 16);
    const s0 = v128.load32_splat(p);
    const s1 = v128.load32_splat(p, 4);
    const s2 = v128.load32_splat(p, 8);
    const s3 = v128.load32_splat(p, 12);
    a0 = madd(s0, w0, a0);
    c0 = madd(s0, w1, c0);
    a1 = madd(s1, w0, a1);
    c1 = madd(s1, w1, c1);
    a2 = madd(s2, w0, a2);
    c2 = madd(s2, w1, c2);
    a3 = madd(s3, w0, a3);
    c3 = madd(s3, w1, c3);
    p += 16;
    b += 32;
  }
  if (end != STORE) {
    const backward = end == BACKWARD;
    a0 = finish(a0, code, backward, aux);
    c0 = finish(c0, code, backward, aux + 16);
    a1 = finish(a1, code, backward, aux + auxStride);
    c1 = finish(c1, code, backward, aux + auxStride + 16);
    a2 = finish(a2, code, backward, aux + 2 * auxStride);
    c2 = finish(c2, code, backward, aux + 2 * auxStride + 16);
    a3 = finish(a3, code, backward, aux + 3 * auxStride);
    c3 = finish(c3, code, backward, aux + 3 * auxStride + 16);
  }
  v128.store(c, a0); v128.store(c, c0, 16);
  v128.store(c + ldc, a1); v128.store(c + ldc, c1, 16);
  v128.store(c + 2 * ldc, a2); v128.store(c + 2 * ldc, c2, 16);
  v128.store(c + 3 * ldc, a3); v128.store(c + 3 * ldc, c3, 16);
}

/** tile8 for a last panel of 4 columns (4 floats a step). */
@inline function tile4(
  aPanel: usize, panel: usize, kc: i32, c: usize, ldc: usize,
  first: bool, bias: usize, end: i32, code: i32, aux: usize, auxStride: usize,
): void {
  let a0: v128, a1: v128, a2: v128, a3: v128;
  if (!first) {
    a0 = v128.load(c);
    a1 = v128.load(c + ldc);
    a2 = v128.load(c + 2 * ldc);
    a3 = v128.load(c + 3 * ldc);
  } else {
    a0 = bias ? v128.load(bias) : f32x4.splat(0);
    a1 = a0; a2 = a0; a3 = a0;
  }
  let p = aPanel;
  let b = panel;
  for (let k = 0; k < kc; k++) {
    const w0 = v128.load(b);
    a0 = madd(v128.load32_splat(p), w0, a0);
    a1 = madd(v128.load32_splat(p, 4), w0, a1);
    a2 = madd(v128.load32_splat(p, 8), w0, a2);
    a3 = madd(v128.load32_splat(p, 12), w0, a3);
    p += 16;
    b += 16;
  }
  if (end != STORE) {
    const backward = end == BACKWARD;
    a0 = finish(a0, code, backward, aux);
    a1 = finish(a1, code, backward, aux + auxStride);
    a2 = finish(a2, code, backward, aux + 2 * auxStride);
    a3 = finish(a3, code, backward, aux + 3 * auxStride);
  }
  v128.store(c, a0);
  v128.store(c + ldc, a1);
  v128.store(c + 2 * ldc, a2);
  v128.store(c + 3 * ldc, a3);
}

/** Packs kc rows of nc columns of a row-major B (rows `stride` bytes apart) into panels of 8 (the last one 4) columns. */
function packRows(b: usize, stride: usize, pack: usize, kc: i32, nc: i32): void {
  for (let jr = 0; jr < nc; jr += 8) {
    let dst = pack + <usize>jr * <usize>kc * 4;
    let src = b + (<usize>jr << 2);
    if (jr + 8 <= nc) {
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += 32;
        src += stride;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(src));
        dst += 16;
        src += stride;
      }
    }
  }
}

/** packRows for B = W^T, read from W (B's column j is W's row j, `stride` bytes apart); kc a multiple of 4. */
function packTransposed(w: usize, stride: usize, pack: usize, kc: i32, nc: i32): void {
  for (let jr = 0; jr < nc; jr += 8) {
    const dst = pack + <usize>jr * <usize>kc * 4;
    const src = w + <usize>jr * stride;
    if (jr + 8 <= nc) {
      for (let k = 0; k < kc; k += 4) {
        transposeBlock(src + (<usize>k << 2), stride, dst + (<usize>k << 5), 32);
        transposeBlock(src + 4 * stride + (<usize>k << 2), stride, dst + (<usize>k << 5) + 16, 32);
      }
    } else {
      for (let k = 0; k < kc; k += 4) transposeBlock(src + (<usize>k << 2), stride, dst + (<usize>k << 4), 16);
    }
  }
}

/**
 * Packs rows i0.. (mc of them, a multiple of 4) and steps k0.. (kc) of A (A(i, k) at a + i rowStep
 * + k kStep) into panels of 4 rows, 4 floats a step. Either A's rows are contiguous (kStep 4, then
 * kc is a multiple of 4) or its columns are (rowStep 4).
 */
function packPanels(a: usize, rowStep: usize, kStep: usize, pack: usize, mc: i32, kc: i32): void {
  for (let i = 0; i < mc; i += 4) {
    const src = a + <usize>i * rowStep;
    const dst = pack + <usize>i * <usize>kc * 4;
    if (kStep == 4) {
      for (let k = 0; k < kc; k += 4) transposeBlock(src + (<usize>k << 2), rowStep, dst + (<usize>k << 4), 16);
    } else {
      for (let k = 0; k < kc; k++) v128.store(dst + (<usize>k << 4), v128.load(src + <usize>k * kStep));
    }
  }
}

/**
 * Columns j0..j1 (multiples of 4) of C = A B, M rows (a multiple of 4) of ldc bytes, inner size K.
 * A(i, k) is at a + i rowStep + k kStep: either A's rows are contiguous (kStep 4, then K is a
 * multiple of 4) or its columns are (rowStep 4). B(k, j) is at b + k bStride + 4j, or, when
 * `transposed`, at b + j bStride + 4k (then K is a multiple of 4). Tiles start from `bias` (when
 * not 0) and end as `end` says (see tile8). `pack` is this thread's packing buffer: a block of B,
 * then all of A, packed k-block by k-block (m x kc floats each, panels of 4 rows), each MC-row part
 * just before its first use (then still in L2); when `packed`, this thread already packed A for an
 * earlier chunk of the same product.
 */
function product(
  a: usize, rowStep: usize, kStep: usize, packed: bool, b: usize, bStride: usize, transposed: bool, c: usize, ldc: usize,
  m: i32, k: i32, j0: i32, j1: i32, bias: usize, end: i32, code: i32, aux: usize, auxStride: usize, pack: usize,
): void {
  const depth = blockDepth(k);
  const packA = pack + KC * NC * 4;
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += depth) {
      const kc = min(depth, k - pc);
      if (transposed) packTransposed(b + <usize>jc * bStride + (<usize>pc << 2), bStride, pack, kc, nc);
      else packRows(b + <usize>pc * bStride + (<usize>jc << 2), bStride, pack, kc, nc);
      const first = pc == 0;
      const tileEnd = pc + kc == k ? end : STORE;
      const aBlock = packA + <usize>m * <usize>pc * 4;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        if (!packed && jc == j0) packPanels(a + <usize>ic * rowStep + <usize>pc * kStep, rowStep, kStep, aBlock + <usize>ic * <usize>kc * 4, mc, kc);
        for (let ir = ic; ir < ic + mc; ir += 4) {
          const aPanel = aBlock + <usize>ir * <usize>kc * 4;
          const cRows = c + <usize>ir * ldc;
          const auxRows = aux + <usize>ir * auxStride;
          for (let jr = 0; jr < nc; jr += 8) {
            const column = <usize>(jc + jr) << 2;
            const panel = pack + <usize>jr * <usize>kc * 4;
            const biasAt = bias ? bias + column : 0;
            if (jr + 8 <= nc) {
              tile8(aPanel, panel, kc, cRows + column, ldc, first, biasAt, tileEnd, code, auxRows + column, auxStride);
            } else {
              tile4(aPanel, panel, kc, cRows + column, ldc, first, biasAt, tileEnd, code, auxRows + column, auxStride);
            }
          }
        }
      }
    }
  }
}

// A thread that takes several column chunks of one product passes `packed` true after its first:
// its packing buffer then holds A.

/** Columns j0..j1 of Y = act(X W + b) * mask: X rowsP x inP, W inP x outP. */
export function blockedForward(
  x: usize, w: usize, bias: usize, y: usize, mask: usize, rowsP: i32, inP: i32, outP: i32, code: i32, j0: i32, j1: i32, pack: usize, packed: bool,
): void {
  const xStride = <usize>inP << 2;
  const yStride = <usize>outP << 2;
  product(x, xStride, 4, packed, w, yStride, false, y, yStride, rowsP, inP, j0, j1, bias, FORWARD, code, mask, 0, pack);
}

/**
 * Columns j0..j1 of dX = (dZ W^T) * act'(Y_prev), read straight from W (inP x outP): dZ rowsP x
 * outP, dX and Y_prev rowsP x inP. With `derivative` false, dX = dZ W^T (the input gradient).
 */
export function blockedInputDelta(
  dz: usize, w: usize, dx: usize, yPrev: usize, rowsP: i32, inP: i32, outP: i32, code: i32, derivative: bool, j0: i32, j1: i32, pack: usize, packed: bool,
): void {
  const dzStride = <usize>outP << 2;
  const dxStride = <usize>inP << 2;
  product(dz, dzStride, 4, packed, w, dzStride, true, dx, dxStride, rowsP, outP, j0, j1, 0, derivative ? BACKWARD : STORE, code, yPrev, dxStride, pack);
}

/** Columns j0..j1 of dW = X^T dZ (inP x outP) over the first `count` rows: X rows x inP, dZ rows x outP. */
export function blockedWeightGradients(x: usize, dz: usize, gw: usize, count: i32, inP: i32, outP: i32, j0: i32, j1: i32, pack: usize, packed: bool): void {
  const gStride = <usize>outP << 2;
  product(x, 4, <usize>inP << 2, packed, dz, gStride, false, gw, gStride, inP, count, j0, j1, 0, STORE, 0, 0, 0, pack);
}
