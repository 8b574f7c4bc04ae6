import { Matrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { hammingDistance } from './latent-walk.js';
import { nearestGlyphs } from './nearest-glyph.js';
import { binarize } from './pixels.js';

/**
 * Glyphs a decoder invents: points of the latent space whose decoded, binarized image is at least a
 * few pixels away from every training glyph. The study found two by walking lines between codes
 * ("feg", "ble"); a dense scan of the plane finds them all. A decoder draws thousands of distinct
 * images over its plane, most of them blots between glyphs, so each is judged by how glyph-like it
 * is. Pure: the caller decodes.
 */

export interface NewGlyph {
  /** Where to show it: the point of its region whose least decided pixel is furthest from the threshold. */
  code: number[];
  /** The binarized image, 0 or 1 per pixel. */
  pixels: number[];
  /** Pixels that differ from the nearest training glyph, and that glyph's row (ties broken by a fixed seed). */
  pixelDistance: number;
  nearestGlyph: number;
  /** Euclidean distance from `code` to the nearest training glyph's code. */
  latentDistance: number;
  /** How many scanned points decode to this image: a larger region is a steadier glyph. */
  area: number;
  /** On pixels, and connected groups of them (8-neighbour strokes). */
  onPixels: number;
  strokes: number;
  /**
   * Looks like a glyph: pixel count and strokes within the range of the training glyphs', and its
   * code within the typical spacing of the training codes (the median distance from a code to its
   * nearest neighbour) of some glyph's code.
   */
  plausible: boolean;
}

export interface NewGlyphOptions {
  /** Image size in pixels (rows of the images are `width` x `height`, row by row). */
  width: number;
  height: number;
  /** Keep images at least this many pixels away from every training glyph (default 3). */
  minDistance?: number;
  /** Binarization threshold (default 0.5, as everywhere in latentlab). */
  threshold?: number;
}

/**
 * A steps x steps grid of 2-D points over the bounding box of `codes`, widened by `margin` times its
 * size on every side; rows run from the lowest y, x varying fastest.
 */
export function latentGrid(codes: Matrix, steps: number, margin = 0.1): Matrix {
  if (codes.cols !== 2) throw new RangeError(`a latent grid needs 2-D codes, got ${codes.cols}-D`);
  if (codes.rows < 1) throw new RangeError('a latent grid needs at least one code');
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`steps must be an integer of at least 2, got ${steps}`);
  const low = [Infinity, Infinity];
  const high = [-Infinity, -Infinity];
  for (let r = 0; r < codes.rows; r++) {
    for (let d = 0; d < 2; d++) {
      low[d] = Math.min(low[d], codes.get(r, d));
      high[d] = Math.max(high[d], codes.get(r, d));
    }
  }
  const start = low.map((l, d) => l - margin * (high[d] - l || 1));
  const end = high.map((h, d) => h + margin * (h - low[d] || 1));
  const grid = new Matrix(steps * steps, 2);
  for (let j = 0; j < steps; j++) {
    for (let i = 0; i < steps; i++) {
      grid.set(j * steps + i, 0, start[0] + ((end[0] - start[0]) * i) / (steps - 1));
      grid.set(j * steps + i, 1, start[1] + ((end[1] - start[1]) * j) / (steps - 1));
    }
  }
  return grid;
}

/**
 * The new glyphs among decoded points (row k of `decoded` is the decoder's output at row k of
 * `points`): binarized, deduplicated, kept when at least minDistance pixels from every row of
 * `glyphs` (whose codes are `glyphCodes`), ranked: plausible ones first, largest region first
 * (steadiest); then the others, nearest to the data first.
 */
export function findNewGlyphs(points: Matrix, decoded: Matrix, glyphs: Matrix, glyphCodes: Matrix, options: NewGlyphOptions): NewGlyph[] {
  const { width, height, minDistance = 3, threshold = 0.5 } = options;
  if (width * height !== glyphs.cols) throw new RangeError(`images of ${width}x${height} pixels do not match glyphs of ${glyphs.cols} pixels`);
  if (points.rows !== decoded.rows) throw new RangeError(`${points.rows} points but ${decoded.rows} decoded images`);
  if (decoded.cols !== glyphs.cols) throw new RangeError(`decoded images have ${decoded.cols} pixels, glyphs ${glyphs.cols}`);
  if (glyphCodes.rows !== glyphs.rows || glyphCodes.cols !== points.cols) {
    throw new RangeError(`need one ${points.cols}-D code per glyph, got ${glyphCodes.rows}x${glyphCodes.cols} for ${glyphs.rows} glyphs`);
  }
  const binaryGlyphs = binarize(glyphs, threshold);
  const glyphBits = binaryGlyphs.toRows();
  const onRange = range(glyphBits.map((bits) => bits.reduce((a: number, b) => a + b, 0)));
  const strokeRange = range(glyphBits.map((bits) => strokeCount(bits, width, height)));
  const spacing = codeSpacing(glyphCodes);

  const regions = new Map<string, { pixels: number[]; point: number; margin: number; area: number }>();
  for (let p = 0; p < decoded.rows; p++) {
    const values = decoded.row(p);
    const pixels = Array.from(values, (v) => (v >= threshold ? 1 : 0));
    const margin = Math.min(...Array.from(values, (v) => Math.abs(v - threshold)));
    const key = pixels.join('');
    const region = regions.get(key);
    if (!region) regions.set(key, { pixels, point: p, margin, area: 1 });
    else {
      region.area++;
      if (margin > region.margin) Object.assign(region, { point: p, margin });
    }
  }

  const candidates = [...regions.values()];
  if (candidates.length === 0) return [];
  // Squared distance between 0/1 images is the number of differing pixels; nearestGlyphs draws from its rng only on ties.
  const nearest = nearestGlyphs(Matrix.fromRows(candidates.map((c) => c.pixels)), binaryGlyphs, new Rng(0));
  const found: NewGlyph[] = [];
  candidates.forEach(({ pixels, point, area }, k) => {
    const pixelDistance = nearest.distance[k];
    if (pixelDistance < minDistance) return;
    const code = Array.from(points.row(point));
    const latentDistance = Math.min(...Array.from({ length: glyphCodes.rows }, (_, g) => Math.hypot(...code.map((c, d) => c - glyphCodes.get(g, d)))));
    const onPixels = pixels.reduce((a, b) => a + b, 0);
    const strokes = strokeCount(pixels, width, height);
    const plausible = within(onPixels, onRange) && within(strokes, strokeRange) && latentDistance <= spacing;
    found.push({ code, pixels, pixelDistance, nearestGlyph: nearest.index[k], latentDistance, area, onPixels, strokes, plausible });
  });
  return found.sort((a, b) =>
    a.plausible !== b.plausible ? Number(b.plausible) - Number(a.plausible) : a.plausible ? b.area - a.area || a.latentDistance - b.latentDistance : a.latentDistance - b.latentDistance,
  );
}

/** The scan's defaults (`latentlab glyphs` and the explorer's "Find new glyphs"): points per side, and pixels from every glyph. */
export const NEW_GLYPH_GRID = 101;
export const NEW_GLYPH_MIN_DISTANCE = 3;

/** What a scan of a model's plane starts from: its training glyphs, their codes and the model's reconstructions of them. */
export interface ScanStart {
  glyphs: Matrix;
  codes: Matrix;
  reconstructions: Matrix;
  width: number;
  height: number;
}

/**
 * The scan for new glyphs of `latentlab glyphs` and of the explorer: a gridSize x gridSize latentGrid
 * over the codes, decoded (in slices of any size, so the explorer's worker can answer between them),
 * then findNewGlyphs, keeping only images at least minDistance pixels from every reconstruction too
 * (a glyph the model reconstructs badly is a failure, not an invention).
 */
export class NewGlyphScanner {
  readonly points: Matrix;
  private readonly decoded: Matrix;
  private done = 0;

  constructor(
    private readonly start: ScanStart,
    readonly options: { gridSize: number; minDistance: number },
  ) {
    this.points = latentGrid(start.codes, options.gridSize);
    this.decoded = new Matrix(this.points.rows, start.glyphs.cols);
  }

  get finished(): boolean {
    return this.done === this.points.rows;
  }

  /** Decodes the next `count` points (at most the rest) with `decode`, a model's decoder. */
  decodeNext(count: number, decode: (points: Matrix) => Matrix): void {
    const end = Math.min(this.points.rows, this.done + count);
    const slice = new Matrix(end - this.done, 2, this.points.data.subarray(this.done * 2, end * 2));
    this.decoded.data.set(decode(slice).data, this.done * this.decoded.cols);
    this.done = end;
  }

  /** The new glyphs, ranked (once every point is decoded). */
  found(): NewGlyph[] {
    if (!this.finished) throw new RangeError(`the scan has decoded ${this.done} of its ${this.points.rows} points`);
    const { glyphs, codes, reconstructions, width, height } = this.start;
    const { minDistance } = this.options;
    return findNewGlyphs(this.points, this.decoded, glyphs, codes, { width, height, minDistance }).filter((glyph) =>
      Array.from({ length: reconstructions.rows }, (_, r) => hammingDistance(glyph.pixels, reconstructions.row(r))).every((d) => d >= minDistance),
    );
  }
}

/** Groups of on pixels connected through any of their 8 neighbours. */
export function strokeCount(pixels: ArrayLike<number>, width: number, height: number): number {
  const seen = new Uint8Array(width * height);
  let strokes = 0;
  for (let start = 0; start < width * height; start++) {
    if (!pixels[start] || seen[start]) continue;
    strokes++;
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const at = stack.pop()!;
      const [x, y] = [at % width, Math.floor(at / width)];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const [nx, ny] = [x + dx, y + dy];
          const next = ny * width + nx;
          if (nx >= 0 && nx < width && ny >= 0 && ny < height && pixels[next] && !seen[next]) {
            seen[next] = 1;
            stack.push(next);
          }
        }
      }
    }
  }
  return strokes;
}

/** The median distance from a code to its nearest other code: how far apart the glyphs typically sit. */
function codeSpacing(codes: Matrix): number {
  if (codes.rows < 2) return Infinity;
  const nearest = Array.from({ length: codes.rows }, (_, i) => {
    let best = Infinity;
    for (let j = 0; j < codes.rows; j++) {
      if (j !== i) best = Math.min(best, Math.hypot(...Array.from(codes.row(i), (c, d) => c - codes.get(j, d))));
    }
    return best;
  }).sort((a, b) => a - b);
  return nearest[Math.floor((nearest.length - 1) / 2)];
}

function range(values: number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

function within(value: number, [low, high]: [number, number]): boolean {
  return value >= low && value <= high;
}
