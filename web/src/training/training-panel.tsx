import { LossChart } from './loss-chart.js';
import { describeModel, ModelPanel } from './model-panel.js';
import { TrainingForm } from './training-form.js';
import { TrainingStatus } from './training-status.js';
import type { ModelSession } from './use-model-session.js';

/** The left column of a view: the training form, start/pause/resume/reset, the live status and loss curve, model files. */
export function TrainingPanel({ session, showNoise }: { session: ModelSession; showNoise: boolean }) {
  const { training, settings, explored, loaded } = session;
  const { state } = training;
  const locked = state.status === 'running' || state.status === 'paused';
  return (
    <aside class="panel left">
      <section>
        <h3>Training</h3>
        <TrainingForm
          presets={session.presets}
          preset={session.preset}
          showNoise={showNoise}
          settings={settings}
          locked={locked}
          onPreset={session.choosePreset}
          onChange={session.setSettings}
        />
        <div class="buttons">
          <button type="button" class="primary" onClick={session.startPauseResume} data-testid="start" title="Space">
            {state.status === 'running' ? 'Pause' : state.status === 'paused' ? 'Resume' : 'Start'}
          </button>
          <button type="button" onClick={training.reset} disabled={state.status === 'idle'} title="R">
            Reset
          </button>
        </div>
        <TrainingStatus state={state} explored={loaded ? null : explored} fileName={loaded?.source.name ?? null} />
        {loaded ? null : (
          <>
            <h3 class="chart-title">Loss per epoch (log scale)</h3>
            <LossChart losses={state.losses} epochs={state.spec?.training.epochs ?? (Number(settings.epochs) || 0)} width={262} height={100} />
          </>
        )}
      </section>
      <ModelPanel
        description={explored && describeModel(explored.source, explored.model.network.sizes.join('-'), explored.image.name)}
        emptyHint="or drop a model file anywhere on the page"
        openTitle="open a model.json written by latentlab train or by this page (O)"
        downloadTitle="save the model on screen as a latentlab model file"
        onOpen={(file) => void session.openFile(file)}
        onDownload={session.download}
      />
    </aside>
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
  return session.dropping ? <div class="drop-overlay">Drop a latentlab model file to open it</div> : null;
}
