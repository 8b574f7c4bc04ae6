import type { Dataset } from '../data/dataset.js';
import { renderDenoisingGrid } from '../plot/glyph-grid.js';
import type { DenoisingDetail } from '../eval/denoising.js';
import { Matrix } from '../tensor/matrix.js';

/** The clean / noisy / output grid of the first noisy copy of the data set in a denoising evaluation. */
export function renderDenoisingPicture(dataset: Dataset, detail: DenoisingDetail): Uint8Array {
  const size = dataset.inputs.data.length;
  const firstCopy = (m: Matrix): Matrix => new Matrix(dataset.inputs.rows, dataset.inputs.cols, m.data.slice(0, size));
  return renderDenoisingGrid(dataset.inputs, firstCopy(detail.noisy), firstCopy(detail.outputs), { width: dataset.width, height: dataset.height });
}
