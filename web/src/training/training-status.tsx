import type { ExploredModel } from './explored-model.js';
import type { TrainingState } from './use-training.js';

/** One line on the run: epoch, loss, speed, wrong pixels; or why it ended. */
export function TrainingStatus({ state, explored, fileName }: { state: TrainingState; explored: ExploredModel | null; fileName: string | null }) {
  if (state.status === 'failed') return <p class="status failed" role="alert">Training failed: {state.error}</p>;
  if (fileName) return <p class="status">Showing {fileName}, opened from a file. Start trains a new model from the settings above.</p>;
  if (state.status === 'idle' || !state.spec) return <p class="status">Not training. Space starts, R resets.</p>;
  const planned = state.spec.training.epochs;
  const loss = state.losses.last;
  const speed = state.trainSeconds > 0 ? Math.round(state.epoch / state.trainSeconds) : null;
  const wrong = explored?.wrongPixels;
  const total = wrong ? wrong.reduce((a, b) => a + b, 0) : null;
  const ending =
    state.status === 'finished'
      ? state.stoppedEarly
        ? `stopped at epoch ${state.epoch}: every glyph within ${state.spec.training.stopAtWrongPixels} wrong pixels`
        : `finished ${state.epoch} epochs in ${state.trainSeconds.toFixed(2)} s`
      : state.status === 'paused'
        ? 'paused'
        : null;
  return (
    <div class="status" data-testid="status" data-status={state.status} data-epoch={state.epoch} data-epochs-per-second={speed ?? ''} data-wrong-pixels={total ?? ''}>
      <p>
        epoch <b>{state.epoch}</b> / {planned}
        {loss !== undefined ? (
          <>
            {' '}
            · loss <b>{loss.toPrecision(3)}</b>
          </>
        ) : null}
        {speed ? ` · ${speed.toLocaleString('en')} epochs/s` : null}
      </p>
      {total !== null && wrong ? (
        <p>
          wrong pixels <b>{total}</b> / {explored!.glyphs!.data.length} (worst glyph {Math.max(...wrong)})
        </p>
      ) : null}
      {ending ? <p class="ending">{ending}</p> : null}
    </div>
  );
}
