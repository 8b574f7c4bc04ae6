import type { Matrix } from '../tensor/matrix.js';
import type { PixelMode } from '../data/dataset.js';
import { Canvas, grey, type Rgb } from './canvas.js';
import { textBitmap } from './font-text.js';

/**
 * Draws images (rows of a Matrix, `width` x `height` pixels each, values in [0, 1]) as a grid of
 * cells in a PNG. Values outside [0, 1] (e.g. a tanh output) are clamped for display.
 */

export interface GridOptions {
  width: number;
  height: number;
  /** Cells per row of the grid; default min(number of images, 16). */
  columns?: number;
  /** Screen pixels per image pixel; default 12. */
  scale?: number;
  /** Screen pixels between cells and around the grid; default scale / 2. */
  gap?: number;
  /** Default 'ink'. */
  mode?: PixelMode;
}

export interface ComparisonOptions extends GridOptions {
  /** Reconstructions drawn thresholded at 0.5 ('binary', default) or with their grey levels ('grey'). */
  reconstruction?: 'binary' | 'grey';
}

const BACKGROUND: Rgb = [150, 160, 176];
const WRONG: Rgb = [230, 20, 20];
const LABEL_INK: Rgb = [20, 24, 32];
const DEFAULT_COLUMNS = 16;
const DEFAULT_SCALE = 12;
/** From this scale on, each image pixel gets a faint line on its top and left edge, to count pixels by. */
const PIXEL_GRID_MIN_SCALE = 8;
const PIXEL_GRID_TINT: Rgb = [96, 96, 96];
const PIXEL_GRID_WEIGHT = 0.2;

/** The color of each pixel (row-major index) of one cell. */
type CellPainter = (pixel: number) => Rgb;

interface Band {
  cells: CellPainter[];
  /** Screen pixels below this row of cells. */
  gapBelow: number;
  /** Written left of the row of cells. */
  label?: string;
  /** A coloured frame around some cells, by column. */
  frames?: (Rgb | undefined)[];
}

/** A coloured square and its meaning, drawn under the grid. */
interface LegendEntry {
  color: Rgb;
  text: string;
}

interface Geometry {
  width: number;
  height: number;
  columns: number;
  scale: number;
  gap: number;
  mode: PixelMode;
}

/** A plain grid, row by row, `columns` images per row. Returns the PNG file's bytes. */
export function renderImageGrid(images: Matrix, options: GridOptions): Uint8Array {
  const geometry = resolve(images, options);
  const bands = chunks(images.rows, geometry.columns).map((indices) => ({
    cells: indices.map((i) => valuePainter(images.row(i), geometry.mode)),
    gapBelow: geometry.gap,
  }));
  return paint(bands, geometry);
}

/**
 * Each original with its reconstruction right below it (gap / 2 apart), `columns` pairs per row of
 * pairs (2 x gap apart).
 * In 'ink' mode, reconstruction pixels whose 0.5-threshold differs from the original's are red.
 */
export function renderComparisonGrid(originals: Matrix, reconstructions: Matrix, options: ComparisonOptions): Uint8Array {
  if (reconstructions.rows !== originals.rows || reconstructions.cols !== originals.cols) {
    throw new RangeError(
      `reconstructions are ${reconstructions.rows}x${reconstructions.cols}, expected the originals' shape ${originals.rows}x${originals.cols}`,
    );
  }
  const geometry = resolve(originals, options);
  reconstructions.assertFinite('reconstructions');
  const greyLevels = options.reconstruction === 'grey';
  if (!greyLevels && options.reconstruction !== undefined && options.reconstruction !== 'binary') {
    throw new RangeError(`reconstruction must be 'binary' or 'grey', got '${String(options.reconstruction)}'`);
  }
  const pairGap = Math.max(1, Math.round(geometry.gap / 2));
  const groups = chunks(originals.rows, geometry.columns);
  return paint(
    groups.flatMap((indices, g) => [
      { cells: indices.map((i) => valuePainter(originals.row(i), geometry.mode)), gapBelow: pairGap },
      {
        cells: indices.map((i) => reconstructionPainter(originals.row(i), reconstructions.row(i), geometry.mode, greyLevels)),
        gapBelow: g === groups.length - 1 ? geometry.gap : 2 * geometry.gap,
      },
    ]),
    geometry,
  );
}

/**
 * Clean images over noisy copies of them: `noisy` holds whole copies of the set one after another
 * (row c x rows + i is copy c of image i). Each group of `columns` images shows the clean row
 * (labelled CLEAN) and then one row per copy (NOISY 1, NOISY 2, ...).
 */
export function renderNoiseGrid(clean: Matrix, noisy: Matrix, options: GridOptions): Uint8Array {
  if (noisy.cols !== clean.cols || noisy.rows % clean.rows !== 0 || noisy.rows === 0) {
    throw new RangeError(`noisy is ${noisy.rows}x${noisy.cols}, expected whole copies of the clean ${clean.rows}x${clean.cols} images`);
  }
  const geometry = resolve(clean, options);
  noisy.assertFinite('noisy');
  const copies = noisy.rows / clean.rows;
  const groups = chunks(clean.rows, geometry.columns);
  const pairGap = Math.max(1, Math.round(geometry.gap / 2));
  return paint(
    groups.flatMap((indices, g) => [
      { label: 'CLEAN', cells: indices.map((i) => valuePainter(clean.row(i), geometry.mode)), gapBelow: geometry.gap },
      ...Array.from({ length: copies }, (_, c) => ({
        label: `NOISY ${c + 1}`,
        cells: indices.map((i) => valuePainter(noisy.row(c * clean.rows + i), geometry.mode)),
        gapBelow: c < copies - 1 ? pairGap : g === groups.length - 1 ? geometry.gap : 2 * geometry.gap,
      })),
    ]),
    geometry,
  );
}

/** How well a denoised image was restored, and the colour each case is drawn in (distinct for colour-blind eyes too). */
export const RESTORED_COLORS = {
  perfect: [0, 114, 178],
  oneWrong: [230, 159, 0],
  worse: [216, 27, 96],
} as const satisfies Record<string, Rgb>;

/**
 * Clean images, noisy copies of them and a denoiser's outputs for those copies, in bands of three
 * labelled rows (clean, noisy, output) of `columns` images. Outputs are drawn binarized at 0.5 and
 * framed in the colour of how well they were restored, their wrong pixels painted in that colour:
 * blue perfect, amber 1 wrong pixel, magenta 2 or more; a legend under the grid says so.
 * For binary images ('ink' mode).
 */
export function renderDenoisingGrid(clean: Matrix, noisy: Matrix, outputs: Matrix, options: GridOptions): Uint8Array {
  for (const [name, m] of [['noisy', noisy], ['outputs', outputs]] as const) {
    if (m.rows !== clean.rows || m.cols !== clean.cols) throw new RangeError(`${name} are ${m.rows}x${m.cols}, expected the clean images' shape ${clean.rows}x${clean.cols}`);
  }
  const geometry = resolve(clean, options);
  if (geometry.mode !== 'ink') throw new RangeError("a denoising grid draws binary images: mode must be 'ink'");
  noisy.assertFinite('noisy');
  outputs.assertFinite('outputs');
  const pairGap = Math.max(1, Math.round(geometry.gap / 2));
  const groups = chunks(clean.rows, geometry.columns);
  const restoredColor = (i: number): Rgb => {
    let wrong = 0;
    for (let p = 0; p < clean.cols; p++) if ((outputs.row(i)[p] >= 0.5) !== (clean.row(i)[p] >= 0.5)) wrong++;
    return wrong === 0 ? RESTORED_COLORS.perfect : wrong === 1 ? RESTORED_COLORS.oneWrong : RESTORED_COLORS.worse;
  };
  return paint(
    groups.flatMap((indices, g) => [
      { label: 'CLEAN', cells: indices.map((i) => valuePainter(clean.row(i), 'ink')), gapBelow: pairGap },
      // The frames of the outputs below take frameThickness(gap) of this gap.
      { label: 'NOISY', cells: indices.map((i) => valuePainter(noisy.row(i), 'ink')), gapBelow: geometry.gap },
      {
        label: 'OUTPUT',
        cells: indices.map((i) => markedPainter(clean.row(i), outputs.row(i), restoredColor(i))),
        frames: indices.map(restoredColor),
        gapBelow: g === groups.length - 1 ? geometry.gap : 2 * geometry.gap,
      },
    ]),
    geometry,
    [
      { color: RESTORED_COLORS.perfect, text: 'PERFECT' },
      { color: RESTORED_COLORS.oneWrong, text: '1 WRONG PIXEL' },
      { color: RESTORED_COLORS.worse, text: '2+ WRONG PIXELS' },
    ],
  );
}

function resolve(images: Matrix, options: GridOptions): Geometry {
  const { width, height } = options;
  const scale = options.scale ?? DEFAULT_SCALE;
  const gap = options.gap ?? Math.round(scale / 2);
  const columns = options.columns ?? Math.min(images.rows, DEFAULT_COLUMNS);
  const mode = options.mode ?? 'ink';
  requireInteger('width', width, 1);
  requireInteger('height', height, 1);
  requireInteger('scale', scale, 1);
  requireInteger('gap', gap, 0);
  if (images.rows === 0) throw new RangeError('no images to draw: the matrix has 0 rows');
  requireInteger('columns', columns, 1);
  if (images.cols !== width * height) {
    throw new RangeError(`images have ${images.cols} values each, expected width x height = ${width}x${height} = ${width * height}`);
  }
  if (mode !== 'ink' && mode !== 'luminance') throw new RangeError(`mode must be 'ink' or 'luminance', got '${String(mode)}'`);
  images.assertFinite('images');
  return { width, height, columns, scale, gap, mode };
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

/** Indices 0..count-1 cut into runs of `size`. */
function chunks(count: number, size: number): number[][] {
  return Array.from({ length: Math.ceil(count / size) }, (_, c) =>
    Array.from({ length: Math.min(size, count - c * size) }, (_, i) => c * size + i),
  );
}

function valuePainter(values: Float64Array, mode: PixelMode): CellPainter {
  return (pixel) => grey(values[pixel], mode);
}

function reconstructionPainter(original: Float64Array, reconstruction: Float64Array, mode: PixelMode, greyLevels: boolean): CellPainter {
  return (pixel) => {
    const binary = reconstruction[pixel] >= 0.5 ? 1 : 0;
    if (mode === 'ink' && binary !== (original[pixel] >= 0.5 ? 1 : 0)) return WRONG;
    return grey(greyLevels ? reconstruction[pixel] : binary, mode);
  };
}

/** An output binarized at 0.5, its pixels that differ from the target in `color`. */
function markedPainter(target: Float64Array, output: Float64Array, color: Rgb): CellPainter {
  return (pixel) => {
    const binary = output[pixel] >= 0.5 ? 1 : 0;
    return binary !== (target[pixel] >= 0.5 ? 1 : 0) ? color : grey(binary, 'ink');
  };
}

function paint(bands: Band[], g: Geometry, legend: LegendEntry[] = []): Uint8Array {
  const cellWidth = g.width * g.scale;
  const cellHeight = g.height * g.scale;
  const textScale = Math.max(1, Math.round(g.scale / 6));
  const labelWidth = Math.max(0, ...bands.map((b) => (b.label ? textBitmap(b.label).width * textScale + g.gap : 0)));
  const gridLeft = g.gap + labelWidth;
  const gridHeight = g.gap + bands.reduce((h, b) => h + cellHeight + b.gapBelow, 0);
  const legendLine = legend.length > 0 ? legendLayout(legend, textScale, g.gap) : undefined;
  const canvas = new Canvas(
    Math.max(gridLeft + g.columns * (cellWidth + g.gap), legendLine ? legendLine.width + 2 * g.gap : 0),
    gridHeight + (legendLine ? legendLine.height + g.gap : 0),
    BACKGROUND,
  );
  let top = g.gap;
  for (const band of bands) {
    if (band.label) canvas.text(band.label, g.gap, top + Math.round((cellHeight - 7 * textScale) / 2), textScale, LABEL_INK);
    band.cells.forEach((color, column) => {
      const left = gridLeft + column * (cellWidth + g.gap);
      const frame = band.frames?.[column];
      if (frame) {
        const t = frameThickness(g.gap);
        canvas.fillRect(left - t, top - t, cellWidth + 2 * t, cellHeight + 2 * t, frame);
      }
      canvas.blocks(left, top, g.width, g.height, g.scale, color, g.scale >= PIXEL_GRID_MIN_SCALE ? pixelGridLine : undefined);
    });
    top += cellHeight + band.gapBelow;
  }
  legendLine?.paint(canvas, g.gap, gridHeight);
  return canvas.toPng();
}

/** A frame fits in the gap between two framed cells with a little background left between them. */
function frameThickness(gap: number): number {
  return Math.max(1, Math.floor(gap / 3));
}

/** One line under the grid: a square of each colour, then its text. */
function legendLayout(entries: LegendEntry[], textScale: number, gap: number): { width: number; height: number; paint: (canvas: Canvas, left: number, top: number) => void } {
  const height = 7 * textScale;
  const widths = entries.map((e) => height + gap + textBitmap(e.text).width * textScale);
  const spacing = 3 * gap;
  return {
    width: widths.reduce((a, b) => a + b, 0) + spacing * (entries.length - 1),
    height,
    paint(canvas, left, top) {
      let x = left;
      entries.forEach((entry, i) => {
        canvas.fillRect(x, top, height, height, entry.color);
        canvas.text(entry.text, x + height + gap, top, textScale, LABEL_INK);
        x += widths[i] + spacing;
      });
    },
  };
}

/** The colour of the pixel-grid line on the top and left edge of a pixel of colour `color`: tinted towards grey. */
function pixelGridLine(color: Rgb): Rgb {
  const mix = (i: number): number => Math.round(color[i] + PIXEL_GRID_WEIGHT * (PIXEL_GRID_TINT[i] - color[i]));
  return [mix(0), mix(1), mix(2)];
}
