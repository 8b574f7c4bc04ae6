/**
 * Training speed of a preset in the explorer (headless chromium, the page's worker) next to Node
 * (the CLI's runner, in one go, and the worker's own slicing code, run in Node). Not a test: a
 * measurement to print. Usage (after npm run build:web):
 *   npx tsx test/e2e/speed.ts [preset] [rounds]      (default: ae-font 5)
 */
import { performance } from 'node:perf_hooks';
import { fontTable } from '../../src/data/font.js';
import { autoencoderPreset } from '../../src/runs/autoencoder/presets.js';
import { runAutoencoder } from '../../src/runs/autoencoder/run.js';
import { startRun } from '../../web/src/training/start-run.js';
import { openExplorer } from './browser.js';

const preset = process.argv[2] ?? 'ae-font';
const rounds = Number(process.argv[3] ?? 5);
const spec = autoencoderPreset(preset);

function summary(label: string, epochsPerSecond: number[]): string {
  const sorted = [...epochsPerSecond].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `${label.padEnd(48)} median ${Math.round(median).toLocaleString('en').padStart(7)} epochs/s  (${Math.round(sorted[0]).toLocaleString('en')} to ${Math.round(sorted.at(-1)!).toLocaleString('en')}, ${sorted.length} runs; ${(1000 / median).toFixed(4)} ms/epoch)`;
}

const node: number[] = [];
const nodeSliced: number[] = [];
for (let r = 0; r < rounds; r++) {
  const { result } = runAutoencoder(spec, fontTable(3));
  node.push(result.epochs / result.trainSeconds);
  const { fitting } = startRun(spec, () => undefined);
  let epochs = 0;
  let ms = 0;
  let slice = 1;
  while (!fitting.finished) {
    const started = performance.now();
    epochs += fitting.run(slice);
    const took = performance.now() - started;
    ms += took;
    slice = Math.max(1, Math.min(slice * 4, Math.round((slice * 30) / Math.max(took, 0.1))));
  }
  nodeSliced.push(epochs / (ms / 1000));
}

const explorer = await openExplorer();
const { page } = explorer;
const browser: number[] = [];
const wall: number[] = [];
try {
  await page.selectOption('.view.active select[name="preset"]', preset);
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

console.log(`${preset}: ${spec.training.epochs} epochs planned, seed ${spec.training.seed}, ${rounds} rounds each`);
console.log(summary('Node, CLI runner (runAutoencoder), one go', node));
console.log(summary("Node, the worker's code (startRun, 30 ms slices)", nodeSliced));
console.log(summary('headless chromium, worker training time', browser));
console.log(summary('headless chromium, click to finished (wall)', wall));
