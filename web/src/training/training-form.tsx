import { activationNames } from '../../../src/nn/activations.js';
import { initializerNames } from '../../../src/nn/initializers.js';
import { lossNames } from '../../../src/nn/losses.js';
import { optimizerNames } from '../../../src/nn/optimizers.js';
import { layerText, type RunSettings } from './run-settings.js';

interface TrainingFormProps {
  presets: readonly string[];
  preset: string;
  /** Show the training-noise field (the denoising view). */
  showNoise: boolean;
  settings: RunSettings;
  /** The form is read-only while a run is under way. */
  locked: boolean;
  onPreset(name: string): void;
  onChange(settings: RunSettings): void;
}

/** Preset, architecture and training settings; every field maps to a field of the CLI's run spec. */
export function TrainingForm({ presets, preset, showNoise, settings, locked, onPreset, onChange }: TrainingFormProps) {
  const field = (key: keyof RunSettings) => ({
    value: settings[key],
    disabled: locked,
    onInput: (event: Event) => onChange({ ...settings, [key]: (event.currentTarget as HTMLInputElement).value }),
  });
  const choice = (key: keyof RunSettings, label: string, options: readonly string[]) => (
    <label>
      <span>{label}</span>
      <select name={key} {...field(key)}>
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
  const text = (key: keyof RunSettings, label: string, placeholder = '', title = '') => (
    <label title={title}>
      <span>{label}</span>
      <input name={key} type="text" inputMode="decimal" autoComplete="off" placeholder={placeholder} {...field(key)} />
    </label>
  );
  const layers = layerText(settings);
  return (
    <fieldset class="training-form">
      <label class="wide">
        <span>Preset</span>
        <select name="preset" value={preset} disabled={locked} onInput={(event) => onPreset((event.currentTarget as HTMLSelectElement).value)}>
          {presets.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label class="wide" title="hidden widths from the input to the 2-D code; the decoder mirrors them">
        <span>Hidden layers</span>
        <input name="hidden" type="text" autoComplete="off" placeholder="e.g. 20 or 32,8" {...field('hidden')} />
      </label>
      <p class="layers">{layers ? `layers ${layers}` : 'hidden layers: whole numbers, comma separated'}</p>
      {showNoise ? (
        <label class="wide" title="the noise the inputs get at every epoch, as latentlab train --noise writes it: flip-count:0.1 flips 3 of 35 pixels">
          <span>Noise</span>
          <input name="noise" type="text" autoComplete="off" placeholder="e.g. flip-count:0.1" {...field('noise')} />
        </label>
      ) : null}
      {choice('activation', 'Activation', activationNames)}
      {choice('latentActivation', 'Code act.', activationNames)}
      {choice('outputActivation', 'Output act.', activationNames)}
      {choice('loss', 'Loss', lossNames)}
      {choice('optimizer', 'Optimizer', optimizerNames)}
      {text('lr', 'Learning rate')}
      {text('epochs', 'Epochs')}
      {text('seed', 'Seed')}
      {text('batchSize', 'Batch size', 'all 32', 'rows per optimizer step; empty for the whole set')}
      {text('stopAt', 'Stop at', 'off', 'stop once every glyph has at most this many wrong pixels')}
      {choice('initializer', 'Init', initializerNames)}
      {choice('table', 'Glyphs', ['1', '2', '3'])}
    </fieldset>
  );
}
