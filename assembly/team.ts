// Threads working on one plan: every thread runs the same pass (index.ts) and takes its share of
// each product's output columns, so no sum changes order with the thread count and results are the
// same bit for bit. Barriers separate the phases. A single thread (or a build without threads)
// never waits.
import { ABORTED, BARRIER_COUNT, BARRIER_GENERATION } from './plan';

/** Spins this many times before sleeping on the barrier (a phase usually ends within microseconds of another). */
const SPINS = 4000;

/** First of thread `t`'s share of n items split into runs of `align` (n and align multiples of 4), in thread order. */
@inline export function shareBegin(n: i32, t: i32, threads: i32, align: i32): i32 {
  const units = (n + align - 1) / align;
  return min(n, t * ((units + threads - 1) / threads) * align);
}

/** End of thread `t`'s share (see shareBegin). */
@inline export function shareEnd(n: i32, t: i32, threads: i32, align: i32): i32 {
  return shareBegin(n, t + 1, threads, align);
}

/** Waits until every thread of the plan's team arrived. */
export function barrier(plan: usize, threads: i32): void {
  if (threads == 1) return;
  if (ASC_FEATURE_THREADS) {
    const generation = atomic.load<i32>(plan + BARRIER_GENERATION);
    if (atomic.load<i32>(plan + ABORTED)) return;
    if (atomic.add<i32>(plan + BARRIER_COUNT, 1) == threads - 1) {
      atomic.store<i32>(plan + BARRIER_COUNT, 0);
      atomic.add<i32>(plan + BARRIER_GENERATION, 1);
      atomic.notify(plan + BARRIER_GENERATION, threads - 1);
      return;
    }
    for (let i = 0; i < SPINS; i++) {
      if (atomic.load<i32>(plan + BARRIER_GENERATION) != generation) return;
    }
    while (atomic.load<i32>(plan + BARRIER_GENERATION) == generation && !atomic.load<i32>(plan + ABORTED)) {
      atomic.wait<i32>(plan + BARRIER_GENERATION, generation, -1);
    }
  }
}
