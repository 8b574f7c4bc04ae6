import { useMemo, useRef, useState } from 'preact/hooks';
import { corruption, flipCount } from '../../../src/data/noise.js';
import { nearestGlyphs } from '../../../src/eval/nearest-glyph.js';
import { wrongPixelsPerRow } from '../../../src/eval/pixels.js';
import { Matrix } from '../../../src/tensor/matrix.js';
import { Rng } from '../../../src/tensor/rng.js';
import { LatentPlane } from '../font/latent-plane.js';
import { fitView } from '../font/plane-geometry.js';
import { GreyAndBinary, ImageCanvas } from '../image-canvas.js';
import { STILL_MARKS } from '../plane-marks.js';
import { useSize } from '../use-size.js';
import { codeActivation } from '../training/explored-model.js';
import { fontDatasetNames, pageDataset } from '../training/page-datasets.js';
import { denoisingPresetNames } from '../training/run-settings.js';
import { DropOverlay, ErrorLine, TrainingPanel } from '../training/training-panel.js';
import { useModelSession, type ViewProps } from '../training/use-model-session.js';
import { PixelPad } from './pixel-pad.js';

const PAD_CELL = 46;
const OUT_CELL = 22;
/** The side of the small plane (where the noisy input lands), at most. */
const PLANE_SIZE = 250;

/**
 * The denoising pad: pick a glyph, flip pixels by hand or add the study's noise (flip-count: p = 0.1
 * inverts 3 of 35 pixels); the model's output, its wrong pixels and the nearest clean glyph (the
 * reference denoiser, src/eval/nearest-glyph.ts) update as you draw.
 */
export function DenoisingView(props: ViewProps) {
  const { active } = props;
  const session = useModelSession({ ...props, presets: denoisingPresetNames });
  // The pad draws binary glyphs the page has: a model trained on anything else (an emoji set, a font.h of its own) cannot be used here.
  const explored = session.explored?.dataset && session.explored.image.mode === 'ink' ? session.explored : null;
  const shownData = explored?.dataset ?? pageDataset(fontDatasetNames.includes(session.settings.dataset) ? session.settings.dataset : 'font-3');
  const dataset = useMemo(() => ({ glyphs: shownData.inputs, labels: shownData.labels }), [shownData]);
  const { glyphs, labels } = dataset;
  const [glyph, setGlyph] = useState(Math.max(0, labels.indexOf('e')));
  const [level, setLevel] = useState(0.1);
  const [seed, setSeed] = useState(1);
  // Keyed by content: the glyph matrix is rebuilt with every training report, the glyph stays the same.
  const cleanBits = Array.from(glyphs.row(Math.min(glyph, glyphs.rows - 1))).join('');
  const clean = useMemo(() => Array.from(cleanBits, Number), [cleanBits]);
  // What is drawn belongs to the glyph it was drawn from: picking another glyph starts from that one, clean.
  const [drawn, setDrawn] = useState<{ from: string; values: number[] } | null>(null);
  const pad = drawn && drawn.from === cleanBits ? drawn.values : clean;
  const setPad = (values: number[]) => setDrawn({ from: cleanBits, values });

  const addNoise = (p: number, noiseSeed: number) => {
    const noisy = new Matrix(1, clean.length);
    corruption({ name: 'flip-count', level: p })(Matrix.fromRows([clean]), noisy, new Rng(noiseSeed));
    setPad(Array.from(noisy.data));
  };
  const flips = flipCount(level, clean.length);
  const flipped = pad.filter((v, i) => v !== clean[i]).length;
  const input = Matrix.fromRows([pad]);
  const reference = nearestGlyphs(input, glyphs, new Rng(seed));
  const referenceIndex = reference.index[0];
  const cleanRow = Matrix.fromRows([clean]);
  const referenceWrong = wrongPixelsPerRow(Matrix.fromRows([glyphs.row(referenceIndex)]), cleanRow)[0];
  const { width, height } = explored?.image ?? { width: 5, height: 7 };

  // The small plane: 250 pixels, or the panel's width inside its card (10 + 12 pixels of padding and border a side) when narrower.
  const outputPanel = useRef<HTMLElement>(null);
  const panelWidth = useSize(outputPanel).width;
  const planeSize = panelWidth > 0 ? Math.min(PLANE_SIZE, panelWidth - 26) : PLANE_SIZE;

  let modelOutput = null;
  if (explored) {
    const denoised = explored.model.reconstruct(input);
    const values = denoised.row(0);
    const wrong = Array.from(values, (v, i) => (v >= 0.5 ? 1 : 0) !== clean[i]);
    const code = explored.model.encode(input).row(0);
    const count = wrongPixelsPerRow(denoised, cleanRow)[0];
    modelOutput = (
      <section class="card output" data-testid="denoised" data-wrong={count}>
        <h3>Denoised by the model</h3>
        <GreyAndBinary values={values} width={width} height={height} cell={OUT_CELL} marked={wrong} name="denoised" />
        <p class={count === 0 ? 'verdict good' : 'verdict bad'}>
          {count === 0 ? `perfect: the clean ${labels[glyph]}` : `${count} wrong pixel${count === 1 ? '' : 's'} (framed in red)`}
        </p>
        {explored.codes ? (
          <>
            <h3 class="plane-title">Where the noisy input lands on the latent plane</h3>
            <LatentPlane
              explored={explored}
              view={fitView(explored.codes, codeActivation(explored))}
              size={planeSize}
              {...STILL_MARKS}
              pinned={[code[0], code[1]]}
              interpolation={{ from: { point: [explored.codes.get(glyph, 0), explored.codes.get(glyph, 1)], label: labels[glyph] }, to: { point: [code[0], code[1]], label: null } }}
              newGlyphs={null}
              highlighted={null}
              grid={null}
              onZoom={() => fitView(explored.codes, codeActivation(explored))}
            />
          </>
        ) : null}
      </section>
    );
  }

  return (
    <div class={`view denoise-view${active ? ' active' : ''}`}>
      <TrainingPanel session={session} datasets={fontDatasetNames} />
      <main class="center" aria-label="The denoising pad">
        <ErrorLine session={session} />
        <section class="card">
          <h3>Pick a glyph</h3>
          <div class="glyph-picker" role="group" aria-label="clean glyph">
            {labels.map((label, i) => (
              <button key={label} type="button" aria-pressed={i === glyph} onClick={() => setGlyph(i)} title={`start from ${label}`}>
                {label}
              </button>
            ))}
          </div>
        </section>
        <div class="pad-row">
          <section class="card">
            <h3>Input: click or drag to flip pixels</h3>
            <PixelPad values={pad} clean={clean} width={width} height={height} cell={PAD_CELL} onChange={setPad} />
            <p class="hint">
              {flipped} pixel{flipped === 1 ? ' differs' : 's differ'} from the clean {labels[glyph]} (framed in orange)
            </p>
          </section>
          <section class="card noise">
            <h3>Noise</h3>
            <label>
              <span>
                p = <b>{level.toFixed(2)}</b>: flip {flips} of {clean.length} pixels
              </span>
              <input
                type="range"
                name="noise-level"
                min="0"
                max="0.5"
                step="0.01"
                value={level}
                onInput={(event) => {
                  const p = Number((event.currentTarget as HTMLInputElement).value);
                  setLevel(p);
                  addNoise(p, seed);
                }}
              />
            </label>
            <div class="buttons">
              <button
                type="button"
                onClick={() => {
                  setSeed(seed + 1);
                  addNoise(level, seed + 1);
                }}
                title="flip a fresh random set of pixels of the clean glyph"
              >
                Add noise
              </button>
              <button type="button" onClick={() => setPad(clean)}>
                Clean
              </button>
              <button type="button" onClick={() => setPad(clean.map(() => 0))}>
                Blank
              </button>
            </div>
            <p class="hint">The study trains at p = 0.1 (3 pixels) and p = 0.2 (7 pixels); noise seed {seed}.</p>
            <h3 class="reference-title">Nearest clean glyph (the reference denoiser)</h3>
            <div class="reference" data-testid="reference" data-label={labels[referenceIndex]}>
              <ImageCanvas values={glyphs.row(referenceIndex)} width={width} height={height} cell={10} binary label={`nearest glyph ${labels[referenceIndex]}`} />
              <p>
                <b>{labels[referenceIndex]}</b>, {reference.distance[0]} pixel{reference.distance[0] === 1 ? '' : 's'} from the input
                {reference.ties[0] > 1 ? ` (a tie among ${reference.ties[0]}, broken at random)` : ''}
                <br />
                {referenceWrong === 0 ? 'right glyph: 0 wrong pixels' : `wrong glyph: ${referenceWrong} wrong pixels`}
              </p>
            </div>
          </section>
        </div>
      </main>
      <aside class="panel right" aria-label="The model's output" ref={outputPanel}>
        {modelOutput ??
          (session.explored ? (
            <p class="hint">This model was not trained on one of the built-in glyph tables, so the pad cannot use it.</p>
          ) : (
            <p class="hint">
              Start training a denoising preset (dae-font trains in a few seconds) or open a denoising model file: its output appears here as you draw.
            </p>
          ))}
      </aside>
      <DropOverlay session={session} />
    </div>
  );
}
