import { useEffect, useRef, useState } from 'preact/hooks';
import { emojiDatasetNames } from '../training/page-datasets.js';
import { vaePresetNames } from '../training/run-settings.js';
import { DropOverlay, ErrorLine, TrainingPanel } from '../training/training-panel.js';
import { ignoredKey, useModelSession, type ViewProps } from '../training/use-model-session.js';
import { useSize } from '../use-size.js';
import { ManifoldPlane, planeRange } from './manifold-plane.js';
import { VaeImagesPanel } from './vae-images-panel.js';

/**
 * The VAE view: train a VAE preset on emoji-8 or emoji-4 live in the worker (the loss, its
 * reconstruction and KL terms), watch the manifold and the emojis' latent means, click the plane to
 * decode a point; open a VAE model file made by `latentlab train` (and continue its training), or
 * download the one trained here.
 */
export function VaeView(props: ViewProps) {
  const { active } = props;
  const session = useModelSession({ ...props, presets: vaePresetNames });
  const { explored } = session;
  const [pinned, setPinned] = useState<[number, number] | null>(null);
  const planeBox = useRef<HTMLDivElement>(null);
  const box = useSize(planeBox);
  const size = Math.max(240, Math.min(box.width, box.height || 620) - 8);

  // A new run or file starts with no point pinned.
  useEffect(() => setPinned(null), [session.source]);

  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (ignoredKey(event) || event.key !== 'Escape') return;
      event.preventDefault();
      setPinned(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div class={`view vae-view${active ? ' active' : ''}`}>
      <TrainingPanel session={session} datasets={emojiDatasetNames} />
      <main class="center">
        <ErrorLine session={session} />
        <div class="plane-box" ref={planeBox}>
          {explored ? (
            <ManifoldPlane explored={explored} size={size} pinned={pinned} onPin={setPinned} />
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
            The latent plane, z₁ → and z₂ ↑ over ±{planeRange(explored)}: each cell is the image decoded at its centre;{' '}
            {explored.codes ? 'orange dots are the latent means of the training emojis.' : "this file's training images are not in the page: no means to show."}
          </p>
        ) : null}
      </main>
      <VaeImagesPanel explored={explored} pinned={pinned} />
      <DropOverlay session={session} />
    </div>
  );
}
