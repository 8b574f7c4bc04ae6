import { Matrix } from '../tensor/matrix.js';
import { renderImageGrid } from '../plot/glyph-grid.js';
import { writeFileAtomic } from '../io/files.js';
import { newGlyphScan } from '../runs/autoencoder/kind.js';
import { art, sideBySide } from './glyph-art.js';
import { modelAndData, requireBinary, type ModelDataFlags } from './model-data.js';
import { print, printJson } from './style.js';

export interface GlyphsFlags extends ModelDataFlags {
  grid: number;
  minDistance: number;
  out: string;
  json?: boolean;
}

/** Glyphs drawn as text per row of the list. */
const ART_PER_ROW = 10;

/**
 * `latentlab glyphs`: scans a 2-D autoencoder's latent plane (a grid over the codes' bounding box
 * plus 10%) for glyphs it invents: decodings at least --min-distance pixels from every training
 * glyph and from the model's reconstruction of each. Writes the gallery (best ranked first:
 * plausible ones, largest region first) and prints the list.
 */
export function glyphs(flags: GlyphsFlags): void {
  const { file, dataset } = modelAndData(flags);
  if (file.kind !== 'autoencoder') throw new RangeError('glyphs scans an autoencoder\'s latent plane for invented glyphs; this model is a VAE (sample draws its plane)');
  requireBinary(dataset, 'glyphs');
  if (!Number.isInteger(flags.grid) || flags.grid < 2 || flags.grid > 1000) throw new RangeError(`--grid must be a whole number in 2..1000, got ${flags.grid}`);
  if (!Number.isInteger(flags.minDistance) || flags.minDistance < 1) throw new RangeError(`--min-distance must be a positive whole number of pixels, got ${flags.minDistance}`);
  const scan = newGlyphScan(file.model, dataset, { gridSize: flags.grid, minDistance: flags.minDistance });
  const { width, height, labels } = dataset;
  const found = scan.glyphs;
  if (found.length > 0) {
    writeFileAtomic(flags.out, renderImageGrid(Matrix.fromRows(found.map((g) => g.pixels)), { width, height, columns: Math.min(10, found.length), scale: 8, mode: 'ink' }));
  }
  const list = found.map((g, k) => ({
    rank: k + 1,
    code: g.code,
    nearestGlyph: labels[g.nearestGlyph],
    pixelDistance: g.pixelDistance,
    area: g.area,
    plausible: g.plausible,
    pixels: g.pixels,
  }));
  if (flags.json) {
    printJson({ grid: scan.gridSize, minDistance: scan.minDistance, count: scan.count, plausible: scan.plausible, ...(found.length > 0 && { gallery: flags.out }), glyphs: list });
    return;
  }
  const lines = [
    `${scan.count} distinct new glyphs in a ${scan.gridSize}x${scan.gridSize} scan of the plane (each at least ${scan.minDistance} pixels from every glyph and from its reconstruction); ${scan.plausible} plausible (ink and strokes like the glyphs', near a glyph's code)`,
  ];
  if (found.length === 0) {
    print(lines);
    return;
  }
  lines.push('', ' rank  code                nearest glyph   plausible  area');
  for (const g of list) {
    lines.push(`${String(g.rank).padStart(5)}  (${g.code.map((v) => v.toFixed(3).padStart(7)).join(', ')})  ${`${g.nearestGlyph} +${g.pixelDistance} px`.padEnd(14)}  ${(g.plausible ? 'yes' : 'no').padEnd(9)}  ${g.area}`);
  }
  for (let start = 0; start < found.length; start += ART_PER_ROW) {
    const shown = found.slice(start, start + ART_PER_ROW);
    lines.push('', shown.map((_, k) => `#${start + k + 1}`.padEnd(width + 2)).join(''), ...sideBySide(shown.map((g) => art(g.pixels, width, height)), '  '));
  }
  lines.push('', `Gallery (the ${found.length} best ranked of ${scan.count}): ${flags.out}`);
  print(lines);
}
