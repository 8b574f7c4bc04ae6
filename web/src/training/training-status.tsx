import type { ExploredModel } from './explored-model.js';
import type { TrainingState } from './use-training.js';

/** The run's lines: epoch, loss, speed; wrong pixels (binary data) or the loss terms (a VAE's); or why it ended. */
export function TrainingStatus({ state, explored }: { state: TrainingState; explored: ExploredModel | null }) {
  if (state.status === 'failed') return <p class="status failed" role="alert">Training failed: {state.error}</p>;
  if (state.status === 'idle' || !state.spec) return <p class="status">Not training. Space starts, R resets.</p>;
  const planned = state.spec.training.epochs;
  const loss = state.losses.last;
  const trained = state.epoch - state.firstEpoch;
  const speed = state.trainSeconds > 0 && trained > 0 ? Math.round(trained / state.trainSeconds) : null;
  const wrong = explored?.wrongPixels;
  const total = wrong ? wrong.reduce((a, b) => a + b, 0) : null;
  const { reconstruction, kl } = state.terms;
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
        : null;
  return (
    <div class="status" data-testid="status" data-status={state.status} data-epoch={state.epoch} data-epochs-per-second={speed ?? ''} data-wrong-pixels={total ?? ''} data-threads={state.threads}>
      <p>
        epoch <b>{state.epoch}</b> / {planned}
        {loss !== undefined ? (
          <>
            {' '}
            · loss <b>{loss.toPrecision(4)}</b>
          </>
        ) : null}
        {speed ? ` · ${speed.toLocaleString('en')} epochs/s` : null}
        {` · ${state.threads} thread${state.threads > 1 ? 's' : ''}`}
      </p>
      {total !== null && wrong && explored?.dataset ? (
        <p>
          wrong pixels <b>{total}</b> / {explored.dataset.inputs.data.length} (worst glyph {Math.max(...wrong)})
        </p>
      ) : null}
      {reconstruction?.last !== undefined && kl?.last !== undefined ? (
        <p>
          reconstruction <b>{reconstruction.last.toPrecision(4)}</b> · KL <b>{kl.last.toPrecision(3)}</b>
        </p>
      ) : null}
      {ending ? <p class="ending">{ending}</p> : null}
    </div>
  );
}

function stopLimit(state: TrainingState): string {
  const training: Record<string, unknown> = { ...state.spec?.training };
  return String(training.stopAtWrongPixels ?? '');
}
