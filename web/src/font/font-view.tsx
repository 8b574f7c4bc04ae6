import { useEffect, useRef, useState } from 'preact/hooks';
import type { NewGlyph } from '../../../src/eval/new-glyphs.js';
import { useSize } from '../use-size.js';
import { DecodedPanel } from './decoded-panel.js';
import { InterpolationStrip } from './interpolation-strip.js';
import { gridPoints, LatentPlane, type DecodedGrid } from './latent-plane.js';
import { NewGlyphsPanel, SHOWN } from './new-glyphs-panel.js';
import { NetworkPanel } from './network-panel.js';
import { ComparedPlane, ComparePicker } from './compared-plane.js';
import { fitView, viewShowing, zoomView, type PlaneView, type Point } from './plane-geometry.js';
import { linkNumbers, openedLink, readNumbers, type LinkParams } from '../link.js';
import { codeActivation } from '../training/explored-model.js';
import { fontDatasetNames } from '../training/page-datasets.js';
import { plainPresetNames } from '../training/run-settings.js';
import { DropOverlay, ErrorLine, TrainingPanel } from '../training/training-panel.js';
import { useModelSession, type ModelSession, type ViewProps } from '../training/use-model-session.js';
import { usePlaneMarks } from '../plane-marks.js';
import { useShortcuts } from '../use-shortcuts.js';

/** While training runs, found glyphs are rescanned at most this often. */
const RESCAN_MS = 700;

/** The font autoencoder: train live, watch the codes move, decode any point, interpolate, invent glyphs, look inside the network, compare runs. */
export function FontView(props: ViewProps) {
  const { active } = props;
  const session = useModelSession({ ...props, presets: plainPresetNames });
  const [showGrid, setShowGrid] = useState(true);
  // A view opened from a link gets its zoom and pin back on the run the link rebuilds (or on no run, when it had none).
  const restoring = session.linked !== null && session.source === (session.linked.epoch ? 'run:1' : 'run:0');
  return (
    <div class={`view font-view${active ? ' active' : ''}`}>
      <TrainingPanel session={session} datasets={fontDatasetNames} />
      {/* Keyed by the run or file: a new one starts with a fresh view of the plane (no zoom, pin or scan). */}
      <PlaneExplorer key={session.source} session={session} active={active} showGrid={showGrid} onShowGrid={setShowGrid} linked={restoring ? linkedPlane() : null} />
      <DropOverlay session={session} />
    </div>
  );
}

/** The zoom and pinned point of the link the page was opened with. */
function linkedPlane(): { zoom: PlaneView | null; pin: Point | null } {
  const zoom = readNumbers(openedLink.get('zoom'), 4);
  const pin = readNumbers(openedLink.get('pin'), 2);
  return { zoom: zoom && { x0: zoom[0], x1: zoom[1], y0: zoom[2], y1: zoom[3] }, pin: pin && [pin[0], pin[1]] };
}

/** The plane, the interpolation strip, the decoded glyph and the new glyphs of the model on show. */
interface PlaneExplorerProps {
  session: ModelSession;
  active: boolean;
  showGrid: boolean;
  onShowGrid(shown: boolean): void;
  /** The zoom and pin to start from (a link's), or null. */
  linked: { zoom: PlaneView | null; pin: Point | null } | null;
}

function PlaneExplorer({ session, active, showGrid, onShowGrid, linked }: PlaneExplorerProps) {
  const { explored, training, explorer } = session;
  const status = training.state.status;
  const { marks, setPinned, setInterpolation, clear } = usePlaneMarks(linked?.pin ?? null);
  const { pinned, hover, interpolation } = marks;
  const [zoomed, setZoomed] = useState<PlaneView | null>(linked?.zoom ?? null);
  const [scanning, setScanning] = useState(false);
  const [found, setFound] = useState<NewGlyph[] | null>(null);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const [grid, setGrid] = useState<DecodedGrid | null>(null);
  const [compared, setCompared] = useState<number | null>(null);
  const planeBox = useRef<HTMLDivElement>(null);
  const box = useSize(planeBox);

  const latentActivation = explored ? codeActivation(explored) : (session.settings.latentActivation ?? 'identity');
  const fit = fitView(explored?.codes ?? null, latentActivation);
  const view = zoomed ?? fit;
  const comparing = compared !== null && session.runs.some((run) => run.run === compared);
  const room = Math.max(200, Math.min(box.width, box.height));
  const size = comparing ? Math.max(200, Math.min(Math.floor((box.width - 12) / 2), box.height - 24)) : room;
  const viewKey = `${view.x0},${view.x1},${view.y0},${view.y1}`;

  // The plane's part of the page's link.
  const { setPlaneLink } = session;
  useEffect(() => {
    const link: LinkParams = {};
    if (zoomed) link.zoom = linkNumbers([zoomed.x0, zoomed.x1, zoomed.y0, zoomed.y1]);
    if (pinned) link.pin = linkNumbers(pinned);
    setPlaneLink(link);
  }, [zoomed, pinned]);

  // The decoded grid, decoded by the explore worker for the model and view on show (only while the view is on screen).
  useEffect(() => {
    if (!showGrid || !explored || !active) return;
    let current = true;
    const points = gridPoints(view);
    explorer
      .decode(points)
      .then((images) => {
        if (current && images) setGrid({ points, images });
      })
      .catch((problem: Error) => session.setError(problem.message));
    return () => {
      current = false;
    };
  }, [explored, showGrid, viewKey, active]);

  // Found glyphs follow the model as it trains: one scan at a time in the explore worker, at most every RESCAN_MS.
  const scan = useRef({ busy: false, again: false, at: 0, mounted: true });
  useEffect(
    () => () => {
      scan.current.mounted = false;
    },
    [],
  );
  const rescan = () => {
    const state = scan.current;
    if (state.busy) {
      state.again = true;
      return;
    }
    state.busy = true;
    const wait = status === 'running' ? Math.max(0, state.at + RESCAN_MS - performance.now()) : 0;
    setTimeout(() => {
      state.at = performance.now();
      explorer
        .scan()
        .then((glyphs) => {
          if (state.mounted && glyphs) setFound(glyphs);
        })
        .catch((problem: Error) => state.mounted && session.setError(problem.message))
        .finally(() => {
          state.busy = false;
          if (state.again && state.mounted) {
            state.again = false;
            rescan();
          }
        });
    }, wait);
  };
  useEffect(() => {
    if (scanning && explored?.codes && active) rescan();
  }, [scanning, explored, active]);

  const find = () => {
    if (explored?.codes) setScanning(true);
  };
  /** Pins a point, moving the view to it when it is outside (a found glyph picked while zoomed in). */
  const pinShown = (point: Point) => {
    setPinned(point);
    if (zoomed) setZoomed(viewShowing(zoomed, point));
  };

  useShortcuts(active, {
    f: find,
    g: () => onShowGrid(!showGrid),
    Escape: clear,
  });

  return (
    <>
      <main class="center" aria-label="The latent plane">
        <ErrorLine session={session} />
        <div class={`plane-box${comparing ? ' comparing' : ''}`} ref={planeBox}>
          {explored ? (
            <figure class="plane-figure">
              <LatentPlane
                explored={explored}
                view={view}
                size={size}
                {...marks}
                newGlyphs={found && found.slice(0, SHOWN)}
                highlighted={highlighted}
                grid={showGrid ? grid : null}
                onZoom={(factor, about) => {
                  const next = zoomView(view, factor, about, fit);
                  setZoomed(next);
                  return next;
                }}
              />
              {comparing ? <figcaption>this run: {explored.source.name}</figcaption> : null}
            </figure>
          ) : (
            <div class="empty" style={{ width: `${size}px`, height: `${size}px` }}>
              <p>
                <b>Start</b> training (Space) to watch the 32 glyphs find their places on the 2-D latent plane,
                <br />
                or <b>open a model file</b> made with <code>latentlab train</code> (or drop it here).
              </p>
            </div>
          )}
          {comparing && explored ? <ComparedPlane session={session} run={compared} size={size} /> : null}
        </div>
        {explored ? (
          <div class="plane-tools">
            <label>
              <input type="checkbox" checked={showGrid} onChange={() => onShowGrid(!showGrid)} /> decoded grid (G)
            </label>
            <button type="button" class="small" onClick={() => setZoomed(null)} disabled={!zoomed}>
              fit view
            </button>
            <ComparePicker session={session} compared={comparing ? compared : null} onCompare={setCompared} />
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
              onPick={pinShown}
            />
            <NetworkPanel explored={explored} pinned={pinned} />
          </>
        ) : (
          <p class="hint">The decoded glyph under the pointer and the glyphs the decoder invents appear here.</p>
        )}
      </aside>
    </>
  );
}
