import { describe, expect, it } from 'vitest';
import { active, explorerSuite, openExplorer } from './browser.js';

// Watching a run learn (steps, speed, the timeline), sharing it (the whole state in the link, kept
// across a reload) and comparing runs (their loss curves and their planes side by side).

const { page, explorer, shot } = explorerSuite('watch');

interface PlaneCode {
  label: string;
  code: [number, number];
}

const statusOf = (name: string) => page.getAttribute(active('[data-testid="status"]'), name);
const codesOf = async (selector = 'canvas.plane'): Promise<PlaneCode[]> => JSON.parse((await page.getAttribute(active(selector), 'data-codes')) ?? '[]');

async function form(preset: string, fields: Record<string, string>): Promise<void> {
  const reset = page.locator(active('button:has-text("Reset")'));
  if (await reset.isEnabled()) await reset.click();
  await page.selectOption(active('select[name="preset"]'), preset);
  for (const [name, value] of Object.entries(fields)) await page.fill(active(`input[name="${name}"]`), value);
}

async function waitFor(status: string, epoch?: number): Promise<void> {
  const selector = `[data-testid="status"][data-status="${status}"]${epoch === undefined ? '' : `[data-epoch="${epoch}"]`}`;
  await page.waitForSelector(active(selector), { timeout: 30_000 });
}

describe('watching a run learn', () => {
  it('steps 10, 1 and 100 epochs, pausing after each', async () => {
    await form('ae-font', { epochs: '5000', seed: '3' });
    await page.click(active('[data-testid="step-10"]'));
    await waitFor('paused', 10);
    await page.click(active('[data-testid="step-1"]'));
    await waitFor('paused', 11);
    await page.click(active('[data-testid="step-100"]'));
    await waitFor('paused', 111);
    expect(Number(await page.getAttribute(active('.loss-chart'), 'data-epochs'))).toBe(111);
    expect(await codesOf()).toHaveLength(32);
  });

  it('keeps a timeline of the models to scrub back through, and goes back to live', async () => {
    const timeline = active('[data-testid="timeline"]');
    await page.waitForSelector(timeline);
    expect(Number(await page.getAttribute(timeline, 'data-snapshots'))).toBeGreaterThanOrEqual(3);
    // The explore worker may still be encoding the last model: take the live codes once they have settled.
    let live = await codesOf();
    await expect
      .poll(async () => {
        const now = await codesOf();
        const settled = JSON.stringify(now) === JSON.stringify(live);
        live = now;
        return settled;
      }, { interval: 300 })
      .toBe(true);
    const status = active('[data-testid="status"]');
    const liveLoss = /loss ([\d.e+-]+)/.exec((await page.textContent(status)) ?? '')?.[1];
    expect(liveLoss).toBeDefined();
    await page.fill(active('input[name="timeline"]'), '0');
    await expect.poll(() => page.getAttribute(timeline, 'data-shown-epoch')).toBe('0');
    expect(await page.getAttribute(timeline, 'data-live')).toBe('false');
    await expect.poll(async () => JSON.stringify(await codesOf())).not.toBe(JSON.stringify(live));
    // The status describes the snapshot on show, says it is a past one, and keeps the run's own epoch apart.
    expect(await page.getAttribute(status, 'data-shown-epoch')).toBe('0');
    expect(await page.textContent(status)).toContain('Past snapshot: the model at epoch 0');
    expect(await page.textContent(status)).toContain('epoch 0 / 5000');
    expect(await page.textContent(status)).toContain('the run itself: epoch 111, paused');
    await shot('20-timeline-scrubbed');
    await page.fill(active('input[name="timeline"]'), '1');
    const past = (await page.getAttribute(timeline, 'data-shown-epoch'))!;
    expect(Number(past)).toBeGreaterThan(0);
    expect(Number(past)).toBeLessThan(111);
    expect(await page.getAttribute(status, 'data-shown-epoch')).toBe(past);
    expect(await page.textContent(status)).toMatch(new RegExp(`epoch ${past} / 5000 · loss [\\d.]+`));
    expect(/loss ([\d.e+-]+)/.exec((await page.textContent(status)) ?? '')?.[1]).not.toBe(liveLoss);
    await page.click(active('[data-testid="timeline"] button:has-text("live")'));
    await expect.poll(async () => JSON.stringify(await codesOf())).toBe(JSON.stringify(live));
    expect(await page.textContent(status)).not.toContain('Past snapshot');
    expect(await page.getAttribute(status, 'data-shown-epoch')).toBe('111');
    expect(/loss ([\d.e+-]+)/.exec((await page.textContent(status)) ?? '')?.[1]).toBe(liveLoss);
  });

  it('holds a run to the speed chosen: 100 epochs a second', async () => {
    await form('ae-font', { epochs: '100000' });
    await page.selectOption(active('select[name="speed"]'), '100');
    const started = Date.now();
    await page.click(active('[data-testid="start"]'));
    await page.waitForTimeout(2000);
    await page.click(active('[data-testid="start"]'));
    await waitFor('paused');
    const seconds = (Date.now() - started) / 1000;
    const epoch = Number(await statusOf('data-epoch'));
    // Paced from the start: never ahead of 100 a second (the worker may lag behind on a busy machine).
    expect(epoch).toBeGreaterThan(20);
    expect(epoch).toBeLessThanOrEqual(Math.ceil(100 * seconds) + 1);
    await page.selectOption(active('select[name="speed"]'), 'null');
  });
});

describe('sharing a run', () => {
  it('puts the whole state in the address: a fresh page opened on it trains the same run to the same epoch, zoom and pin', async () => {
    await form('ae-font', { epochs: '3000', seed: '2', lr: '0.002' });
    await page.click(active('[data-testid="step-100"]'));
    await waitFor('paused', 100);
    await page.click(active('[data-testid="step-100"]'));
    await waitFor('paused', 200);
    // Zoom in about the plane's centre and pin a point.
    const plane = (await page.locator(active('canvas.plane')).boundingBox())!;
    await page.mouse.move(plane.x + plane.width * 0.5, plane.y + plane.height * 0.5);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -100);
    await page.mouse.click(plane.x + plane.width * 0.4, plane.y + plane.height * 0.6);
    await page.mouse.move(5, 400);
    await page.waitForSelector(active('.decoded .tag:has-text("pinned")'));
    const view = await page.getAttribute(active('canvas.plane'), 'data-view');
    const heading = await page.textContent(active('.decoded h3'));
    const codes = await codesOf();
    const loss = await page.getAttribute(active('.loss-chart'), 'data-last-loss');

    await page.click(active('[data-testid="copy-link"]'));
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).search).toBe(new URL(page.url()).search);
    const params = new URL(link).searchParams;
    expect(Object.fromEntries(params)).toMatchObject({ view: 'font', preset: 'ae-font', epochs: '3000', seed: '2', lr: '0.002', epoch: '200' });

    const fresh = await openExplorer({ query: new URL(link).search });
    try {
      const other = fresh.page;
      await other.waitForSelector(active('[data-testid="status"][data-status="paused"][data-epoch="200"]'), { timeout: 30_000 });
      await other.waitForSelector(active('.decoded .tag:has-text("pinned")'));
      expect(await other.getAttribute(active('.loss-chart'), 'data-last-loss')).toBe(loss);
      await expect.poll(async () => JSON.parse((await other.getAttribute(active('canvas.plane'), 'data-codes')) ?? '[]')).toEqual(codes);
      expect(await other.getAttribute(active('canvas.plane'), 'data-view')).toBe(view);
      expect(await other.textContent(active('.decoded h3'))).toBe(heading);
      expect(await other.inputValue(active('input[name="lr"]'))).toBe('0.002');
      expect(fresh.pageErrors).toEqual([]);
    } finally {
      await fresh.close();
    }

    // A reload keeps it too.
    await page.reload();
    await waitFor('paused', 200);
    expect(await page.getAttribute(active('.loss-chart'), 'data-last-loss')).toBe(loss);
    await expect.poll(async () => codesOf()).toEqual(codes);
    expect(await page.getAttribute(active('canvas.plane'), 'data-view')).toBe(view);
  });

  it('opens the view a link names', async () => {
    const fresh = await openExplorer({ query: '?view=vae&preset=vae-emoji&beta=0.5' });
    try {
      await expect(fresh.page.getAttribute('[role="tab"][aria-selected="true"]', 'aria-selected')).resolves.toBe('true');
      expect(await fresh.page.textContent('[role="tab"][aria-selected="true"]')).toContain('VAE');
      expect(await fresh.page.inputValue(active('input[name="beta"]'))).toBe('0.5');
      expect(fresh.pageErrors).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});

describe('comparing runs', () => {
  it("overlays the last runs' loss curves with their settings, and puts two planes side by side", async () => {
    await form('ae-font', { epochs: '400', seed: '1', lr: '0.0005' });
    await page.click(active('[data-testid="start"]'));
    await waitFor('finished', 400);
    const firstCodes = await codesOf();
    const firstLoss = await page.getAttribute(active('.loss-chart'), 'data-last-loss');
    await form('ae-font', { epochs: '400', seed: '1', lr: '0.005' });
    await page.click(active('[data-testid="start"]'));
    await waitFor('finished', 400);

    const runs = page.locator(active('[data-testid="last-runs"] li[data-run]'));
    const texts = await runs.allTextContents();
    const first = texts.findIndex((text) => text.includes('--lr 0.0005') || (text.includes('--epochs 400') && !text.includes('--lr')));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(texts[first]).toContain('--epochs 400');
    expect(await runs.nth(first).getAttribute('data-last-loss')).toBe(firstLoss);
    expect(Number(await page.getAttribute(active('.loss-chart'), 'data-compared'))).toBeGreaterThanOrEqual(1);

    const option = await page.locator(active('select[name="compare"] option')).nth(first + 1).getAttribute('value');
    await page.selectOption(active('select[name="compare"]'), option!);
    await page.waitForSelector(active('[data-testid="compared-plane"] canvas.plane'));
    expect(await codesOf('[data-testid="compared-plane"] canvas.plane')).toEqual(firstCodes);
    expect(await codesOf()).not.toEqual(firstCodes);
    await shot('21-compare-runs');
  });

  it('logged no errors', () => {
    expect(explorer.pageErrors).toEqual([]);
    expect(explorer.blocked).toEqual([]);
  });
});
