import { createRequire } from 'node:module';
import type { CDPSession } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { active, explorerSuite } from './browser.js';

// The explorer on any screen and for everyone: the panels stack on a phone with nothing to scroll
// sideways, touch taps, drags and pinches the plane, the system's dark mode is followed, and
// axe-core (injected into the page) finds no accessibility violation in any view, light or dark.
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const { page, explorer } = explorerSuite('any-screen');

const VIEWS = [
  { tab: 'Font', preset: 'ae-font-best', epochs: null },
  { tab: 'Denoising', preset: 'dae-font', epochs: '300' },
  { tab: 'VAE', preset: 'vae-emoji', epochs: '150' },
] as const;
const show = (tab: string) => page.click(`nav [role="tab"]:has-text("${tab}")`);

/** Trains the view's preset to the end, so the view shows all it can. */
async function train(view: (typeof VIEWS)[number]): Promise<void> {
  await show(view.tab);
  await page.selectOption(active('select[name="preset"]'), view.preset);
  if (view.epochs) await page.fill(active('input[name="epochs"]'), view.epochs);
  await page.click(active('[data-testid="start"]'));
  await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 60_000 });
}

beforeAll(async () => {
  for (const view of VIEWS) await train(view);
});

/** axe-core's violations on the page as it is (WCAG 2.1 A and AA, and best practices), one line each. */
async function axeViolations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations;
}

/** Touches through the DevTools protocol, as a phone's finger: each step is one list of touch points. */
async function touch(cdp: CDPSession, steps: { type: 'touchStart' | 'touchMove' | 'touchEnd'; points: [number, number][] }[]): Promise<void> {
  for (const step of steps) {
    await cdp.send('Input.dispatchTouchEvent', { type: step.type, touchPoints: step.points.map(([x, y], id) => ({ x, y, id })) });
  }
}

describe('the explorer on any screen', () => {
  it('finds no axe-core violation in any view, light or dark, with a model on show', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const view of VIEWS) {
        await show(view.tab);
        expect({ view: view.tab, colorScheme, violations: await axeViolations() }).toEqual({ view: view.tab, colorScheme, violations: [] });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('finds no axe-core violation in the "Your own data" dialog and the guided first run', async () => {
    await show('VAE');
    await page.click(active('button:has-text("Your own data")'));
    await page.waitForSelector('[data-testid="own-data"]');
    expect(await axeViolations()).toEqual([]);
    await page.click('[data-testid="own-data"] button[aria-label="close"]');
    await page.click('button:has-text("Guided first run")');
    await page.waitForSelector('[data-testid="tour"]');
    expect(await axeViolations()).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="tour"]').count()).toBe(0);
    // The guided run reset the view to show the study's setting: train its model again for the tests below.
    await train(VIEWS[2]);
  });

  it('has ARIA tabs that arrow keys move through, each showing its labelled view', async () => {
    await show('Font');
    await page.focus('#tab-font');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-denoise');
    expect(await page.getAttribute('#tab-denoise', 'aria-selected')).toBe('true');
    expect(await page.isVisible('#panel-denoise')).toBe(true);
    expect(await page.isVisible('#panel-font')).toBe(false);
    await page.keyboard.press('End');
    expect(await page.getAttribute('#tab-vae', 'aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('#tab-font', 'aria-selected')).toBe('true');
    // Only the selected tab is in the tab order.
    expect(await page.$$eval('[role="tab"]', (tabs) => tabs.map((tab) => tab.getAttribute('tabindex')))).toEqual(['0', '-1', '-1']);
  });

  it('announces a pinned point once, and nothing while the pointer moves over the plane', async () => {
    await show('Font');
    const live = () => page.$$eval('.view.active [aria-live]', (regions) => regions.map((region) => region.textContent ?? '').join('|'));
    const box = (await page.locator(active('canvas.plane')).boundingBox())!;
    const before = await live();
    for (let i = 1; i < 8; i++) await page.mouse.move(box.x + (i / 8) * box.width, box.y + box.height / 2);
    expect(await live()).toBe(before);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 3);
    await page.mouse.move(box.x - 20, box.y - 20);
    await expect.poll(live).toMatch(/pinned at -?\d+\.\d\d, -?\d+\.\d\d/);
  });

  it('follows the system dark mode, on the page and on the canvases', async () => {
    await show('Font');
    const colours = () =>
      page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('.view.active canvas.plane')!;
        const corner = canvas.getContext('2d')!.getImageData(2, 2, 1, 1).data;
        return { page: getComputedStyle(document.documentElement).backgroundColor, plane: Array.from(corner.slice(0, 3)) };
      });
    // The plane's background (under the faint decoded grid) is redrawn when the scheme changes: dark in dark mode, light in light mode.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(async () => Math.max(...(await colours()).plane)).toBeLessThan(80);
    expect((await colours()).page).toBe('rgb(16, 21, 30)');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(async () => Math.min(...(await colours()).plane)).toBeGreaterThan(200);
    expect((await colours()).page).toBe('rgb(241, 244, 249)');
  });

  it('at 1000x700 keeps the plane tools inside the plane column, and the VAE manifold fills its box', async () => {
    await page.setViewportSize({ width: 1000, height: 700 });
    await show('Font');
    const tools = (await page.locator(active('.plane-tools')).boundingBox())!;
    const column = (await page.locator(active('main.center')).boundingBox())!;
    const panel = (await page.locator(active('.panel.left')).boundingBox())!;
    expect(tools.x).toBeGreaterThanOrEqual(column.x);
    expect(tools.x + tools.width).toBeLessThanOrEqual(column.x + column.width + 0.5);
    expect(tools.x).toBeGreaterThan(panel.x + panel.width);
    await show('VAE');
    const plane = (await page.locator(active('canvas.manifold')).boundingBox())!;
    const room = (await page.locator(active('.plane-box')).boundingBox())!;
    expect(plane.width).toBeGreaterThanOrEqual(Math.min(room.width, room.height) - 4);
  });

  it('at 390x844 stacks the panels with nothing to scroll sideways, the plane first and as wide as the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const view of VIEWS) {
      await show(view.tab);
      await page.evaluate(() => new Promise(requestAnimationFrame));
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect({ view: view.tab, scrollWidth }).toEqual({ view: view.tab, scrollWidth: clientWidth });
      const panels = await page.$$eval('.view.active > *', (elements) => elements.filter((e) => e.getBoundingClientRect().width > 0).map((e) => e.getBoundingClientRect().right));
      for (const right of panels) expect(right).toBeLessThanOrEqual(390);
    }
    await show('Font');
    const plane = (await page.locator(active('canvas.plane')).boundingBox())!;
    const training = (await page.locator(active('.panel.left')).boundingBox())!;
    expect(plane.width).toBeGreaterThan(330);
    expect(plane.y).toBeLessThan(training.y);
  });

  it('at 390x844 a tap pins a point, a drag between glyphs interpolates, a pinch zooms in', async () => {
    await show('Font');
    const cdp = await page.context().newCDPSession(explorer.page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
    await page.locator(active('canvas.plane')).scrollIntoViewIfNeeded();
    const box = (await page.locator(active('canvas.plane')).boundingBox())!;
    const view = JSON.parse((await page.getAttribute(active('canvas.plane'), 'data-view'))!);
    const codes: { label: string; code: number[] }[] = JSON.parse((await page.getAttribute(active('canvas.plane'), 'data-codes'))!);
    const onScreen = ([x, y]: number[]): [number, number] => [box.x + ((x - view.x0) / (view.x1 - view.x0)) * box.width, box.y + (1 - (y - view.y0) / (view.y1 - view.y0)) * box.height];

    // A tap on a glyph's code pins it: the decoded glyph is that glyph.
    const target = codes.find((c) => c.label === 'a')!;
    await touch(cdp, [
      { type: 'touchStart', points: [onScreen(target.code)] },
      { type: 'touchEnd', points: [] },
    ]);
    await expect.poll(() => page.textContent(active('.decoded'))).toContain('pinned');
    expect(await page.textContent(active('.nearest'))).toContain('is glyph a');

    // A drag from one code to another draws the interpolation between them.
    const [from, to] = [codes.find((c) => c.label === 'o')!, codes.find((c) => c.label === 'x')!];
    const a = onScreen(from.code);
    const b = onScreen(to.code);
    await touch(cdp, [
      { type: 'touchStart', points: [a] },
      ...[0.25, 0.5, 0.75, 1].map((t) => ({ type: 'touchMove' as const, points: [[a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t] as [number, number]] })),
      { type: 'touchEnd', points: [] },
    ]);
    await expect.poll(() => page.textContent(active('[data-testid="interpolation"] h3'))).toBe('From o to x');

    // Two fingers moving apart zoom in: the view's span shrinks.
    const middle: [number, number] = [box.x + box.width / 2, box.y + box.height / 2];
    await touch(cdp, [
      { type: 'touchStart', points: [[middle[0] - 20, middle[1]], [middle[0] + 20, middle[1]]] },
      { type: 'touchMove', points: [[middle[0] - 50, middle[1]], [middle[0] + 50, middle[1]]] },
      { type: 'touchMove', points: [[middle[0] - 80, middle[1]], [middle[0] + 80, middle[1]]] },
      { type: 'touchEnd', points: [] },
    ]);
    const zoomed = JSON.parse((await page.getAttribute(active('canvas.plane'), 'data-view'))!);
    expect(zoomed.x1 - zoomed.x0).toBeLessThan((view.x1 - view.x0) / 2);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('logged no errors and made no request beyond its own server', () => {
    expect(explorer.pageErrors).toEqual([]);
    expect(explorer.blocked).toEqual([]);
  });
});
