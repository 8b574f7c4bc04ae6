import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDataset } from '../../src/data/dataset-file.js';
import { datasetIdentity } from '../../src/data/dataset-identity.js';
import type { Dataset } from '../../src/data/dataset.js';
import { fontHeaderDataset } from '../../src/data/font-header.js';
import { fontTable } from '../../src/data/font.js';
import { checkNoise, parseNoise } from '../../src/data/noise.js';
import { parseModelFile, serializeModelFile } from '../../src/models/checkpoint.js';
import { expandExperiment, MAX_TRIALS, parseExperiment } from '../../src/experiments/experiment-spec.js';
import { preset } from '../../src/runs/kinds.js';
import { Run } from '../../src/runs/run.js';
import { integer, MAX_THREADS, number, threadCount, widths } from '../../src/cli/parse.js';

/**
 * Every parser of outside input, each with inputs to try (random text, and valid samples broken
 * in every way: a value replaced or removed anywhere in their JSON, text spliced in, cut short)
 * and a check of what it accepts. Shared by the property tests (test/fuzz/parsers.test.ts, 1,000
 * cases each) and the fuzz script (bench/fuzz.ts, 100,000 each).
 */

const root = join(import.meta.dirname, '../..');

export type Outcome = 'clean error' | 'crash' | 'accepted' | 'accepted-but-inconsistent';

export interface Parser<T> {
  name: string;
  inputs: fc.Arbitrary<T>;
  /** Parses the input; returns what is inconsistent in what it accepted (undefined: nothing). Throws to refuse. */
  parse(input: T): string | undefined;
}

/** Engine and programming errors: what a refusal must never be. */
const CRASH = /Invalid typed array length|Invalid array length|Maximum call stack|Cannot read propert|is not a function|is not iterable|undefined is not|out of memory|Invalid string length/;

/** What one input does to a parser: a clean error names a problem in a sentence; anything else thrown is a crash. */
export function tryParser<T>(parser: Parser<T>, input: T): { outcome: Outcome; detail?: string } {
  let problem: string | undefined;
  try {
    problem = parser.parse(input);
  } catch (error) {
    if (!(error instanceof Error) || error instanceof TypeError || error instanceof ReferenceError || CRASH.test(error.message) || error.message.trim().length < 8) {
      return { outcome: 'crash', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    return { outcome: 'clean error' };
  }
  return problem ? { outcome: 'accepted-but-inconsistent', detail: problem } : { outcome: 'accepted' };
}

/** Every path to a value inside a JSON value (the root is []). */
function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

/** A copy of `value` with the node at `path` replaced by `replacement` (or removed). */
function replaced(value: unknown, path: (string | number)[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const [key, ...rest] = path;
  if (rest.length === 0 && remove) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else {
    (copy as Record<string | number, unknown>)[key] = replaced((copy as Record<string | number, unknown>)[key], rest, replacement, remove);
  }
  return copy;
}

/** Values that break things: huge, negative, fractional, empty, of another type. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(1e300, -1e300, 1e12, 2 ** 31, 2 ** 32, -1, 0, 0.5, 1e-300, '', 'x', null, true, [], {}, [0], 'AAAA', '////', '\u001b]0;pwned\u0007'),
  fc.integer(),
  fc.double(),
);

/** The JSON text of `sample` broken in one place, or spliced, or cut short, or random text. */
function brokenJson(sample: unknown): fc.Arbitrary<string> {
  const text = JSON.stringify(sample);
  const all = paths(sample);
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.nat(all.length - 1), nasty, fc.boolean()).map(([i, value, remove]) => JSON.stringify(replaced(sample, all[i], value, remove))) },
    { weight: 2, arbitrary: fc.tuple(fc.nat(all.length - 1), fc.nat(all.length - 1), nasty).map(([i, j, value]) => JSON.stringify(replaced(replaced(sample, all[i], value, false), all[j], value, true))) },
    { weight: 1, arbitrary: splicedText(text) },
    { weight: 1, arbitrary: fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })) },
  );
}

/** `text` with a random piece replaced, or cut short. */
function splicedText(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.nat(text.length), fc.nat(16), fc.string({ maxLength: 16, unit: 'binary' })).map(([at, cut, piece]) => text.slice(0, at) + piece + text.slice(at + cut)),
    fc.nat(text.length).map((at) => text.slice(0, at)),
  );
}

function datasetProblem(dataset: Dataset, binary: boolean): string | undefined {
  const { inputs, labels, width, height } = dataset;
  if (inputs.rows !== labels.length) return `${inputs.rows} rows, ${labels.length} labels`;
  if (inputs.cols !== width * height) return `${inputs.cols} pixels per row for ${width}x${height}`;
  const bad = inputs.data.findIndex((v) => !(v >= 0 && v <= 1) || (binary && v !== 0 && v !== 1));
  return bad >= 0 ? `pixel value ${inputs.data[bad]}` : undefined;
}

/** A small trained model file of each kind, as text. */
function modelFileSamples(): unknown[] {
  const font = fontTable(3);
  const emoji = parseDataset(readFileSync(join(root, 'data', 'emoji-4.json'), 'utf8')).dataset;
  // Small networks, so that one case takes milliseconds.
  const sample = (name: string, dataset: Dataset, source: string) => {
    const { kind, spec } = preset(name);
    const model = { ...spec.model, encoder: [6], decoder: [6] };
    const run = Run.start(kind, { ...spec, model, training: { ...spec.training, epochs: 3 }, data: { dataset: source } }, dataset, datasetIdentity(dataset, source));
    run.train();
    return JSON.parse(run.modelFile());
  };
  return [sample('ae-font', font, 'font-3'), sample('vae-emoji', emoji, 'emoji-4')];
}

const modelSamples = modelFileSamples();

export const modelFileParser: Parser<string> = {
  name: 'model files',
  inputs: fc.oneof(...modelSamples.map(brokenJson)),
  parse(text) {
    const file = parseModelFile(text);
    const { data, model } = file;
    if (model.inputSize !== data.width * data.height) return `input size ${model.inputSize} for ${data.width}x${data.height} pictures`;
    if (data.labels.length !== data.rows) return `${data.rows} rows, ${data.labels.length} labels`;
    if (file.training && file.training.losses.length !== file.training.epochsDone) return `${file.training.losses.length} losses for ${file.training.epochsDone} epochs`;
    // What it accepted must write and read back.
    parseModelFile(serializeModelFile(file));
    return undefined;
  },
};

const datasetSample = JSON.parse(readFileSync(join(root, 'data', 'emoji-4.json'), 'utf8'));

export const datasetFileParser: Parser<string> = {
  name: 'dataset files',
  inputs: brokenJson(datasetSample),
  parse: (text) => datasetProblem(parseDataset(text).dataset, false),
};

const fontHeader = readFileSync(join(root, 'test', 'fixtures', 'font.h'), 'utf8');

export const fontHeaderParser: Parser<{ text: string; table: number }> = {
  name: 'font.h files',
  inputs: fc.record({
    text: fc.oneof({ weight: 8, arbitrary: splicedText(fontHeader) }, { weight: 1, arbitrary: fc.string() }, { weight: 1, arbitrary: fc.string({ unit: 'binary' }) }),
    table: fc.oneof(fc.constantFrom(1, 2, 3), fc.integer({ min: -2, max: 10 })),
  }),
  parse: ({ text, table }) => datasetProblem(fontHeaderDataset(text, table, 'font.h'), true),
};

const experimentSamples = ['ae-font-widths', 'vae-grid', 'dae-cross-noise'].flatMap((name) => {
  try {
    return [JSON.parse(readFileSync(join(root, 'experiments', `${name}.json`), 'utf8'))];
  } catch {
    return [];
  }
});

export const experimentSpecParser: Parser<string> = {
  name: 'experiment specs',
  inputs: fc.oneof(...experimentSamples.map(brokenJson)),
  parse(text) {
    const trials = expandExperiment(parseExperiment(JSON.parse(text)));
    if (trials.length > MAX_TRIALS) return `${trials.length} trials`;
    if (new Set(trials.map((t) => t.key)).size !== trials.length) return 'two trials share a key';
    return undefined;
  },
};

export const noiseSpecParser: Parser<string> = {
  name: 'noise specs',
  inputs: fc.oneof(
    fc.tuple(fc.constantFrom('flip-count', 'flip-prob', 'salt-pepper', 'gaussian', 'blur', ''), fc.oneof(fc.double().map(String), fc.string({ maxLength: 8 }), fc.constantFrom('0.1', '0.05-0.2', '1', '-0', '1e300', 'NaN', '0.3-0.1')), fc.constantFrom('', ':noclip', ':x', '::'))
      .map(([model, level, option]) => `${model}:${level}${option}`),
    fc.string(),
  ),
  parse(text) {
    const spec = parseNoise(text);
    checkNoise(spec);
    return undefined;
  },
};

export const flagValueParser: Parser<{ flag: 'number' | 'integer' | 'widths' | 'threads'; value: string }> = {
  name: 'flag values',
  inputs: fc.record({
    flag: fc.constantFrom('number' as const, 'integer' as const, 'widths' as const, 'threads' as const),
    value: fc.oneof(fc.string(), fc.double().map(String), fc.integer().map(String), fc.array(fc.integer({ min: -5, max: 100 }), { maxLength: 6 }).map((a) => a.join(',')), fc.constantFrom('', ' ', '1e308', 'Infinity', '0x10', '1,,2', '3.', '-0')),
  }),
  parse({ flag, value }) {
    if (flag === 'number') return Number.isNaN(number(value)) ? 'NaN' : undefined;
    if (flag === 'integer') return Number.isInteger(integer(value)) ? undefined : 'not whole';
    if (flag === 'threads') {
      const n = threadCount(value);
      return n >= 1 && n <= MAX_THREADS ? undefined : `${n} threads`;
    }
    return widths(value).every((w) => Number.isInteger(w) && w >= 1) ? undefined : 'a width below 1';
  },
};

export const parsers = [modelFileParser, datasetFileParser, fontHeaderParser, experimentSpecParser, noiseSpecParser, flagValueParser] as Parser<unknown>[];
