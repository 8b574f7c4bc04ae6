import { Matrix } from '../../../src/tensor/matrix.js';
import { ImageCanvas } from '../image-canvas.js';
import type { ExploredModel } from '../training/explored-model.js';

/** Pixels drawn as ink on white: a luminance image (1 = white) is flipped first. */
const asInk = (values: ArrayLike<number>, luminance: boolean) => (luminance ? Array.from(values, (v) => 1 - v) : values);

/** The right column: the image decoded at the clicked point, and each training emoji beside its reconstruction from its mean. */
export function VaeImagesPanel({ explored, pinned }: { explored: ExploredModel | null; pinned: [number, number] | null }) {
  const luminance = explored?.image.mode !== 'ink';
  const decoded = explored && pinned ? explored.model.decode(Matrix.fromRows([pinned])).row(0) : null;
  return (
    <aside class="panel right">
      <section>
        <h3>Decoded point</h3>
        {explored && decoded && pinned ? (
          <div data-testid="decoded" data-point={JSON.stringify(pinned)} data-values={JSON.stringify(Array.from(decoded, (v) => Number(v.toFixed(4))))}>
            <ImageCanvas values={asInk(decoded, luminance)} width={explored.image.width} height={explored.image.height} cell={8} binary={false} label="the image decoded at the clicked point" />
            <p class="hint">
              z = ({pinned[0].toFixed(2)}, {pinned[1].toFixed(2)}) · Esc clears
            </p>
          </div>
        ) : (
          <p class="hint">Click the plane to decode that point of the latent space.</p>
        )}
      </section>
      {explored?.dataset && explored.codes ? (
        <section>
          <h3>Emojis and their reconstructions</h3>
          <div class="emoji-pairs">
            {explored.dataset.labels.map((label, i) => (
              <div key={label} class="emoji-pair" title={label}>
                <ImageCanvas values={asInk(explored.dataset!.inputs.row(i), luminance)} width={explored.image.width} height={explored.image.height} cell={2} binary={false} label={label} />
                <ImageCanvas
                  values={asInk(explored.model.decode(Matrix.fromRows([explored.codes!.row(i)])).row(0), luminance)}
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
