import { layerWidths } from './explored-model.js';
import { useEffect, useState } from 'preact/hooks';
import type { OwnDataDialog } from '../own-data/own-data-dialog.js';
import { LossChart } from './loss-chart.js';
import { ownDatasetNames } from './page-datasets.js';
import { LossHistory } from './loss-history.js';
import { describeModel, ModelPanel } from './model-panel.js';
import { TrainingForm } from './training-form.js';
import { TrainingStatus } from './training-status.js';
import type { LoadedFile, ModelSession } from './use-model-session.js';

/** The charts of a run: its loss terms when the kind records them (a VAE's reconstruction and KL), else its loss. */
const TERM_TITLES: Record<string, string> = { reconstruction: 'Reconstruction per image', kl: 'KL per image' };

/**
 * The left column of every view: the training form of the view's kind, start/pause/resume/reset, the
 * live status and loss curves, a model file opened (continued when it holds its training state), model files.
 */
export function TrainingPanel({ session, datasets }: { session: ModelSession; datasets: readonly string[] }) {
  const { training, settings, explored, loaded } = session;
  const [ownData, setOwnData] = useState<typeof OwnDataDialog | null>(null);
  // "Your own data" is loaded the first time it is opened, apart from the page's bundle.
  useEffect(() => {
    if (session.ownData && !ownData) void import('../own-data/own-data-dialog.js').then((module) => setOwnData(() => module.OwnDataDialog));
  }, [session.ownData]);
  const OwnData = session.ownData ? ownData : null;
  const { state } = training;
  const locked = state.status === 'running' || state.status === 'paused';
  const planned = state.spec?.training.epochs ?? (Number(settings.epochs) || 0);
  return (
    <aside class="panel left" aria-label="Training">
      <section>
        <h3>Training</h3>
        <TrainingForm
          kind={session.kind}
          presets={session.presets}
          preset={session.preset}
          datasets={[...datasets, ...ownDatasetNames()]}
          settings={settings}
          errors={session.fieldErrors}
          locked={locked}
          onPreset={session.choosePreset}
          onChange={session.setSettings}
        />
        {Object.keys(session.fieldErrors).length > 0 ? (
          <p class="error form-error" role="alert">
            Not started: {Object.keys(session.fieldErrors).length === 1 ? 'a field needs' : 'some fields need'} a change (marked above).
          </p>
        ) : null}
        <p class="own-data-link">
          <button type="button" class="small" onClick={() => session.setOwnData({ files: [] })} disabled={locked} title="make a dataset of your own PNG pictures or drawings, or open a dataset file, and train on it">
            Your own data…
          </button>
        </p>
        <div class="buttons">
          <button type="button" class="primary" onClick={session.startPauseResume} data-testid="start" title="Space">
            {state.status === 'running' ? (state.pausing ? 'Pausing…' : 'Pause') : state.status === 'paused' ? 'Resume' : 'Start'}
          </button>
          <button type="button" onClick={training.reset} disabled={state.status === 'idle'} title="R">
            Reset
          </button>
          <CopyLink session={session} />
        </div>
        <WatchControls session={session} />
        {loaded ? (
          <OpenedFile session={session} loaded={loaded} />
        ) : (
          <>
            <TrainingStatus state={state} explored={explored} pastEpoch={session.pastEpoch} />
            <Timeline session={session} />
            <Charts losses={state.losses} terms={state.terms} epochs={planned} others={comparedCurves(session)} />
            <LastRuns session={session} />
          </>
        )}
      </section>
      <ModelPanel
        description={explored && describeModel(explored.source, layerWidths(explored), explored.image.name)}
        emptyHint="or drop a model file anywhere on the page"
        openTitle="open a model.json written by latentlab train or by this page (O)"
        downloadTitle="save the model on screen as a latentlab model file: with its training state, so latentlab train --resume continues it"
        onOpen={(file) => void session.openFile(file)}
        onDownload={() => void session.download()}
        onExport={(format, part) => void session.downloadExport(format, part)}
      />
      {OwnData && session.ownData ? (
        <OwnData
          files={session.ownData.files}
          onUse={(name) => {
            session.setSettings({ ...settings, dataset: name });
            session.setOwnData(null);
          }}
          onClose={() => session.setOwnData(null)}
        />
      ) : null}
    </aside>
  );
}

/** A model file on show: what it is, its saved loss curve, and "Continue training" to a total of epochs (or why it cannot go on). */
function OpenedFile({ session, loaded }: { session: ModelSession; loaded: LoadedFile }) {
  const { training } = loaded.file;
  const losses = training ? LossHistory.of(training.losses) : null;
  const terms = training ? Object.fromEntries(Object.entries(training.terms).map(([name, values]) => [name, LossHistory.of(values)])) : {};
  return (
    <div class="opened" data-testid="opened-file" data-file={loaded.name} data-epochs-done={training?.epochsDone ?? ''} data-continuable={String(!loaded.notContinuable)}>
      <p class="status">
        Showing <b>{loaded.name}</b>, opened from a file{training ? `: ${training.epochsDone} epochs trained` : ''}. Start trains a new model from the settings above.
      </p>
      {loaded.notContinuable ? (
        <p class="hint not-continuable">{loaded.notContinuable}</p>
      ) : (
        <div class="continue">
          <label title="the total epochs to train to, counting those the file has done (latentlab train --resume FILE --epochs N)">
            <span>Continue to</span>
            <input
              name="continueEpochs"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={session.continueEpochs}
              onInput={(event) => session.setContinueEpochs((event.currentTarget as HTMLInputElement).value)}
            />
            <span>epochs</span>
          </label>
          <button type="button" class="primary" data-testid="continue" onClick={session.continueTraining}>
            Continue training
          </button>
        </div>
      )}
      {losses ? <Charts losses={losses} terms={terms} epochs={losses.count} /> : null}
    </div>
  );
}

function Charts({ losses, terms, epochs, others }: { losses: LossHistory; terms: Record<string, LossHistory>; epochs: number; others?: { losses: LossHistory; colour: string }[] }) {
  const shown = Object.keys(TERM_TITLES).filter((name) => terms[name]?.count);
  if (shown.length === 0) {
    return <LossChart title="Loss per epoch (log scale)" losses={losses} others={others} epochs={epochs} width={240} height={100} />;
  }
  return (
    <>
      {shown.map((name) => (
        <div key={name} data-testid={`${name}-chart`}>
          <LossChart title={`${TERM_TITLES[name]} (log scale)`} losses={terms[name]} epochs={epochs} width={240} height={62} />
        </div>
      ))}
    </>
  );
}

/** A view's error line, dismissable. */
export function ErrorLine({ session }: { session: ModelSession }) {
  if (!session.error) return null;
  return (
    <div class="error" role="alert">
      <span>{session.error}</span>
      <button type="button" class="small" onClick={() => session.setError(null)} aria-label="dismiss">
        ✕
      </button>
    </div>
  );
}

/** Shown over the page while a file is dragged over it. */
export function DropOverlay({ session }: { session: ModelSession }) {
  return session.dropping ? <div class="drop-overlay">Drop a latentlab model file to open it, or PNG pictures, a folder or a dataset file to train on</div> : null;
}

/** Speeds a run can be held to, in epochs a second (null: as fast as the worker trains). */
const SPEEDS: readonly (number | null)[] = [null, 1000, 100, 10, 1];
/** Steps of training, in epochs. */
const STEPS = [1, 10, 100];

/** Watch it learn: train 1, 10 or 100 epochs and pause; hold the run to a speed. */
function WatchControls({ session }: { session: ModelSession }) {
  const { status } = session.training.state;
  return (
    <div class="watch" data-testid="watch">
      <span class="watch-label">Step</span>
      {STEPS.map((epochs) => (
        <button
          key={epochs}
          type="button"
          class="small"
          data-testid={`step-${epochs}`}
          disabled={Boolean(session.loaded) || status === 'finished' || status === 'failed'}
          title={`train ${epochs} epoch${epochs === 1 ? '' : 's'} and pause (a new run starts paused after them)`}
          onClick={() => session.step(epochs)}
        >
          +{epochs}
        </button>
      ))}
      <label class="speed" title="the most epochs a second the run trains: slow it down to watch the codes move">
        <span>Speed</span>
        <select
          name="speed"
          value={String(session.speed)}
          onInput={(event) => {
            const value = (event.currentTarget as HTMLSelectElement).value;
            session.setSpeed(value === 'null' ? null : Number(value));
            event.currentTarget.blur();
          }}
        >
          {SPEEDS.map((speed) => (
            <option key={String(speed)} value={String(speed)}>
              {speed === null ? 'full' : `${speed}/s`}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The run's models to scrub back through: the plane shows the one chosen, "live" the newest. */
function Timeline({ session }: { session: ModelSession }) {
  const { timeline, pastEpoch } = session;
  if (timeline.length < 2) return null;
  // The entry on show: the past snapshot scrubbed to, else the newest.
  const found = pastEpoch === null ? -1 : timeline.findIndex((entry) => entry.epoch === pastEpoch);
  const at = found >= 0 ? found : timeline.length - 1;
  return (
    <div class="timeline" data-testid="timeline" data-snapshots={timeline.length} data-shown-epoch={timeline[at].epoch} data-live={String(pastEpoch === null)}>
      <label>
        <span>
          Timeline: epoch <b>{timeline[at].epoch}</b> ({at + 1} of {timeline.length} snapshots)
        </span>
        <input
          type="range"
          name="timeline"
          min="0"
          max={timeline.length - 1}
          step="1"
          value={at}
          aria-valuetext={`epoch ${timeline[at].epoch}`}
          onInput={(event) => {
            const index = Number((event.currentTarget as HTMLInputElement).value);
            session.scrub(index === timeline.length - 1 ? null : timeline[index].epoch);
          }}
        />
      </label>
      <button type="button" class="small" disabled={pastEpoch === null} onClick={() => session.scrub(null)} title="back to the newest model">
        live
      </button>
    </div>
  );
}

/** The colours of compared runs, the oldest first. */
const RUN_COLOURS = ['#8d99ae', '#e85d04', '#2a9d8f', '#9b5de5'];

/** The runs before the current one, each in its colour (at most RUN_COLOURS of them). */
function pastRuns(session: ModelSession) {
  const current = session.training.state.run;
  return session.runs.filter((run) => run.run !== current).slice(-RUN_COLOURS.length).map((run, i) => ({ ...run, colour: RUN_COLOURS[i] }));
}

const comparedCurves = (session: ModelSession) => pastRuns(session).map(({ losses, colour }) => ({ losses, colour }));

/** The last runs' settings beside their colours on the loss chart. */
function LastRuns({ session }: { session: ModelSession }) {
  const past = pastRuns(session);
  if (past.length === 0) return null;
  return (
    <div class="last-runs" data-testid="last-runs">
      <h3 class="chart-title">Compared with the last runs</h3>
      <ul>
        {past.map((run) => (
          <li key={run.run} data-run={run.run} data-last-loss={run.losses.last}>
            <i class="swatch" style={{ background: run.colour }} /> <code>{run.settings}</code>: {run.epoch} epochs, loss {run.losses.last?.toPrecision(4) ?? '–'}
          </li>
        ))}
        <li>
          <i class="swatch" style={{ background: 'var(--accent)' }} /> this run
        </li>
      </ul>
    </div>
  );
}

/** Copies the page's link (the view, its settings, the epoch reached, the plane's zoom and pin) to the clipboard. */
function CopyLink({ session }: { session: ModelSession }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    const link = session.link();
    try {
      await navigator.clipboard.writeText(link);
      setCopied('link copied');
    } catch {
      setCopied('copy the address bar: the clipboard is closed to this page');
    }
    setTimeout(() => setCopied(null), 2500);
  };
  return (
    <>
      <button
        type="button"
        data-testid="copy-link"
        title={session.loaded ? 'a link to these settings (a model opened from a file is not in a link)' : 'a link that rebuilds this model: the settings, the epoch reached, the zoom and the pinned point'}
        onClick={() => void copy()}
      >
        Copy link
      </button>
      {copied ? (
        <span class="copied" role="status">
          {copied}
        </span>
      ) : null}
    </>
  );
}
