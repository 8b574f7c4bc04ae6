import { vaePreset } from '../../../src/runs/vae/presets.js';
import type { VaeRunSpec } from '../../../src/runs/vae/spec.js';
import { LossChart } from '../training/loss-chart.js';
import type { TrainingState } from '../training/use-training.js';
import { emojiDataset, emojiDatasetNames } from './emoji-datasets.js';
import { VAE_PRESET, type VaeSettings } from './vae-settings.js';

const { model, training } = vaePreset(VAE_PRESET);
const { optimizer } = training;

/** The preset's layer widths on a data set, e.g. 400-200-2-200-400 on the 20x20 emojis. */
function presetLayers(dataset: string): string {
  const pixels = emojiDataset(dataset).inputs.cols;
  return [pixels, ...model.encoder, model.latent, ...model.decoder, pixels].join('-');
}

interface VaeTrainingPanelProps {
  settings: VaeSettings;
  onSettings(settings: VaeSettings): void;
  state: TrainingState<VaeRunSpec>;
  /** The model file on show, if one was opened. */
  fileName: string | null;
  onStartPauseResume(): void;
  onReset(): void;
}

/** The VAE's training settings, start/pause/resume/reset, the live status and the reconstruction and KL curves. */
export function VaeTrainingPanel({ settings, onSettings, state, fileName, onStartPauseResume, onReset }: VaeTrainingPanelProps) {
  const locked = state.status === 'running' || state.status === 'paused';
  const loaded = fileName !== null;
  const field = (key: keyof VaeSettings) => ({
    name: key,
    value: settings[key],
    disabled: locked,
    onInput: (event: Event) => onSettings({ ...settings, [key]: (event.currentTarget as HTMLInputElement).value }),
  });
  const planned = state.spec?.training.epochs ?? (Number(settings.epochs) || 0);
  const speed = state.trainSeconds > 0 ? Math.round(state.epoch / state.trainSeconds) : null;
  return (
    <section>
      <h3>Training</h3>
      <fieldset class="training-form">
        <label class="wide" title="the study's emoji sets, rebuilt from Twemoji (data/)">
          <span>Emojis</span>
          <select {...field('dataset')}>
            {emojiDatasetNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <p class="layers">
          preset {VAE_PRESET}: {presetLayers(settings.dataset)}, {model.activation}, {optimizer.name}, full batch, β {model.beta}
        </p>
        <label>
          <span>Epochs</span>
          <input type="text" inputMode="decimal" autoComplete="off" {...field('epochs')} />
        </label>
        <label>
          <span>Learning rate</span>
          <input type="text" inputMode="decimal" autoComplete="off" {...field('lr')} />
        </label>
        <label>
          <span>Seed</span>
          <input type="text" inputMode="decimal" autoComplete="off" {...field('seed')} />
        </label>
      </fieldset>
      <div class="buttons">
        <button type="button" class="primary" onClick={onStartPauseResume} data-testid="start" title="Space">
          {state.status === 'running' ? 'Pause' : state.status === 'paused' ? 'Resume' : 'Start'}
        </button>
        <button type="button" onClick={onReset} disabled={state.status === 'idle'} title="R">
          Reset
        </button>
      </div>
      {state.status === 'failed' ? (
        <p class="status failed" role="alert">
          Training failed: {state.error}
        </p>
      ) : loaded ? (
        <p class="status">Showing {fileName}, opened from a file. Start trains a new model from the settings above.</p>
      ) : state.status === 'idle' ? (
        <p class="status">Not training. Space starts, R resets.</p>
      ) : (
        <div class="status" data-testid="status" data-status={state.status} data-epoch={state.epoch} data-epochs-per-second={speed ?? ''}>
          <p>
            epoch <b>{state.epoch}</b> / {planned}
            {state.losses.last !== undefined ? (
              <>
                {' '}
                · loss <b>{state.losses.last.toPrecision(4)}</b>
              </>
            ) : null}
            {speed ? ` · ${speed.toLocaleString('en')} epochs/s` : null}
          </p>
          {state.reconstruction.last !== undefined && state.kl.last !== undefined ? (
            <p>
              reconstruction <b>{state.reconstruction.last.toPrecision(4)}</b> · KL <b>{state.kl.last.toPrecision(3)}</b>
            </p>
          ) : null}
          {state.status === 'finished' ? <p class="ending">finished {state.epoch} epochs in {state.trainSeconds.toFixed(2)} s</p> : null}
        </div>
      )}
      {loaded ? null : (
        <>
          <h3 class="chart-title">Reconstruction per emoji (log scale)</h3>
          <div data-testid="reconstruction-chart">
            <LossChart losses={state.reconstruction} epochs={planned} width={262} height={90} />
          </div>
          <h3 class="chart-title">KL per emoji (log scale)</h3>
          <div data-testid="kl-chart">
            <LossChart losses={state.kl} epochs={planned} width={262} height={90} />
          </div>
        </>
      )}
    </section>
  );
}
