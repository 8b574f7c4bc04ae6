// Threads working on one plan: every thread runs the same pass (index.ts). A split product's output
// columns come in chunks that the threads take in turn from a shared counter, so a thread that gets
// less of the CPU (another program took its core) simply takes fewer; rows and parameters are
// shared out in fixed shares. Each output element is computed by one thread in the same order
// whichever thread it is, so results are the same bit for bit for any thread count. Barriers
// separate the phases. A single thread (or a build without threads) never waits.
import { ABORTED, BARRIER_COUNT, BARRIER_GENERATION, CHUNK_TICKETS } from './plan';

/** Output columns in one chunk of a split product (a multiple of the 8-column tiles). */
export const CHUNK_COLUMNS = 64;

/** Tickets handed out in this operation's finished split phases (a global: each thread has its own instance). */
let ticketBase: i32 = 0;

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

/** Chunks of CHUNK_COLUMNS in n columns. */
@inline export function chunkCount(n: i32): i32 {
  return (n + CHUNK_COLUMNS - 1) / CHUNK_COLUMNS;
}

/** Called by every thread as an operation starts: no tickets handed out yet (thread 0 zeroed the counter as the last one ended). */
export function beginOperation(): void {
  ticketBase = 0;
}

/** Called by every thread after an operation's last barrier: thread 0 zeroes the ticket counter for the next operation. */
export function endOperation(plan: usize, thread: i32): void {
  if (ASC_FEATURE_THREADS) {
    if (thread == 0) atomic.store<i32>(plan + CHUNK_TICKETS, 0);
  }
}

/**
 * This thread's next chunk (0-based) of a split phase of `chunks` chunks, or -1 once all are taken.
 * Every thread of the team calls it until it returns -1, then meets the others at a barrier: each
 * thread draws exactly one ticket past the end, so the phase hands out chunks + threads tickets.
 */
export function nextChunk(plan: usize, chunks: i32, threads: i32): i32 {
  if (ASC_FEATURE_THREADS) {
    const ticket = atomic.add<i32>(plan + CHUNK_TICKETS, 1) - ticketBase;
    if (ticket < chunks) return ticket;
    ticketBase += chunks + threads;
  }
  return -1;
}
