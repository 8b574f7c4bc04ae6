import { z } from 'zod';
import { loadDataset } from '../../io/load-dataset.js';
import { DEFAULT_TEST_COPIES, DEFAULT_TEST_SEED, evaluateDenoising, type DenoisingEvaluation, type Spread } from '../../eval/denoising.js';
import { hammingDistance } from '../../eval/latent-walk.js';
import { findNewGlyphs, latentGrid, type NewGlyph } from '../../eval/new-glyphs.js';
import { serializeAutoencoder } from '../../models/checkpoint.js';
import { DivergenceError } from '../../nn/fit.js';
import { parseAutoencoderRun } from './spec.js';
import { autoencoderPreset, presetNames } from './presets.js';
import { runAutoencoder, type AutoencoderRunResult } from './run.js';
import type { RunKind, RunResult, TrialSummary } from '../kinds.js';
import { setPath, type Settings } from '../settings.js';

/** How many of the new glyphs found a result keeps (they are ranked, most plausible first). */
const KEPT_NEW_GLYPHS = 40;

const evaluationSchema = z
  .object({
    /** Scan the 2-D latent plane for glyphs the decoder invents (src/eval/new-glyphs.ts). */
    newGlyphs: z
      .object({ minDistance: z.number().int().nonnegative().default(3), gridSize: z.number().int().min(2).max(1000).default(101) })
      .strict()
      .optional(),
    /** Test the trained model at several noise levels (the cross-noise matrix), with the denoising test protocol. */
    crossNoise: z
      .object({
        levels: z.array(z.number().min(0).max(1)).min(1),
        copies: z.number().int().positive().default(DEFAULT_TEST_COPIES),
        seed: z.number().int().nonnegative().default(DEFAULT_TEST_SEED),
      })
      .strict()
      .optional(),
  })
  .strict();

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
  level: number;
  noise: string;
  noisyWrongPixels: Spread;
  referenceWrongPixels: Spread;
  restored: DenoisingEvaluation['restored'];
}

/** An autoencoder run's result, with the optional new-glyph scan and cross-noise tests. */
export type AutoencoderResult = AutoencoderRunResult & { newGlyphs?: NewGlyphScan; crossNoise?: CrossNoiseTest[] };

/** The plain and (once its spec carries noise) denoising autoencoder, trained by runAutoencoder. */
export const autoencoderKind: RunKind = {
  name: 'autoencoder',
  presetNames,
  preset: (name) => autoencoderPreset(name) as unknown as Settings,
  prepare: (settings, seed) => parseAutoencoderRun(setPath(settings, 'training.seed', seed)) as unknown as Settings,
  evaluationProblem(evaluation) {
    const parsed = evaluationSchema.safeParse(evaluation);
    return parsed.success ? undefined : z.prettifyError(parsed.error);
  },
  run(settings, evaluation) {
    const spec = parseAutoencoderRun(settings);
    const dataset = loadDataset(spec.data);
    let outcome;
    try {
      outcome = runAutoencoder(spec, dataset);
    } catch (error) {
      if (error instanceof DivergenceError) return { status: 'diverged', epoch: error.epoch, message: error.message };
      throw error;
    }
    const { model, result } = outcome;
    const { newGlyphs: scan, crossNoise } = evaluationSchema.parse(evaluation ?? {});
    const document: AutoencoderResult = { ...result };
    if (crossNoise) {
      const name = spec.noise?.name ?? 'flip-count';
      document.crossNoise = crossNoise.levels.map((level) => {
        const tested = evaluateDenoising((x) => model.reconstruct(x), dataset.inputs, { noise: { name, level }, copies: crossNoise.copies, seed: crossNoise.seed }).evaluation;
        return { level, noise: tested.noise, noisyWrongPixels: tested.noisyWrongPixels, referenceWrongPixels: tested.referenceWrongPixels, restored: tested.restored };
      });
    }
    if (scan) {
      if (spec.model.latent !== 2) throw new RangeError(`the new-glyph scan needs a 2-D latent space, this model's has ${spec.model.latent} dimensions`);
      const codes = model.encode(dataset.inputs);
      const points = latentGrid(codes, scan.gridSize);
      // A glyph the model reconstructs badly is a failure, not an invention: its output does not count as new.
      const reconstructions = model.reconstruct(dataset.inputs);
      const found = findNewGlyphs(points, model.decode(points), dataset.inputs, codes, { width: dataset.width, height: dataset.height, minDistance: scan.minDistance }).filter((glyph) =>
        Array.from({ length: reconstructions.rows }, (_, r) => hammingDistance(glyph.pixels, reconstructions.row(r))).every((d) => d >= scan.minDistance),
      );
      document.newGlyphs = { ...scan, count: found.length, plausible: found.filter((g) => g.plausible).length, glyphs: found.slice(0, KEPT_NEW_GLYPHS) };
    }
    const images = { name: dataset.name, width: dataset.width, height: dataset.height, labels: dataset.labels };
    return { status: 'finished', result: document as unknown as RunResult, model: serializeAutoencoder(model, images) };
  },
  summarize(result): TrialSummary {
    const { finalLoss, epochs, stoppedEarly, trainSeconds, wrongPixels, wrongPixelsPerGlyph } = result as unknown as AutoencoderRunResult;
    const worstItem = Math.max(...wrongPixelsPerGlyph);
    return { finalLoss, epochs, stoppedEarly, trainSeconds, wrongPixels, worstItem, success: worstItem <= 1 };
  },
};

