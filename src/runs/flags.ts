import { kindNames, modelKinds } from './kinds.js';
import type { FlagSetter, ModelKind } from './model-kind.js';
import { isSettings, setFlag, setPath, type Settings } from './settings.js';
import type { RunSpec } from './spec.js';

/** 35,20,2,20,35 -> encoder [20], latent 2, decoder [20]: the narrowest inner layer, which must be the only one that narrow, is the code. */
export function splitLayers(layers: number[]): { encoder: number[]; latent: number; decoder: number[] } {
  if (layers.length < 3) throw new RangeError(`--layers needs input, code and output widths at least, got ${layers.join(',')}`);
  const inner = layers.slice(1, -1);
  const narrowest = Math.min(...inner);
  const code = inner.indexOf(narrowest);
  if (inner.lastIndexOf(narrowest) !== code) {
    throw new RangeError(`--layers ${layers.join(',')}: the code is the narrowest inner layer, but ${narrowest} appears ${inner.filter((w) => w === narrowest).length} times; make one layer narrower than the others, the code (e.g. ${[layers[0], inner[0], 2, inner.at(-1), layers.at(-1)].join(',')} for a 2-D code)`);
  }
  return { encoder: inner.slice(0, code), latent: inner[code], decoder: inner.slice(code + 1) };
}

const section = (spec: Settings, name: string): Settings => (isSettings(spec[name]) ? spec[name] : {});

/** The flags of `train` that every kind takes, each with what it sets in the spec. */
export const commonFlags: Readonly<Record<string, FlagSetter>> = {
  layers: (spec, widths) => ({ ...spec, model: { ...section(spec, 'model'), ...splitLayers(widths as number[]) } }),
  activation: setFlag('model.activation'),
  init: setFlag('model.initializer'),
  // Another optimizer keeps the learning rate and drops the old one's settings.
  optimizer: (spec, name) => {
    const previous = section(section(spec, 'training'), 'optimizer');
    return setPath(spec, 'training.optimizer', previous.name === name ? previous : { name, lr: previous.lr });
  },
  lr: setFlag('training.optimizer.lr'),
  epochs: setFlag('training.epochs'),
  batchSize: setFlag('training.batchSize'),
  seed: setFlag('training.seed'),
  engine: setFlag('training.engine'),
  lrSchedule: (spec, name) => setPath(spec, 'training.lrSchedule', { name }),
  data: (spec, dataset) => ({ ...spec, data: { dataset } }),
  // The built-in font has one name per table (font-1..font-3); a font.h file keeps its path and takes the table.
  table: (spec, table) => {
    const { dataset } = section(spec, 'data');
    if (typeof dataset !== 'string' || !/^font-\d+$/.test(dataset)) return setPath(spec, 'data.table', table);
    if (table !== 1 && table !== 2 && table !== 3) throw new RangeError(`the built-in font has tables 1, 2 and 3, got ${table}`);
    return { ...spec, data: { dataset: `font-${table}` } };
  },
};

/** `--flag-name` for a flag's option name (flagName). */
export function flagText(flag: string): string {
  return `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * The spec `base` (a preset, with a spec file merged over it) with each given flag applied, in the
 * order of the tables (--data before --table, --noise before --copies), validated. A flag of another kind is refused with a message that says whose it is.
 */
export function specFromFlags(kind: ModelKind, base: Settings, flags: Record<string, unknown>): RunSpec {
  let spec = structuredClone(base);
  const given = Object.entries(flags).filter(([, value]) => value !== undefined);
  const foreign = given.map(([flag]) => flag).filter((flag) => !commonFlags[flag] && !kind.flags[flag]);
  if (foreign.length > 0) {
    const owners = (flag: string) => kindNames.filter((name) => modelKinds[name].flags[flag]).join(' or ') || 'no kind';
    throw new RangeError(`${foreign.map((flag) => `${flagText(flag)} (${owners(flag)})`).join(', ')}: not for ${/^[aeiou]/.test(kind.name) ? 'an' : 'a'} ${kind.name} preset`);
  }
  for (const [flag, set] of [...Object.entries(commonFlags), ...Object.entries(kind.flags)]) {
    if (flags[flag] !== undefined) spec = set(spec, flags[flag]);
  }
  return kind.parseSpec(spec);
}
