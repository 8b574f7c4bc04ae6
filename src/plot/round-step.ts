/**
 * The smallest round step (1, 2 or 5 times a power of ten) that cuts `span` into at most `parts`
 * parts: the next round step down (half or two fifths of it) would cut more. Axes and grids are
 * labelled at its multiples.
 */
export function roundStep(span: number, parts: number): number {
  if (!(span > 0 && Number.isFinite(span)) || !(parts > 0)) throw new RangeError(`a round step needs a positive finite span and number of parts, got ${span} and ${parts}`);
  const magnitude = 10 ** Math.floor(Math.log10(span / parts));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((step) => span / step <= parts)!;
}
