import { formatCount } from '../data/format-count.js';

/** The fewest epochs a loss must stay put to be called stuck. */
const STUCK_EPOCHS = 50;
/** "Put": the loss moves by no more than this fraction of itself over those epochs. */
const STUCK_CHANGE = 1e-9;
/** A loss this small is a model that learned, not one that is stuck. */
const LEARNED_LOSS = 1e-6;

/**
 * A warning when the loss has not moved over the last quarter of the epochs (at least
 * STUCK_EPOCHS) while still far from 0, saying what may be the reason; undefined otherwise.
 * `lr` is the run's learning rate.
 */
export function stuckLossWarning(losses: ArrayLike<number>, lr: number): string | undefined {
  const epochs = losses.length;
  const span = Math.max(STUCK_EPOCHS, Math.floor(epochs / 4));
  if (epochs < span + 1) return undefined;
  let low = Infinity;
  let high = -Infinity;
  for (let i = epochs - span; i < epochs; i++) {
    low = Math.min(low, losses[i]);
    high = Math.max(high, losses[i]);
  }
  if (!(high - low <= STUCK_CHANGE * Math.abs(high)) || Math.abs(high) < LEARNED_LOSS) return undefined;
  let since = epochs - span;
  while (since > 0 && Math.abs(losses[since - 1] - high) <= STUCK_CHANGE * Math.abs(high)) since--;
  const why =
    lr >= 1
      ? `a learning rate of ${lr} is far too large: the first steps drove the units into saturation, where the gradients vanish; try --lr 0.001`
      : lr < 1e-6
        ? `a learning rate of ${lr} is too small to move the weights; try --lr 0.001`
        : 'the units may be saturated or dead (a large learning rate, an unlucky start); try a smaller --lr, another --seed or --init';
  return `the loss stayed at ${high.toPrecision(4)} for the last ${formatCount(epochs - since)} of ${formatCount(epochs)} epochs: the training is stuck. ${why[0].toUpperCase()}${why.slice(1)}.`;
}
