import { runKind, type TrialOutcome } from '../runs/kinds.js';
import type { Settings } from '../runs/settings.js';

/** What a worker thread is asked to do: one training run. */
export interface TrialTask {
  kind: string;
  spec: Settings;
  evaluation?: Settings;
}

/** The worker threads' entry point (piscina calls the default export), also called directly when running inline. */
export default function runTrialTask(task: TrialTask): TrialOutcome {
  return runKind(task.kind).run(task.spec, task.evaluation);
}
