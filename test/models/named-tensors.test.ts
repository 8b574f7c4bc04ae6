import { describe, expect, it } from 'vitest';
import { loadTensor, storeTensor } from '../../src/models/named-tensors.js';

describe('stored tensors', () => {
  it('hold their little-endian bytes in standard base64, padded, for every length', () => {
    // 8192 float32 values are 32 KB, the slice base64 is built by: the lengths around it cross slices.
    for (const count of [0, 1, 2, 3, 4, 5, 7, 1000, 8191, 8192, 8193, 20000]) {
      const values = Float64Array.from({ length: count }, (_, i) => Math.fround(Math.sin(i + 1) * 1e3));
      const stored = storeTensor({ shape: [count], values });
      expect(stored.dtype).toBe('float32');
      expect(stored.data).toBe(Buffer.from(new Float32Array(values).buffer).toString('base64'));
      expect(loadTensor('w', stored).values).toEqual(values);
    }
  });

  it('store values float32 cannot hold as float64, bytes and all', () => {
    const values = Float64Array.from([0.1, -2.5e300, 1 / 3]);
    const stored = storeTensor({ shape: [3], values });
    expect(stored.dtype).toBe('float64');
    expect(stored.data).toBe(Buffer.from(values.buffer).toString('base64'));
  });
});
