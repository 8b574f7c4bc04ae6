import { Matrix } from '../tensor/matrix.js';

/** 1 where a value is at least the threshold, else 0. */
export function binarize(values: Matrix, threshold = 0.5): Matrix {
  const out = new Matrix(values.rows, values.cols);
  for (let i = 0; i < values.data.length; i++) out.data[i] = values.data[i] >= threshold ? 1 : 0;
  return out;
}

/** How many pixels of each row differ from the target once the output is binarized at 0.5. */
export function wrongPixelsPerRow(output: Matrix, targets: Matrix): number[] {
  if (output.rows !== targets.rows || output.cols !== targets.cols) {
    throw new RangeError(`output is ${output.rows}x${output.cols} but targets are ${targets.rows}x${targets.cols}`);
  }
  const wrong = new Array<number>(output.rows).fill(0);
  for (let i = 0; i < output.data.length; i++) {
    if ((output.data[i] >= 0.5 ? 1 : 0) !== (targets.data[i] >= 0.5 ? 1 : 0)) wrong[Math.floor(i / output.cols)]++;
  }
  return wrong;
}

/** Mean squared error over every element. */
export function meanSquaredError(output: Matrix, targets: Matrix): number {
  let sum = 0;
  for (let i = 0; i < output.data.length; i++) sum += (output.data[i] - targets.data[i]) ** 2;
  return sum / output.data.length;
}

/** Mean absolute error of each row (e.g. each grayscale picture's reconstruction). */
export function meanAbsoluteErrorPerRow(output: Matrix, targets: Matrix): number[] {
  if (output.rows !== targets.rows || output.cols !== targets.cols) {
    throw new RangeError(`output is ${output.rows}x${output.cols} but targets are ${targets.rows}x${targets.cols}`);
  }
  return Array.from({ length: output.rows }, (_, r) => {
    const a = output.row(r);
    const b = targets.row(r);
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
    return sum / a.length;
  });
}
