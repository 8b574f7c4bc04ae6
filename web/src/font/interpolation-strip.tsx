import { useMemo } from 'preact/hooks';
import { Matrix } from '../../../src/tensor/matrix.js';
import { asInk, ImageCanvas } from '../image-canvas.js';
import type { ExploredModel } from '../training/explored-model.js';
import type { PlaneEnd } from '../plane-marks.js';
import { lineBetween } from './plane-geometry.js';

export const INTERPOLATION_STEPS = 11;

interface InterpolationStripProps {
  explored: ExploredModel;
  interpolation: { from: PlaneEnd; to: PlaneEnd } | null;
  onClear(): void;
}

/** The images decoded along the line between two points (usually two glyphs' codes): grey levels above, binarized below (binary glyphs only). */
export function InterpolationStrip({ explored, interpolation, onClear }: InterpolationStripProps) {
  // Decoded once per model and line: the strip redraws with every training report.
  const decoded = useMemo(
    () => interpolation && explored.model.decode(Matrix.fromRows(lineBetween(interpolation.from.point, interpolation.to.point, INTERPOLATION_STEPS))),
    [explored, interpolation],
  );
  if (!interpolation || !decoded) {
    return (
      <section class="strip">
        <h3>Interpolation</h3>
        <p class="hint">
          Drag from one glyph to another on the plane to see the glyphs the decoder draws in between. Click the plane to decode and pin a point; the
          wheel zooms; arrow keys move the pin (Shift: faster); Esc clears.
        </p>
      </section>
    );
  }
  const { from, to } = interpolation;
  const { width, height, mode } = explored.image;
  const rows = mode === 'ink' ? [false, true] : [false];
  const name = (end: PlaneEnd) => end.label ?? `(${end.point.map((v) => v.toFixed(2)).join(', ')})`;
  return (
    <section class="strip" data-testid="interpolation">
      <header>
        <h3>
          From <b>{name(from)}</b> to <b>{name(to)}</b>
        </h3>
        <button type="button" class="small" onClick={onClear} title="clear the interpolation (Esc)">
          clear
        </button>
      </header>
      {rows.map((binary) => (
        <div class="strip-row" key={String(binary)}>
          {Array.from({ length: decoded.rows }, (_, k) => (
            <ImageCanvas key={k} values={asInk(decoded.row(k), mode)} width={width} height={height} cell={Math.max(1, Math.round(30 / width))} binary={binary} label={`step ${k + 1} ${binary ? 'binarized' : 'grey'}`} />
          ))}
        </div>
      ))}
    </section>
  );
}
