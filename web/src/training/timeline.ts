import type { ModelSnapshot } from './model-parameters.js';

/** A model the run went through, and the epoch it had then. */
export interface TimelineEntry {
  epoch: number;
  snapshot: ModelSnapshot;
}

/** The bytes of parameters a timeline keeps at most: 64 MB. */
export const TIMELINE_BYTES = 64 * 1024 ** 2;

const bytesOf = (snapshot: ModelSnapshot) => snapshot.parameters.reduce((sum, values) => sum + values.byteLength, 0);

/**
 * The models a run went through, to scrub back and watch its codes move: every model the page was
 * sent, in epoch order. When they outgrow `budget` bytes, every second one is dropped (the first and
 * the newest stay), so a long run keeps an even spread over its whole length.
 */
export function appendToTimeline(entries: readonly TimelineEntry[], entry: TimelineEntry, budget = TIMELINE_BYTES): TimelineEntry[] {
  const last = entries.at(-1);
  let kept = last && last.epoch === entry.epoch ? [...entries.slice(0, -1), entry] : [...entries, entry];
  while (kept.length > 2 && kept.reduce((sum, { snapshot }) => sum + bytesOf(snapshot), 0) > budget) {
    kept = kept.filter((_, i) => i % 2 === 0 || i === kept.length - 1);
  }
  return kept;
}
