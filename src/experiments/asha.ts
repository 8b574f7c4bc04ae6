/**
 * Asynchronous successive halving (ASHA, Li et al. 2020): every trial first trains to the lowest
 * rung's epochs; whenever a result comes in, any trial in the best 1/reduction of the results of
 * its rung so far (and not promoted yet) is promoted to the next rung, where it goes on from its
 * checkpoint. No rung waits for the whole of the one below, so no worker idles.
 */

/** The epochs of each rung: minEpochs, minEpochs x reduction, ... below maxEpochs, then maxEpochs. */
export function rungEpochs(minEpochs: number, reduction: number, maxEpochs: number): number[] {
  if (!(Number.isInteger(minEpochs) && minEpochs >= 1)) throw new RangeError(`asha minEpochs must be a positive whole number, got ${minEpochs}`);
  if (!(Number.isInteger(reduction) && reduction >= 2)) throw new RangeError(`asha reduction must be a whole number of at least 2, got ${reduction}`);
  if (minEpochs >= maxEpochs) return [maxEpochs];
  const rungs: number[] = [];
  for (let epochs = minEpochs; epochs < maxEpochs; epochs *= reduction) rungs.push(epochs);
  return [...rungs, maxEpochs];
}

/** One trial's result at one rung. */
export interface RungResult {
  key: string;
  rung: number;
  /** False when the trial cannot go on: it met its goal and stopped, or diverged. */
  canContinue: boolean;
}

/** A trial to train on to a rung. */
export interface Promotion {
  key: string;
  rung: number;
}

/**
 * The promotions ASHA makes now: for every rung below the top, the trials ranked in the best
 * floor(n / reduction) of the n results of that rung (ranked by `better`, best first), that can
 * go on and were not promoted from it yet (`promotedFrom(key)` is the highest rung a trial was
 * already promoted to, or undefined). Highest rungs first.
 */
export function ashaPromotions<R extends RungResult>(
  results: readonly R[],
  rungCount: number,
  reduction: number,
  better: (a: R, b: R) => number,
  promotedTo: (key: string) => number | undefined,
): Promotion[] {
  const promotions: Promotion[] = [];
  for (let rung = rungCount - 2; rung >= 0; rung--) {
    const ranked = results.filter((r) => r.rung === rung).sort(better);
    const best = ranked.slice(0, Math.floor(ranked.length / reduction));
    for (const result of best) {
      if (result.canContinue && (promotedTo(result.key) ?? rung) <= rung) promotions.push({ key: result.key, rung: rung + 1 });
    }
  }
  return promotions;
}
