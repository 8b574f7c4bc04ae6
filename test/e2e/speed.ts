/**
 * Training speed of a preset in the explorer (headless chromium, the page's worker) next to Node
 * (the CLI's Run, in one go, and the worker's own slicing code, run in Node). Not a test: a
 * measurement to print. Usage (after npm run build:web):
 *   npx tsx test/e2e/speed.ts [preset] [rounds]      (default: ae-font 5)
 */
import { loadDataset } from '../../src/io/datasets.js';
import { preset } from '../../src/runs/kinds.js';
import { Run } from '../../src/runs/run.js';
import { WorkerRun } from '../../web/src/training/worker-run.js';
import { openExplorer } from './browser.js';

const presetName = process.argv[2] ?? 'ae-font';
const rounds = Number(process.argv[3] ?? 5);
const { kind, spec } = preset(presetName);

function summary(label: string, epochsPerSecond: number[]): string {
  const sorted = [...epochsPerSecond].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `${label.padEnd(48)} median ${Math.round(median).toLocaleString('en').padStart(7)} epochs/s  (${Math.round(sorted[0]).toLocaleString('en')} to ${Math.round(sorted.at(-1)!).toLocaleString('en')}, ${sorted.length} runs; ${(1000 / median).toFixed(4)} ms/epoch)`;
}

const node: number[] = [];
const nodeSliced: number[] = [];
const { dataset, identity } = loadDataset(spec.data);
for (let r = 0; r < rounds; r++) {
  const run = Run.start(kind, spec, dataset, identity);
  run.train();
  node.push(run.epochsDone / run.trainSeconds);
  const sliced = WorkerRun.start({ type: 'start', run: r, kind: kind.name, spec, speed: null, pauseAt: null });
  while (!sliced.run.finished) sliced.trainSlice();
  nodeSliced.push(sliced.run.epochsDone / sliced.run.trainSeconds);
}

const explorer = await openExplorer();
const { page } = explorer;
const browser: number[] = [];
const wall: number[] = [];
try {
  const tab = kind.name === 'vae' ? 'VAE' : presetName.startsWith('dae') ? 'Denoising pad' : 'Font';
  await page.click(`nav [role="tab"]:has-text("${tab}")`);
  await page.selectOption('.view.active select[name="preset"]', presetName);
  for (let r = 0; r < rounds; r++) {
    const reset = page.locator('.view.active button:has-text("Reset")');
    if (await reset.isEnabled()) await reset.click();
    const started = performance.now();
    await page.click('.view.active [data-testid="start"]');
    await page.waitForSelector('.view.active [data-testid="status"][data-status="finished"]', { timeout: 120_000 });
    const seconds = (performance.now() - started) / 1000;
    const status = page.locator('.view.active [data-testid="status"]');
    const epochs = Number(await status.getAttribute('data-epoch'));
    browser.push(Number(await status.getAttribute('data-epochs-per-second')));
    wall.push(epochs / seconds);
  }
} finally {
  await explorer.close();
}

console.log(`${presetName}: ${spec.training.epochs} epochs planned, seed ${spec.training.seed}, ${rounds} rounds each`);
console.log(summary("Node, the CLI's Run, one go", node));
console.log(summary("Node, the worker's code (WorkerRun, 30 ms slices)", nodeSliced));
console.log(summary('headless chromium, worker training time', browser));
console.log(summary('headless chromium, click to finished (wall)', wall));
