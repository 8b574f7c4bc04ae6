import { Fragment } from 'preact';
import { useId } from 'preact/hooks';
import type { ModelKindName } from '../../../src/models/checkpoint.js';
import { modelKind } from '../../../src/runs/kinds.js';
import { CHOICE_TEXT, CHOICES, fieldsOf, layerText, type RunSettings } from './run-settings.js';

interface TrainingFormProps {
  kind: ModelKindName;
  presets: readonly string[];
  preset: string;
  /** The datasets this view offers (font tables, emoji sets). */
  datasets: readonly string[];
  settings: RunSettings;
  /** Problems of fields, by field name, shown beside them. */
  errors: Record<string, string>;
  /** The form is read-only while a run is under way. */
  locked: boolean;
  onPreset(name: string): void;
  onChange(settings: RunSettings): void;
}

/**
 * Preset, architecture and training settings of one kind of model: every field is a flag of
 * `latentlab train` (run-settings.ts), and a field the kind does not take is not shown.
 */
export function TrainingForm({ kind, presets, preset, datasets, settings, errors, locked, onPreset, onChange }: TrainingFormProps) {
  const layers = layerText(settings);
  const id = useId();
  const input = (name: string) => ({
    name,
    value: settings[name] ?? '',
    disabled: locked,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined,
    onInput: (event: Event) => onChange({ ...settings, [name]: (event.currentTarget as HTMLInputElement).value }),
  });
  return (
    <fieldset class="training-form">
      <label class="wide" title="a named setting of latentlab train --preset: every field below is filled from it">
        <span>Preset</span>
        <select
          name="preset"
          value={preset}
          disabled={locked}
          onInput={(event) => {
            onPreset((event.currentTarget as HTMLSelectElement).value);
            // Keys go back to the page, so Space starts the preset just chosen.
            event.currentTarget.blur();
          }}
        >
          {presets.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {fieldsOf(modelKind(kind)).map((field) => {
        const options = field.name === 'dataset' ? datasets : field.options;
        // The tooltip says what the field is and what its current choice means.
        const chosen = options ? CHOICES[settings[field.name] ?? ''] : undefined;
        return (
          <Fragment key={field.name}>
            <label class={field.wide ? 'wide' : undefined} title={chosen ? `${field.title}. ${chosen}` : field.title}>
              <span>{field.label}</span>
              {options ? (
                <select {...input(field.name)}>
                  {options.map((name) => (
                    <option key={name} value={name} title={CHOICES[name]}>
                      {CHOICE_TEXT[name] ?? name}
                    </option>
                  ))}
                </select>
              ) : (
                <input type="text" inputMode={field.wide ? undefined : 'decimal'} autoComplete="off" placeholder={field.empty?.placeholder} {...input(field.name)} />
              )}
              {errors[field.name] ? (
                <small class="field-error" id={`${id}-${field.name}-error`} data-field={field.name}>
                  {errors[field.name]}
                </small>
              ) : null}
            </label>
            {field.name === 'hidden' ? <p class="layers">{layers ? `layers ${layers}` : 'hidden layers: whole numbers, comma separated'}</p> : null}
          </Fragment>
        );
      })}
    </fieldset>
  );
}
