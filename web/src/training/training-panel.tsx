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
          locked={locked}
          onPreset={session.choosePreset}
          onChange={session.setSettings}
        />
        <p class="own-data-link">
          <button type="button" class="small" onClick={() => session.setOwnData({ files: [] })} disabled={locked} title="make a dataset of your own PNG pictures or drawings, or open a dataset file, and train on it">
            Your own data…
          </button>
        </p>
        <div class="buttons">
          <button type="button" class="primary" onClick={session.startPauseResume} data-testid="start" title="Space">
            {state.status === 'running' ? 'Pause' : state.status === 'paused' ? 'Resume' : 'Start'}
          </button>
          <button type="button" onClick={training.reset} disabled={state.status === 'idle'} title="R">
            Reset
          </button>
        </div>
        {loaded ? (
          <OpenedFile session={session} loaded={loaded} />
        ) : (
          <>
            <TrainingStatus state={state} explored={explored} />
            <Charts losses={state.losses} terms={state.terms} epochs={planned} />
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

function Charts({ losses, terms, epochs }: { losses: LossHistory; terms: Record<string, LossHistory>; epochs: number }) {
  const shown = Object.keys(TERM_TITLES).filter((name) => terms[name]?.count);
  if (shown.length === 0) {
    return <LossChart title="Loss per epoch (log scale)" losses={losses} epochs={epochs} width={240} height={100} />;
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
