import type { NewGlyph } from '../../../src/eval/new-glyphs.js';
import type { ModelSnapshot } from './model-parameters.js';

/**
 * What the page and the explore worker say to each other. The explore worker does the views' heavy
 * forward passes off the main thread: the codes of the training images, the decoded grid behind the
 * plane, the scan for new glyphs. Each answer names the request it answers (`id`). A dataset of the
 * user's (own data) comes with its dataset file's text (`datasetText`), which the worker does not have yet.
 */
export type ExploreRequest =
  /**
   * The model on show (it stays in the worker for 'decode' and 'scan'), measured: its training images'
   * codes and wrong pixels. `source` names its run or file: a scan under way for another source is dropped.
   */
  | { type: 'show'; id: number; snapshot: ModelSnapshot; dataset: string | null; datasetText?: string; source: string }
  /** Any model measured, without changing the one on show (a past run's, to compare). */
  | { type: 'measure'; id: number; snapshot: ModelSnapshot; dataset: string | null; datasetText?: string }
  /** The images the model on show decodes at these 2-D points (x, y, x, y, ...): a newer request replaces one not yet begun. */
  | { type: 'decode'; id: number; points: Float64Array }
  /** The new glyphs of the model on show (a scan of SCAN_STEPS x SCAN_STEPS points, in slices). */
  | { type: 'scan'; id: number };

export type ExploreReport =
  | { type: 'measured'; id: number; codes: Float64Array | null; wrongPixels: number[] | null }
  | { type: 'decoded'; id: number; images: Float64Array }
  | { type: 'scanned'; id: number; found: NewGlyph[] }
  /** A decode request replaced by a newer one before it began, or a scan of a run or file no longer on show. */
  | { type: 'superseded'; id: number }
  | { type: 'failure'; id: number; message: string };
