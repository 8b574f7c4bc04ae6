import { NEW_GLYPH_MIN_DISTANCE, type NewGlyph } from '../../../src/eval/new-glyphs.js';
import { ImageCanvas } from '../image-canvas.js';
import { SCAN_STEPS } from '../training/explore-work.js';
import type { ExploredModel } from '../training/explored-model.js';
import type { Point } from './plane-geometry.js';

/** The best this many are listed and marked on the plane. */
export const SHOWN = 32;

interface NewGlyphsPanelProps {
  explored: ExploredModel;
  found: NewGlyph[] | null;
  highlighted: number | null;
  onFind(): void;
  onHighlight(index: number | null): void;
  onPick(point: Point): void;
}

/** "Find new glyphs": the invented glyphs, most plausible first, each a button that pins its point on the plane. */
export function NewGlyphsPanel({ explored, found, highlighted, onFind, onHighlight, onPick }: NewGlyphsPanelProps) {
  const { width, height, labels } = explored.image;
  const plausible = found?.filter((glyph) => glyph.plausible).length ?? 0;
  return (
    <section class="new-glyphs">
      <header>
        <h3>New glyphs</h3>
        <button type="button" onClick={onFind} disabled={!explored.codes} title={`scan the plane for decoded glyphs ${NEW_GLYPH_MIN_DISTANCE} or more pixels from every training glyph and its reconstruction (F)`}>
          Find new glyphs
        </button>
      </header>
      {!explored.codes ? <p class="hint">Needs the training glyphs, which this model file does not name.</p> : null}
      {found ? (
        <>
          <p class="summary" data-testid="new-glyph-count" data-count={found.length} data-plausible={plausible}>
            {found.length === 0
              ? `None: every point of a ${SCAN_STEPS}x${SCAN_STEPS} scan decodes to within ${NEW_GLYPH_MIN_DISTANCE - 1} pixels of a glyph or of its reconstruction.`
              : `${found.length} distinct images ${NEW_GLYPH_MIN_DISTANCE}+ pixels from every glyph and from its reconstruction in a ${SCAN_STEPS}x${SCAN_STEPS} scan (as latentlab glyphs scans); ${plausible} look like glyphs (pixel count and strokes like the real ones', near their codes). The ${Math.min(SHOWN, found.length)} steadiest are marked on the plane.`}
          </p>
          <div class="found" onMouseLeave={() => onHighlight(null)}>
            {found.slice(0, SHOWN).map((glyph, i) => (
              <button
                type="button"
                key={glyph.pixels.join('')}
                class={`found-glyph${i === highlighted ? ' highlighted' : ''}${glyph.plausible ? '' : ' implausible'}`}
                title={`${glyph.pixelDistance} pixels from "${labels[glyph.nearestGlyph]}", ${glyph.strokes} stroke${glyph.strokes === 1 ? '' : 's'}, region of ${glyph.area} scan points${glyph.plausible ? '' : ', not glyph-like'}; click to pin`}
                onMouseEnter={() => onHighlight(i)}
                onFocus={() => onHighlight(i)}
                onClick={() => onPick([glyph.code[0], glyph.code[1]])}
              >
                <ImageCanvas values={glyph.pixels} width={width} height={height} cell={4} binary label={`new glyph ${i + 1}`} />
              </button>
            ))}
          </div>

        </>
      ) : null}
    </section>
  );
}
