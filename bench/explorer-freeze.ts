/**
 * Does the explorer stay responsive while a big network trains? In headless chromium, with the font
 * view training 35-512-512-512-512-2-...-35 (or the --hidden widths; ae-font's settings otherwise), the decoded grid on and
 * "Find new glyphs" scanning, it measures over a window of seconds:
 *   - the longest main-thread task and the count of long tasks (PerformanceObserver 'longtask', > 50 ms),
 *   - frames per second (requestAnimationFrame callbacks),
 *   - the time from a click on Pause (the click event's own time stamp) to the page showing "paused",
 *     over several pauses.
 * Not a test: a measurement to print. Usage (after npm run build:web):
 *   npx tsx bench/explorer-freeze.ts [--dist dist/web] [--hidden 512,512,512,512] [--seconds 15] [--pauses 5]
 * --dist serves another build of the page (e.g. main's, to compare before and after).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openExplorer } from '../test/e2e/browser.js';

const { values: flags } = parseArgs({
  options: {
    dist: { type: 'string' },
    hidden: { type: 'string', default: '512,512,512,512' },
    seconds: { type: 'string', default: '15' },
    pauses: { type: 'string', default: '5' },
    'give-up': { type: 'string', default: '120' },
  },
});
const seconds = Number(flags.seconds);
const pauses = Number(flags.pauses);
/** A pause not shown after this many seconds is reported as such, and the pauses stop there. */
const giveUp = Number(flags['give-up']) * 1000;

/** Runs in the page before its own code: long tasks, frames and pause times are recorded from the first moment. */
const probes = `
  window.__bench = { longTasks: [], frames: 0, clickedAt: null, pausedAt: null };
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__bench.longTasks.push(entry.duration); }).observe({ type: 'longtask', buffered: true });
  const frame = () => { window.__bench.frames++; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  window.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-testid="start"]')) window.__bench.clickedAt = event.timeStamp;
  }, true);
  new MutationObserver(() => {
    if (window.__bench.pausedAt === null && document.querySelector('.view.active [data-testid="status"][data-status="paused"]')) window.__bench.pausedAt = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
`;

interface Probes {
  longTasks: number[];
  frames: number;
  clickedAt: number | null;
  pausedAt: number | null;
}
declare const window: { __bench: Probes };

const explorer = await openExplorer({ dist: flags.dist, initScript: probes });
const { page } = explorer;
const active = (selector: string) => `.view.active ${selector}`;
const status = () => page.getAttribute(active('[data-testid="status"]'), 'data-status', { timeout: 300_000 });
try {
  await page.selectOption(active('select[name="preset"]'), 'ae-font');
  await page.fill(active('input[name="hidden"]'), flags.hidden!);
  await page.fill(active('input[name="epochs"]'), '1000000');
  await page.click(active('[data-testid="start"]'));
  // Where Start/Pause is, asked before the page gets busy.
  const button = await page.locator(active('[data-testid="start"]')).boundingBox();
  if (!button) throw new Error('no Start/Pause button on the page');
  await page.waitForFunction(() => Number(document.querySelector('.view.active [data-testid="status"]')?.getAttribute('data-epoch')) > 0, null, { timeout: 300_000 });
  const grid = page.locator(active('.plane-tools input[type="checkbox"]'));
  if (!(await grid.isChecked({ timeout: 300_000 }))) await grid.check({ timeout: 300_000 });
  // A click at the button's place: a page this busy may not answer Playwright's checks after a click for minutes.
  const find = await page.locator(active('button:has-text("Find new glyphs")')).boundingBox({ timeout: 300_000 });
  if (!find) throw new Error('no "Find new glyphs" button on the page');
  await page.mouse.click(find.x + find.width / 2, find.y + find.height / 2);

  // The window: long tasks and frames from here on.
  await page.evaluate(() => {
    window.__bench.longTasks = [];
    window.__bench.frames = 0;
  });
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const { longTasks, frames } = await page.evaluate(() => ({ longTasks: window.__bench.longTasks, frames: window.__bench.frames }));
  const elapsed = (performance.now() - started) / 1000;
  const scanned = await page.locator(active('[data-testid="new-glyph-count"]')).count();

  // Pause and resume a few times: the click's time stamp to "paused" on the page.
  const pauseMs: number[] = [];
  let gaveUp = false;
  for (let p = 0; p < pauses && !gaveUp; p++) {
    if ((await status()) !== 'running') throw new Error(`the run is ${await status()}, not running`);
    await page.evaluate(() => {
      window.__bench.clickedAt = null;
      window.__bench.pausedAt = null;
    });
    await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
    const clicked = performance.now();
    const shown = await page
      .waitForSelector(active('[data-testid="status"][data-status="paused"]'), { timeout: giveUp })
      .then(() => true)
      .catch(() => false);
    if (!shown) {
      pauseMs.push(performance.now() - clicked);
      gaveUp = true;
      console.error(`pause ${p + 1}: not paused after ${giveUp / 1000} s; no more pauses`);
      break;
    }
    const { clickedAt, pausedAt } = await page.evaluate(() => window.__bench);
    if (clickedAt === null || pausedAt === null) throw new Error('the click or the pause was not seen by the page');
    pauseMs.push(pausedAt - clickedAt);
    await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
    await page.waitForSelector(active('[data-testid="status"][data-status="running"]'), { timeout: 300_000 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }

  const sorted = [...pauseMs].sort((a, b) => a - b);
  const epoch = await page.getAttribute(active('[data-testid="status"]'), 'data-epoch');
  const widths = flags.hidden!.split(',');
  console.log(`explorer: ${[35, ...widths, 2, ...widths.reverse(), 35].join('-')} training (ae-font settings), decoded grid on, "Find new glyphs" ${scanned ? 'on (results shown)' : 'asked (no result shown yet)'}; page ${flags.dist ?? 'dist/web'}`);
  console.log(`CPU ${cpus()[0]?.model} x${cpus().length}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (at the end)`);
  console.log(`over ${elapsed.toFixed(1)} s: ${longTasks.length} long tasks (> 50 ms), longest ${Math.round(Math.max(0, ...longTasks))} ms, ${Math.round(longTasks.reduce((a, b) => a + b, 0))} ms in all; ${(frames / elapsed).toFixed(1)} frames/s`);
  console.log(`Pause to paused over ${pauseMs.length} pause${pauseMs.length === 1 ? '' : 's'}${gaveUp ? ` (the last not shown after ${giveUp / 1000} s: gave up)` : ''}: median ${Math.round(sorted[Math.floor(sorted.length / 2)])} ms, from ${Math.round(sorted[0])} to ${Math.round(sorted.at(-1)!)} ms; epoch ${epoch} at the end`);
} finally {
  await explorer.close();
}
