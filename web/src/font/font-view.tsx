import { useEffect, useRef, useState } from 'preact/hooks';
import type { NewGlyph } from '../../../src/eval/new-glyphs.js';
import { useSize } from '../use-size.js';
import { DecodedPanel } from './decoded-panel.js';
import { InterpolationStrip } from './interpolation-strip.js';
import { LatentPlane, type PlaneEnd } from './latent-plane.js';
import { NewGlyphsPanel, SHOWN, scanNewGlyphs } from './new-glyphs-panel.js';
import { fitView, zoomView, type PlaneView, type Point } from './plane-geometry.js';
import { codeActivation } from '../training/explored-model.js';
import { fontDatasetNames } from '../training/page-datasets.js';
import { plainPresetNames } from '../training/run-settings.js';
import { DropOverlay, ErrorLine, TrainingPanel } from '../training/training-panel.js';
import { ignoredKey, useModelSession, type ModelSession, type ViewProps } from '../training/use-model-session.js';

/** While training runs, found glyphs are rescanned at most this often. */
const RESCAN_MS = 700;

/** The font autoencoder: train live, watch the codes move, decode any point, interpolate, invent glyphs. */
export function FontView(props: ViewProps) {
  const { active } = props;
  const session = useModelSession({ ...props, presets: plainPresetNames });
  const [showGrid, setShowGrid] = useState(true);
  return (
    <div class={`view font-view${active ? ' active' : ''}`}>
      <TrainingPanel session={session} datasets={fontDatasetNames} />
      {/* Keyed by the run or file: a new one starts with a fresh view of the plane (no zoom, pin or scan). */}
      <PlaneExplorer key={session.source} session={session} active={active} showGrid={showGrid} onShowGrid={setShowGrid} />
      <DropOverlay session={session} />
    </div>
  );
}

/** The plane, the interpolation strip, the decoded glyph and the new glyphs of the model on show. */
interface PlaneExplorerProps {
  session: ModelSession;
  active: boolean;
  showGrid: boolean;
  onShowGrid(shown: boolean): void;
}

function PlaneExplorer({ session, active, showGrid, onShowGrid }: PlaneExplorerProps) {
  const { explored, training } = session;
  const status = training.state.status;
  const [pinned, setPinned] = useState<Point | null>(null);
  const [hover, setHover] = useState<Point | null>(null);
  const [interpolation, setInterpolation] = useState<{ from: PlaneEnd; to: PlaneEnd } | null>(null);
  const [zoomed, setZoomed] = useState<PlaneView | null>(null);
  const [scanning, setScanning] = useState(false);
  const [found, setFound] = useState<NewGlyph[] | null>(null);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const planeBox = useRef<HTMLDivElement>(null);
  const box = useSize(planeBox);

  const latentActivation = explored ? codeActivation(explored) : (session.settings.latentActivation ?? 'identity');
  const view = zoomed ?? fitView(explored?.codes ?? null, latentActivation);
  const size = Math.max(200, Math.min(box.width, box.height));

  // Found glyphs follow the model as it trains, rescanned at most every RESCAN_MS.
  const lastScan = useRef(0);
  useEffect(() => {
    if (!scanning || !explored) return;
    const wait = status === 'running' ? Math.max(0, lastScan.current + RESCAN_MS - performance.now()) : 0;
    const timer = setTimeout(() => {
      lastScan.current = performance.now();
      setFound(scanNewGlyphs(explored));
    }, wait);
    return () => clearTimeout(timer);
  }, [scanning, explored, status]);

  const find = () => {
    if (explored?.codes) setScanning(true);
  };

  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (ignoredKey(event)) return;
      const actions: Record<string, () => void> = {
        f: find,
        g: () => onShowGrid(!showGrid),
        Escape: () => {
          setInterpolation(null);
          setPinned(null);
        },
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <>
      <main class="center" aria-label="The latent plane">
        <ErrorLine session={session} />
        <div class="plane-box" ref={planeBox}>
          {explored ? (
            <LatentPlane
              explored={explored}
              view={view}
              size={size}
              pinned={pinned}
              hover={hover}
              interpolation={interpolation}
              newGlyphs={found && found.slice(0, SHOWN)}
              highlighted={highlighted}
              showGrid={showGrid}
              onHover={setHover}
              onPin={setPinned}
              onInterpolate={(from, to) => setInterpolation({ from, to })}
              onZoom={(factor, about) => setZoomed(zoomView(view, factor, about))}
            />
          ) : (
            <div class="empty" style={{ width: `${size}px`, height: `${size}px` }}>
              <p>
                <b>Start</b> training (Space) to watch the 32 glyphs find their places on the 2-D latent plane,
                <br />
                or <b>open a model file</b> made with <code>latentlab train</code> (or drop it here).
              </p>
            </div>
          )}
        </div>
        {explored ? (
          <div class="plane-tools">
            <label>
              <input type="checkbox" checked={showGrid} onChange={() => onShowGrid(!showGrid)} /> decoded grid (G)
            </label>
            <button type="button" class="small" onClick={() => setZoomed(null)} disabled={!zoomed}>
              fit view
            </button>
            {explored.codes ? (
              <span class="legend">
                codes: <i class="dot exact" /> exact <i class="dot one" /> 1 wrong pixel <i class="dot many" /> 2 or more
              </span>
            ) : (
              <span class="legend">this model file's glyphs are not built in: no codes to show</span>
            )}
          </div>
        ) : null}
        {explored ? <InterpolationStrip explored={explored} interpolation={interpolation} onClear={() => setInterpolation(null)} /> : null}
      </main>

      <aside class="panel right" aria-label="Decoded glyphs">
        {explored ? (
          <>
            <DecodedPanel explored={explored} point={hover ?? pinned} pinned={!hover && Boolean(pinned)} />
            <NewGlyphsPanel
              explored={explored}
              found={found}
              highlighted={highlighted}
              onFind={find}
              onHighlight={setHighlighted}
              onPick={(point) => setPinned(point)}
            />
          </>
        ) : (
          <p class="hint">The decoded glyph under the pointer and the glyphs the decoder invents appear here.</p>
        )}
      </aside>
    </>
  );
}
