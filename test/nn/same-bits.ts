/** Index of the first value whose bits differ, or -1 (much faster than toEqual on long arrays). */
export function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  return x.findIndex((bits, i) => bits !== y[i]);
}
