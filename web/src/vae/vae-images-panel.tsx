import { Matrix } from '../../../src/tensor/matrix.js';
import type { Point } from '../font/plane-geometry.js';
import { asInk, ImageCanvas } from '../image-canvas.js';
import type { ExploredModel } from '../training/explored-model.js';

interface VaeImagesPanelProps {
  explored: ExploredModel | null;
  /** The point under the pointer, else the pinned one. */
  point: Point | null;
  pinned: boolean;
  /** Images decoded from codes drawn from the prior, or null before the first draw. */
  samples: Matrix | null;
  onSample(): void;
}

/**
 * The right column: the image decoded under the pointer (or at the pinned point), samples from the
 * prior, and each training emoji beside its reconstruction from its mean.
 */
export function VaeImagesPanel({ explored, point, pinned, samples, onSample }: VaeImagesPanelProps) {
  const mode = explored?.image.mode;
  const decoded = explored && point ? explored.model.decode(Matrix.fromRows([point])).row(0) : null;
  return (
    <aside class="panel right" aria-label="Decoded images">
      <section>
        <h3>
          {point ? `Decoded at (${point[0].toFixed(2)}, ${point[1].toFixed(2)})` : 'Decoded point'} {point && pinned ? <span class="tag">pinned</span> : null}
        </h3>
        {explored && decoded && point ? (
          <div data-testid="decoded" data-point={JSON.stringify(point)} data-pinned={String(pinned)} data-values={JSON.stringify(Array.from(decoded, (v) => Number(v.toFixed(4))))}>
            <ImageCanvas values={asInk(decoded, mode)} width={explored.image.width} height={explored.image.height} cell={8} binary={false} label="the image decoded at the point" />
            <p class="hint">{pinned ? 'Arrow keys move the pin (Shift: faster) · Esc clears' : 'Click or tap to pin this point'}</p>
          </div>
        ) : (
          <p class="hint">Point at the plane (or tap it) to see the image the decoder draws there.</p>
        )}
        <p class="sr-only" aria-live="polite">
          {pinned && point ? `pinned at ${point[0].toFixed(2)}, ${point[1].toFixed(2)}` : ''}
        </p>
      </section>
      {explored ? (
        <section class="samples" data-testid="samples" data-count={samples?.rows ?? 0}>
          <header class="section-head">
            <h3>Samples from the prior</h3>
            <button type="button" class="small" onClick={onSample} title="draw 8 codes from N(0, I) and decode them (marked as blue crosses on the plane); again for new ones">
              {samples ? 'Sample again' : 'Sample'}
            </button>
          </header>
          {samples ? (
            <div class="sample-images">
              {Array.from({ length: samples.rows }, (_, i) => (
                <ImageCanvas key={i} values={asInk(samples.row(i), mode)} width={explored.image.width} height={explored.image.height} cell={2} binary={false} label={`sample ${i + 1}`} />
              ))}
            </div>
          ) : (
            <p class="hint">Codes drawn from N(0, I), decoded: images the model invents.</p>
          )}
        </section>
      ) : null}
      {explored?.dataset && explored.codes ? (
        <section>
          <h3>Training images and their reconstructions</h3>
          <div class="emoji-pairs">
            {explored.dataset.labels.map((label, i) => (
              <div key={label} class="emoji-pair" title={label}>
                <ImageCanvas values={asInk(explored.dataset!.inputs.row(i), mode)} width={explored.image.width} height={explored.image.height} cell={2} binary={false} label={label} />
                <ImageCanvas
                  values={asInk(explored.model.decode(Matrix.fromRows([explored.codes!.row(i)])).row(0), mode)}
                  width={explored.image.width}
                  height={explored.image.height}
                  cell={2}
                  binary={false}
                  label={`${label} decoded from its mean`}
                />
              </div>
            ))}
          </div>
        </section>
      ) : null}
    </aside>
  );
}
