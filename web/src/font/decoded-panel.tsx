import { useMemo } from 'preact/hooks';
import { nearestGlyphs } from '../../../src/eval/nearest-glyph.js';
import { binarize } from '../../../src/eval/pixels.js';
import { Matrix } from '../../../src/tensor/matrix.js';
import { Rng } from '../../../src/tensor/rng.js';
import { GreyAndBinary } from '../image-canvas.js';
import type { ExploredModel } from '../training/explored-model.js';
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
  // Decoded once per model and point: the panel redraws with every training report.
  const decoded = useMemo(() => point && explored.model.decode(Matrix.fromRows([point])), [explored, point?.[0], point?.[1]]);
  const glyphs = explored.dataset?.inputs ?? null;
  const nearest = useMemo(() => decoded && glyphs && nearestGlyphs(binarize(decoded), binarize(glyphs), new Rng(0)), [decoded, glyphs]);
  if (!point || !decoded) {
    return (
      <section class="decoded">
        <h3>Decoded glyph</h3>
        <p class="hint">Point at the plane, or click it, to see what the decoder draws there.</p>
      </section>
    );
  }
  const values = decoded.row(0);
  const cell = Math.max(2, Math.round(70 / width));
  const index = nearest?.index[0] ?? -1;
  const distance = nearest?.distance[0] ?? 0;
  const differs = glyphs ? Array.from(values, (v, i) => (v >= 0.5 ? 1 : 0) !== (glyphs.get(index, i) >= 0.5 ? 1 : 0)) : undefined;
  return (
    <section class="decoded">
      <h3>
        Decoded at ({point[0].toFixed(3)}, {point[1].toFixed(3)}) {pinned ? <span class="tag">pinned</span> : null}
      </h3>
      <GreyAndBinary values={values} width={width} height={height} cell={cell} marked={differs} name="decoded" />
      {/* Announced when a point is pinned (a click, a tap, an arrow key), never as the pointer moves. */}
      <p class="sr-only" aria-live="polite">
        {pinned ? `pinned at ${point[0].toFixed(2)}, ${point[1].toFixed(2)}${nearest ? `: ${distance === 0 ? 'glyph' : 'nearest glyph'} ${labels[index]}` : ''}` : ''}
      </p>
      {nearest ? (
        <p class="nearest">
          {distance === 0 ? (
            <>
              is glyph <b>{labels[index]}</b>
            </>
          ) : (
            <>
              nearest glyph <b>{labels[index]}</b>, {distance} pixel{distance === 1 ? '' : 's'} off (framed in red)
              {distance >= 3 ? <span class="tag new">new glyph</span> : null}
            </>
          )}
        </p>
      ) : null}
    </section>
  );
}
