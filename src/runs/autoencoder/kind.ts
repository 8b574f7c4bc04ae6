import * as z from 'zod';
import type { Dataset } from '../../data/dataset.js';
import { levelBounds, parseNoise } from '../../data/noise.js';
import { DEFAULT_TEST_COPIES, MAX_TEST_COPIES, DEFAULT_TEST_SEED, evaluateDenoising, type DenoisingDetail, type DenoisingEvaluation, type DenoisingProtocol, type Spread } from '../../eval/denoising.js';
import { NEW_GLYPH_GRID, NEW_GLYPH_MIN_DISTANCE, NewGlyphScanner, type NewGlyph } from '../../eval/new-glyphs.js';
import { meanSquaredError, wrongPixelsPerRow } from '../../eval/pixels.js';
import { Autoencoder } from '../../models/autoencoder/autoencoder.js';
import { setFlag, type Settings } from '../settings.js';
import type { ModelKind, RunResult } from '../model-kind.js';
import { autoencoderPresets } from './presets.js';
import { parseAutoencoderRun, type AutoencoderRunSpec } from './spec.js';

/** How many of the new glyphs found a result keeps (they are ranked, most plausible first). */
const KEPT_NEW_GLYPHS = 40;

const evaluationSchema = z
  .object({
    /** Scan the 2-D latent plane for glyphs the decoder invents (src/eval/new-glyphs.ts). */
    newGlyphs: z
      .object({ minDistance: z.number().int().nonnegative().default(NEW_GLYPH_MIN_DISTANCE), gridSize: z.number().int().min(2).max(1000).default(NEW_GLYPH_GRID) })
      .strict()
      .optional(),
    /**
     * Test the trained model at several noise levels (the cross-noise matrix), with the denoising
     * test protocol: a level of the training noise's model, or a whole noise ("flip-prob:0.1").
     */
    crossNoise: z
      .object({
        levels: z.array(z.union([z.number().min(0).max(1), z.string().refine(isNoiseText, { message: 'expected a noise such as flip-prob:0.1' })])).min(1),
        copies: z.number().int().positive().max(MAX_TEST_COPIES).default(DEFAULT_TEST_COPIES),
        seed: z.number().int().nonnegative().default(DEFAULT_TEST_SEED),
      })
      .strict()
      .optional(),
  })
  .strict();

function isNoiseText(text: string): boolean {
  try {
    parseNoise(text);
    return true;
  } catch {
    return false;
  }
}

export interface NewGlyphScan {
  minDistance: number;
  gridSize: number;
  /** Distinct new glyphs found (at least minDistance pixels from every training glyph and from the model's reconstruction of it). */
  count: number;
  /** Those that look like a glyph (ink, strokes and latent position like the training glyphs'; see src/eval/new-glyphs.ts). */
  plausible: number;
  /** The best ranked ones. */
  glyphs: NewGlyph[];
}

/** The model tested at one noise level of the cross-noise evaluation (wrong pixels per copy of the data set). */
export interface CrossNoiseTest {
  /** The test noise's level (the highest, for a range); `noise` names it whole. */
  level: number;
  noise: string;
  /** The protocol: noisy copies of the data set and the test seed (absent in results made before they were recorded). */
  copies?: number;
  seed?: number;
  noisyWrongPixels: Spread;
  referenceWrongPixels: Spread;
  restored: DenoisingEvaluation['restored'];
}

/** An autoencoder run's result document: how well it reconstructs its data, and as a denoiser when it is one. */
export interface AutoencoderResult extends RunResult {
  kind: 'autoencoder';
  spec: AutoencoderRunSpec;
  wrongPixels: number;
  totalPixels: number;
  /** Wrong pixels of each row, in dataset order (see dataset.labels). */
  wrongPixelsPerGlyph: number[];
  reconstructionMSE: number;
  /** The code of each row, in dataset order. */
  latentCodes: number[][];
  /** Denoising runs (a spec with noise or an evaluation): wrong pixels per copy of the data set on the noisy test inputs. */
  noisyWrongPixels?: Spread;
  /** The nearest-glyph reference denoiser on the same noisy inputs. */
  referenceWrongPixels?: Spread;
  /** Wrong pixels on the clean data (the same as wrongPixels). */
  cleanWrongPixels?: number;
  /** The whole test protocol's figures. */
  denoising?: DenoisingEvaluation;
  newGlyphs?: NewGlyphScan;
  crossNoise?: CrossNoiseTest[];
}

/** The test protocol of a spec, or undefined when it asks for none (a plain autoencoder). */
export function denoisingProtocol(spec: AutoencoderRunSpec): DenoisingProtocol | undefined {
  if (!spec.noise && !spec.evaluation) return undefined;
  const { copies = DEFAULT_TEST_COPIES, seed = DEFAULT_TEST_SEED, noise } = spec.evaluation ?? {};
  const trainingNoise = spec.noise && { name: spec.noise.name, level: spec.noise.level, ...(spec.noise.clip === undefined ? {} : { clip: spec.noise.clip }) };
  return { noise: (noise ?? trainingNoise)!, copies, seed };
}

/** The denoising test of a spec on the model (its detail draws the denoising picture), or undefined for a plain autoencoder. */
export function denoisingTest(model: Autoencoder, dataset: Dataset, spec: AutoencoderRunSpec): DenoisingDetail | undefined {
  const protocol = denoisingProtocol(spec);
  return protocol && evaluateDenoising((x) => model.reconstruct(x), dataset.inputs, protocol);
}

/** The plain and (once its spec carries noise) denoising autoencoder. */
export const autoencoderKind: ModelKind<AutoencoderRunSpec, Autoencoder, AutoencoderResult> = {
  name: 'autoencoder',
  presets: autoencoderPresets,
  parseSpec: parseAutoencoderRun,
  flags: {
    latentActivation: setFlag('model.latentActivation'),
    outputActivation: setFlag('model.outputActivation'),
    loss: setFlag('model.loss'),
    stopAt: setFlag('training.stopAtWrongPixels'),
    noise: (spec, text) => {
      // --noise replaces the noise model and level, keeping copies, curriculum and targets.
      const { name: _name, level: _level, clip: _clip, ...kept } = (spec.noise ?? {}) as Settings;
      return { ...spec, noise: { ...parseNoise(String(text)), ...kept } };
    },
    copies: (spec, copies) => {
      if (!spec.noise) throw new RangeError('--copies needs a training noise: give --noise too, or a dae-* preset');
      return setFlag('noise.copies')(spec, copies);
    },
    testNoise: (spec, text) => setFlag('evaluation.noise')(spec, parseNoise(String(text))),
    testCopies: setFlag('evaluation.copies'),
    testSeed: setFlag('evaluation.seed'),
  },
  modelOf(file) {
    if (file.kind !== 'autoencoder') throw new RangeError(`this is a ${file.kind} model, not an autoencoder`);
    return file.model;
  },
  measure(model, dataset, common, _terms, evaluation) {
    const { spec } = common;
    const inputs = dataset.inputs;
    const reconstruction = model.reconstruct(inputs);
    const wrongPixelsPerGlyph = wrongPixelsPerRow(reconstruction, inputs);
    const tested = denoisingTest(model, dataset, spec)?.evaluation;
    const result: AutoencoderResult = {
      ...common,
      kind: 'autoencoder',
      wrongPixels: wrongPixelsPerGlyph.reduce((a, b) => a + b, 0),
      totalPixels: inputs.data.length,
      wrongPixelsPerGlyph,
      reconstructionMSE: meanSquaredError(reconstruction, inputs),
      latentCodes: model.encode(inputs).toRows(),
      ...(tested && { noisyWrongPixels: tested.noisyWrongPixels, referenceWrongPixels: tested.referenceWrongPixels, cleanWrongPixels: tested.cleanWrongPixels, denoising: tested }),
    };
    const { newGlyphs: scan, crossNoise } = evaluationSchema.parse(evaluation ?? {});
    if (crossNoise) {
      const name = spec.noise?.name ?? 'flip-count';
      result.crossNoise = crossNoise.levels.map((level) => {
        const noise = typeof level === 'number' ? { name, level } : parseNoise(level);
        const test = evaluateDenoising((x) => model.reconstruct(x), inputs, { noise, copies: crossNoise.copies, seed: crossNoise.seed }).evaluation;
        return { level: levelBounds(noise.level).max, noise: test.noise, copies: test.copies, seed: test.seed, noisyWrongPixels: test.noisyWrongPixels, referenceWrongPixels: test.referenceWrongPixels, restored: test.restored };
      });
    }
    if (scan) result.newGlyphs = newGlyphScan(model, dataset, scan);
    return result;
  },
  evaluationProblem(evaluation) {
    const parsed = evaluationSchema.safeParse(evaluation);
    return parsed.success ? undefined : z.prettifyError(parsed.error);
  },
  summarize({ finalLoss, epochs, stoppedEarly, trainSeconds, wrongPixels, wrongPixelsPerGlyph }) {
    const worstItem = Math.max(...wrongPixelsPerGlyph);
    return { finalLoss, epochs, stoppedEarly, trainSeconds, wrongPixels, worstItem, success: worstItem <= 1 };
  },
};

/** Scans the 2-D latent plane for glyphs the decoder invents. */
export function newGlyphScan(model: Autoencoder, dataset: Dataset, scan: { minDistance: number; gridSize: number }): NewGlyphScan {
  if (model.latent !== 2) throw new RangeError(`the new-glyph scan needs a 2-D latent space, this model's has ${model.latent} dimensions`);
  const plane = new NewGlyphScanner({ glyphs: dataset.inputs, codes: model.encode(dataset.inputs), reconstructions: model.reconstruct(dataset.inputs), width: dataset.width, height: dataset.height }, scan);
  plane.decodeNext(plane.points.rows, (points) => model.decode(points));
  const found = plane.found();
  return { ...scan, count: found.length, plausible: found.filter((g) => g.plausible).length, glyphs: found.slice(0, KEPT_NEW_GLYPHS) };
}
