import { Matrix } from '../../../src/tensor/matrix.js';
import { ImageCanvas } from '../image-canvas.js';
import type { ExploredModel } from './explored-model.js';
import type { Point } from './plane-geometry.js';

interface DecodedPanelProps {
  explored: ExploredModel;
  point: Point | null;
  /** Whether `point` is the pinned point (else the pointer's). */
  pinned: boolean;
}

/** The image a point of the plane decodes to, in grey levels and binarized, and the training glyph it is closest to. */
export function DecodedPanel({ explored, point, pinned }: DecodedPanelProps) {
  const { width, height, labels } = explored.image;
  if (!point) {
    return (
      <section class="decoded" aria-live="polite">
        <h3>Decoded glyph</h3>
        <p class="hint">Point at the plane, or click it, to see what the decoder draws there.</p>
      </section>
    );
  }
  const values = explored.model.decode(Matrix.fromRows([point])).row(0);
  const nearest = nearestGlyph(values, explored.glyphs);
  const differs = nearest ? Array.from(values, (v, i) => (v >= 0.5 ? 1 : 0) !== (explored.glyphs!.get(nearest.index, i) >= 0.5 ? 1 : 0)) : undefined;
  return (
    <section class="decoded" aria-live="polite">
      <h3>
        Decoded at ({point[0].toFixed(3)}, {point[1].toFixed(3)}) {pinned ? <span class="tag">pinned</span> : null}
      </h3>
      <div class="decoded-images">
        <figure>
          <ImageCanvas values={values} width={width} height={height} cell={14} binary={false} label="decoded grey levels" />
          <figcaption>grey levels</figcaption>
        </figure>
        <figure data-testid="decoded-binary">
          <ImageCanvas values={values} width={width} height={height} cell={14} binary marked={differs} label="decoded, binarized at 0.5" />
          <figcaption>binarized</figcaption>
        </figure>
      </div>
      {nearest ? (
        <p class="nearest">
          {nearest.distance === 0 ? (
            <>
              is glyph <b>{labels[nearest.index]}</b>
            </>
          ) : (
            <>
              nearest glyph <b>{labels[nearest.index]}</b>, {nearest.distance} pixel{nearest.distance === 1 ? '' : 's'} off (framed in red)
              {nearest.distance >= 3 ? <span class="tag new">new glyph</span> : null}
            </>
          )}
        </p>
      ) : null}
    </section>
  );
}

/** The training glyph with the fewest differing pixels once binarized at 0.5. */
export function nearestGlyph(values: ArrayLike<number>, glyphs: Matrix | null): { index: number; distance: number } | null {
  if (!glyphs) return null;
  let best = { index: -1, distance: Infinity };
  for (let g = 0; g < glyphs.rows; g++) {
    let distance = 0;
    for (let i = 0; i < glyphs.cols; i++) if ((values[i] >= 0.5 ? 1 : 0) !== (glyphs.get(g, i) >= 0.5 ? 1 : 0)) distance++;
    if (distance < best.distance) best = { index: g, distance };
  }
  return best;
}
