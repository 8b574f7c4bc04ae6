/** A dense row-major matrix of float64 values. */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new RangeError(`Matrix shape must be non-negative integers, got ${rows}x${cols}`);
    }
    if (data && data.length !== rows * cols) {
      throw new RangeError(`Matrix ${rows}x${cols} needs ${rows * cols} values, got ${data.length}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** Builds a matrix from nested arrays; every row must have the same length. */
  static fromRows(rows: ArrayLike<number>[]): Matrix {
    const cols = rows.length > 0 ? rows[0].length : 0;
    const m = new Matrix(rows.length, cols);
    rows.forEach((row, i) => {
      if (row.length !== cols) throw new RangeError(`row ${i} has ${row.length} values, expected ${cols}`);
      m.data.set(Array.from(row), i * cols);
    });
    return m;
  }

  get(row: number, col: number): number {
    return this.data[row * this.cols + col];
  }

  set(row: number, col: number, value: number): void {
    this.data[row * this.cols + col] = value;
  }

  /** A view (not a copy) of one row. */
  row(index: number): Float64Array {
    return this.data.subarray(index * this.cols, (index + 1) * this.cols);
  }

  /** A view (not a copy) of the first `count` rows. */
  head(count: number): Matrix {
    if (!Number.isInteger(count) || count < 0 || count > this.rows) throw new RangeError(`head needs 0..${this.rows} rows, got ${count}`);
    return new Matrix(count, this.cols, this.data.subarray(0, count * this.cols));
  }

  toRows(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => Array.from(this.row(i)));
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** Throws if any value is NaN or infinite, naming the first bad position. */
  assertFinite(what: string): void {
    // A plain loop: findIndex's callback per value costs several times more on a dataset of millions.
    const { data } = this;
    for (let bad = 0; bad < data.length; bad++) {
      if (Number.isFinite(data[bad])) continue;
      const r = Math.floor(bad / this.cols);
      throw new RangeError(`${what} has a non-finite value (${data[bad]}) at row ${r}, column ${bad - r * this.cols}`);
    }
  }
}
