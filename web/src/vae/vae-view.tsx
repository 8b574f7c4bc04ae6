import { useEffect, useRef, useState } from 'preact/hooks';
import { Matrix } from '../../../src/tensor/matrix.js';
import { Rng } from '../../../src/tensor/rng.js';
import { InterpolationStrip } from '../font/interpolation-strip.js';
import type { Point } from '../font/plane-geometry.js';
import { emojiDatasetNames } from '../training/page-datasets.js';
import { vaePresetNames } from '../training/run-settings.js';
import { DropOverlay, ErrorLine, TrainingPanel } from '../training/training-panel.js';
import { useModelSession, type ModelSession, type ViewProps } from '../training/use-model-session.js';
import { usePlaneMarks } from '../plane-marks.js';
import { useShortcuts } from '../use-shortcuts.js';
import { useSize } from '../use-size.js';
import { ManifoldPlane, manifoldPoints, planeRange, type Manifold } from './manifold-plane.js';
import { VaeImagesPanel } from './vae-images-panel.js';

/** Codes drawn from the prior at each "Sample". */
const SAMPLES = 8;

/**
 * The VAE view: train a VAE preset on emoji-8 or emoji-4 live in the worker (the loss, its
 * reconstruction and KL terms), watch the manifold, the emojis' means and 1-sigma ellipses against
 * the prior's circles; point at the plane to decode, drag between emojis to interpolate, draw samples
 * from the prior; open a VAE model file made by `latentlab train` (and continue its training), or
 * download the one trained here.
 */
export function VaeView(props: ViewProps) {
  const { active } = props;
  const session = useModelSession({ ...props, presets: vaePresetNames });
  const { explored } = session;
  const { marks, setInterpolation, clear } = usePlaneMarks();
  const { pinned, hover, interpolation } = marks;
  /** Codes drawn from the prior (seeded: the n-th draw of a page is the same every time), or null. */
  const [samples, setSamples] = useState<{ draw: number; codes: Point[] } | null>(null);
  const planeBox = useRef<HTMLDivElement>(null);
  const box = useSize(planeBox);
  const size = Math.max(240, Math.min(box.width, box.height || 620) - 2);

  // The manifold, decoded by the explore worker for the model and range on show (only while the view is on screen).
  const [manifold, setManifold] = useState<Manifold | null>(null);
  const range = explored ? planeRange(explored) : null;
  useEffect(() => {
    if (!explored || range === null || !active) return;
    let current = true;
    session.explorer
      .decode(manifoldPoints(range))
      .then((images) => {
        if (current && images) setManifold({ range, images });
      })
      .catch((problem: Error) => session.setError(problem.message));
    return () => {
      current = false;
    };
  }, [explored, range, active]);

  // A new run or file starts with nothing pinned, interpolated or sampled.
  useEffect(() => {
    clear();
    setSamples(null);
    setManifold(null);
  }, [session.source]);

  const sample = () => {
    const draw = (samples?.draw ?? 0) + 1;
    const rng = new Rng(draw);
    setSamples({ draw, codes: Array.from({ length: SAMPLES }, (): Point => [rng.normal(), rng.normal()]) });
  };

  useShortcuts(active, { Escape: clear });

  return (
    <div class={`view vae-view${active ? ' active' : ''}`}>
      <TrainingPanel session={session} datasets={emojiDatasetNames} />
      <main class="center" aria-label="The VAE's latent plane">
        <ErrorLine session={session} />
        <div class="plane-box" ref={planeBox}>
          {explored ? (
            <ManifoldPlane
              explored={explored}
              manifold={manifold}
              size={size}
              {...marks}
              samples={samples?.codes ?? null}
            />
          ) : (
            <div class="empty" style={{ width: `${size}px`, height: `${size}px` }}>
              <p>
                <b>Start</b> training (Space) to watch the manifold form and the emojis' means spread over the 2-D latent plane,
                <br />
                or <b>open a VAE model file</b> made with <code>latentlab train --preset vae-emoji</code> (or drop it here).
              </p>
            </div>
          )}
        </div>
        {explored ? (
          <p class="hint plane-caption">
            z₁ → and z₂ ↑ over ±{planeRange(explored)}: each cell is the image decoded at its centre;{' '}
            {explored.codes ? (
              <>
                <span class="key posterior">orange</span>: each image's mean and 1-sigma ellipse; <span class="key prior">blue</span>: the prior's 1- and
                2-sigma circles{samples ? ', samples (crosses)' : ''}. Drag from one emoji to another to interpolate.
              </>
            ) : (
              "this file's training images are not in the page: no means to show."
            )}
          </p>
        ) : null}
        <BetaControl session={session} />
        {explored && interpolation ? <InterpolationStrip explored={explored} interpolation={interpolation} onClear={() => setInterpolation(null)} /> : null}
      </main>
      <VaeImagesPanel
        explored={explored}
        point={hover ?? pinned}
        pinned={!hover && Boolean(pinned)}
        samples={explored && samples ? explored.model.decode(Matrix.fromRows(samples.codes)) : null}
        onSample={sample}
      />
      <DropOverlay session={session} />
    </div>
  );
}

/** Steps of the β slider, a log scale from 0.01 to 100 (1, the evidence lower bound, in the middle). */
const BETA_STEPS = 40;
const betaAt = (step: number) => Number((10 ** ((step - BETA_STEPS / 2) / (BETA_STEPS / 4))).toPrecision(2));

/**
 * β, the KL term's weight, as a slider on a log scale beside the plane (the same setting as the form's
 * β field): the next run trains with it. A larger β pulls the means to the centre and the ellipses
 * to the prior's circle; a smaller one lets the emojis spread.
 */
function BetaControl({ session }: { session: ModelSession }) {
  const { settings, training } = session;
  const beta = Number(settings.beta);
  const step = Number.isFinite(beta) && beta > 0 ? Math.round(Math.log10(beta) * (BETA_STEPS / 4) + BETA_STEPS / 2) : BETA_STEPS / 2;
  const locked = training.state.status === 'running' || training.state.status === 'paused';
  return (
    <div class="plane-tools beta">
      <label title="the weight of the KL term for the next run (the form's β field): larger pulls the codes towards the prior N(0, I), smaller lets them spread apart">
        <span>
          β = <b>{settings.beta}</b>
        </span>
        <input
          type="range"
          name="beta-slider"
          min="0"
          max={BETA_STEPS}
          step="1"
          value={Math.min(BETA_STEPS, Math.max(0, step))}
          disabled={locked}
          onInput={(event) => session.setSettings({ ...settings, beta: String(betaAt(Number((event.currentTarget as HTMLInputElement).value))) })}
        />
      </label>
      <span class="legend">{locked ? 'Reset to train with another β' : 'Start trains with it: compare the ellipses and circles at 0.1, 1 and 10'}</span>
    </div>
  );
}
