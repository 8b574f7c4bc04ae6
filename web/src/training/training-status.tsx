import type { ExploredModel } from './explored-model.js';
import type { TrainingState } from './use-training.js';

/**
 * The run's lines: epoch, loss, speed; wrong pixels (binary data) or the loss terms (a VAE's); or why it
 * ended. Scrubbed back to a past snapshot (`pastEpoch`), every number is that snapshot's (its epoch, loss,
 * terms and wrong pixels, as the plane shows it), said to be a past one, and the run's own state follows.
 */
export function TrainingStatus({ state, explored, pastEpoch = null }: { state: TrainingState; explored: ExploredModel | null; pastEpoch?: number | null }) {
  if (state.status === 'failed') return <p class="status failed" role="alert">Training failed: {state.error}</p>;
  if (state.status === 'idle' || !state.spec) return <p class="status">Not training. Space starts, R resets.</p>;
  const planned = state.spec.training.epochs;
  /** The epoch whose numbers are shown: the past snapshot's, or the run's newest. */
  const epoch = pastEpoch ?? state.epoch;
  const lossAt = (history: TrainingState['losses'] | undefined) => (history && history.count >= epoch && epoch > 0 ? history.at(epoch - 1) : undefined);
  const loss = lossAt(state.losses);
  const trained = state.epoch - state.firstEpoch;
  const speed = state.trainSeconds > 0 && trained > 0 ? Math.round(trained / state.trainSeconds) : null;
  const wrong = explored?.wrongPixels;
  const total = wrong ? wrong.reduce((a, b) => a + b, 0) : null;
  const reconstruction = lossAt(state.terms.reconstruction);
  const kl = lossAt(state.terms.kl);
  const timing = `in ${state.trainSeconds.toFixed(2)} s`;
  const ending =
    state.status === 'finished'
      ? state.stoppedEarly
        ? `stopped at epoch ${state.epoch}: every glyph within ${stopLimit(state)} wrong pixels`
        : state.firstEpoch > 0
          ? `finished ${state.epoch} epochs, continued from epoch ${state.firstEpoch}: ${trained} more ${timing}`
          : `finished ${state.epoch} epochs ${timing}`
      : state.status === 'paused'
        ? 'paused'
        : state.pausing
          ? 'pausing once the epoch in progress ends'
          : null;
  return (
    <div
      class={pastEpoch === null ? 'status' : 'status past'}
      data-testid="status"
      data-status={state.status}
      data-epoch={state.epoch}
      data-shown-epoch={epoch}
      data-epochs-per-second={speed ?? ''}
      data-wrong-pixels={total ?? ''}
      data-threads={state.threads}
    >
      {pastEpoch !== null ? (
        <p class="past-note">
          <b>Past snapshot</b>: the model at epoch {pastEpoch}, scrubbed back to on the timeline ("live" returns to the newest).
        </p>
      ) : null}
      <p>
        epoch <b>{epoch}</b> / {planned}
        {loss !== undefined ? (
          <>
            {' '}
            · loss <b>{loss.toPrecision(4)}</b>
          </>
        ) : null}
        {pastEpoch === null && speed ? ` · ${speed.toLocaleString('en')} epochs/s` : null}
        {pastEpoch === null ? ` · ${state.threads} thread${state.threads > 1 ? 's' : ''}` : null}
      </p>
      {total !== null && wrong && explored?.dataset ? (
        <p>
          wrong pixels <b>{total}</b> / {explored.dataset.inputs.data.length} (worst glyph {Math.max(...wrong)})
        </p>
      ) : null}
      {reconstruction !== undefined && kl !== undefined ? (
        <p>
          reconstruction <b>{reconstruction.toPrecision(4)}</b> · KL <b>{kl.toPrecision(3)}</b>
        </p>
      ) : null}
      {pastEpoch !== null ? (
        <p class="ending">
          the run itself: epoch {state.epoch}, {state.status === 'running' ? 'training' : (ending ?? state.status)}
        </p>
      ) : ending ? (
        <p class="ending">{ending}</p>
      ) : null}
    </div>
  );
}

function stopLimit(state: TrainingState): string {
  const training: Record<string, unknown> = { ...state.spec?.training };
  return String(training.stopAtWrongPixels ?? '');
}
