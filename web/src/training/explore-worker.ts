import type { ExploreReport, ExploreRequest } from './explore-messages.js';
import { ExploreWork } from './explore-work.js';

/**
 * The explore worker: the views' heavy forward passes (codes, the decoded grid, the scan for new
 * glyphs) off the page's main thread, in slices, so a wide network never freezes the page.
 */
const work = new ExploreWork((report: ExploreReport, transfer: Transferable[] = []) => self.postMessage(report, { transfer }));
// A message to ourselves queues the next slice behind any waiting request.
const tick = new MessageChannel();
let queued = false;
tick.port1.onmessage = () => {
  queued = false;
  work.next();
  schedule();
};

function schedule(): void {
  if (queued || !work.busy) return;
  queued = true;
  tick.port2.postMessage(null);
}

self.onmessage = (event: MessageEvent<ExploreRequest>) => {
  work.take(event.data);
  schedule();
};
