/** Summaries over seeds: the spread of a number, not just its best value. */

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The q-quantile (0..1) with linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('no values to take a quantile of');
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The Wilson score interval (95% by default) of a success rate of k in n: honest for small n and rates near 0 or 1. */
export function wilsonInterval(k: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Two-sided Fisher exact test of k1/n1 against k2/n2: the probability, if both rates were equal, of
 * a split at least as unlikely as the one seen (given the totals).
 */
export function fisherExactTest(k1: number, n1: number, k2: number, n2: number): number {
  const total = k1 + k2;
  const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  const probability = (a: number) => Math.exp(logChoose(n1, a) + logChoose(n2, total - a) - logChoose(n1 + n2, total));
  const observed = probability(k1);
  let p = 0;
  for (let a = Math.max(0, total - n2); a <= Math.min(n1, total); a++) {
    const q = probability(a);
    if (q <= observed * (1 + 1e-9)) p += q;
  }
  return Math.min(1, p);
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}
