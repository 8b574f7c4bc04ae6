import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { downloadText } from '../download.js';
import { ignoredKey } from '../training/use-model-session.js';
import { useTraining } from '../training/use-training.js';
import { useSize } from '../use-size.js';
import { exploredVaeFromFile, exploredVaeFromTraining, vaeFileText, type ExploredVae } from './explored-vae.js';
import { ManifoldPlane, planeRange } from './manifold-plane.js';
import { VaeImagesPanel } from './vae-images-panel.js';
import { VAE_PRESET, vaeDefaults, vaeSpecFromSettings, type VaeSettings } from './vae-settings.js';
import { VaeTrainingPanel } from './vae-training-panel.js';
import { describeModel, ModelPanel } from '../training/model-panel.js';

/**
 * The VAE view: train the vae-emoji preset on emoji-8 or emoji-4 live in the worker (the loss, its
 * reconstruction and KL terms), watch the manifold and the emojis' latent means, click the plane to
 * decode a point; open a VAE model file made by `latentlab train`, or download the one trained here.
 */
export function VaeView({ active, openedFile }: { active: boolean; openedFile: File | null }) {
  const [settings, setSettings] = useState<VaeSettings>(vaeDefaults);
  const training = useTraining('start-vae');
  const { state } = training;
  const [loaded, setLoaded] = useState<ExploredVae | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pinned, setPinned] = useState<[number, number] | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const planeBox = useRef<HTMLDivElement>(null);
  const box = useSize(planeBox);
  const size = Math.max(240, Math.min(box.width, box.height || 620) - 8);

  const explored = useMemo(
    () => loaded ?? (state.spec && state.parameters ? exploredVaeFromTraining(state.spec, state.parameters, `${VAE_PRESET}-${state.spec.data.dataset}-seed${state.spec.training.seed}`) : null),
    [loaded, state.spec, state.parameters],
  );

  const start = () => {
    try {
      const spec = vaeSpecFromSettings(settings);
      setError(null);
      setLoaded(null);
      setPinned(null);
      training.start(spec);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  const startPauseResume = () => {
    if (state.status === 'running') training.pause();
    else if (state.status === 'paused') training.resume();
    else start();
  };
  const openFile = async (file: File) => {
    try {
      const model = exploredVaeFromFile(file.name, await file.text());
      training.reset();
      setLoaded(model);
      setPinned(null);
      setError(null);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  const download = () => {
    if (!explored) return;
    downloadText(explored.source.kind === 'file' ? explored.source.name : `${explored.source.name}-model.json`, vaeFileText(explored));
  };

  // A VAE file opened in another view is handed over to this one.
  useEffect(() => {
    if (openedFile) void openFile(openedFile);
  }, [openedFile]);

  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (ignoredKey(event)) return;
      const actions: Record<string, () => void> = { ' ': startPauseResume, r: training.reset, o: () => input.current?.click(), Escape: () => setPinned(null) };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    // A file dropped anywhere on the page opens here (and never replaces the page).
    const over = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    const drop = (event: DragEvent) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void openFile(file);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  });


  return (
    <div class={`view vae-view${active ? ' active' : ''}`}>
      <aside class="panel left">
        <VaeTrainingPanel
          settings={settings}
          onSettings={setSettings}
          state={state}
          fileName={loaded?.source.name ?? null}
          onStartPauseResume={startPauseResume}
          onReset={training.reset}
        />
        <ModelPanel
          description={explored && describeModel(explored.source, vaeLayers(explored), explored.image.name)}
          emptyHint="a VAE model file made by latentlab train"
          openTitle="open a VAE model.json written by latentlab train or by this page (O)"
          downloadTitle="save the VAE on screen as a latentlab model file"
          onOpen={(file) => void openFile(file)}
          onDownload={download}
          inputRef={input}
        />
      </aside>
      <main class="center">
        {error ? (
          <div class="error" role="alert">
            <span>{error}</span>
            <button type="button" class="small" onClick={() => setError(null)} aria-label="dismiss">
              ✕
            </button>
          </div>
        ) : null}
        <div class="plane-box" ref={planeBox}>
          {explored ? (
            <ManifoldPlane explored={explored} size={size} pinned={pinned} onPin={setPinned} />
          ) : (
            <div class="empty" style={{ width: `${size}px`, height: `${size}px` }}>
              <p>
                <b>Start</b> training (Space) to watch the manifold form and the emojis' means spread over the 2-D latent plane,
                <br />
                or <b>open a VAE model file</b> made with <code>latentlab train --preset vae-emoji</code>.
              </p>
            </div>
          )}
        </div>
        {explored ? (
          <p class="hint plane-caption">
            The latent plane, z₁ → and z₂ ↑ over ±{planeRange(explored)}: each cell is the image decoded at its centre;{' '}
            {explored.means ? 'orange dots are the latent means of the training emojis.' : "this file's training images are not shipped with the page: no means to show."}
          </p>
        ) : null}
      </main>
      <VaeImagesPanel explored={explored} pinned={pinned} />
    </div>
  );
}

/** The layer widths from the input to the 2-D code and back, as the CLI prints them (e.g. 400-200-2-200-400). */
function vaeLayers({ model }: ExploredVae): string {
  return [...model.encoderNetwork.sizes.slice(0, -1), ...model.decoderNetwork.sizes].join('-');
}
