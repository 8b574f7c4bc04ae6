import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { active, explorerSuite, OUTPUT } from './browser.js';

// A wide network trains without freezing the page (the timings are bench/explorer-freeze.ts's), the
// form is bounded by a memory estimate, the network's inside is shown, and the small things found
// in use: a divergence's loss curve, the readout after a zoom, zoom limits, a found glyph picked
// while zoomed, Space after a preset, "1 pixel differs".

const { page, explorer, shot } = explorerSuite('inside');
const font = fontTable(3);

interface PlaneView {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

const planeView = async (): Promise<PlaneView> => JSON.parse((await page.getAttribute(active('canvas.plane'), 'data-view')) ?? '{}');
const codeOf = async (label: string): Promise<[number, number]> => {
  const codes: { label: string; code: [number, number] }[] = JSON.parse((await page.getAttribute(active('canvas.plane'), 'data-codes')) ?? '[]');
  return codes.find((c) => c.label === label)!.code;
};
/** The point of the plane the decoded panel reads out, from its heading "Decoded at (x, y)". */
const readout = async (): Promise<[number, number]> => {
  const match = /\((-?[\d.]+), (-?[\d.]+)\)/.exec((await page.textContent(active('.decoded h3'))) ?? '');
  return [Number(match?.[1]), Number(match?.[2])];
};

async function form(preset: string, fields: Record<string, string>): Promise<void> {
  const reset = page.locator(active('button:has-text("Reset")'));
  if (await reset.isEnabled()) await reset.click();
  await page.selectOption(active('select[name="preset"]'), preset);
  for (const [name, value] of Object.entries(fields)) await page.fill(active(`input[name="${name}"]`), value);
}

describe('a wide network', () => {
  it('refuses a run bigger than the page can hold, beside the field to lower', async () => {
    await form('ae-font', { epochs: '5000000000' });
    await page.click(active('[data-testid="start"]'));
    await expect
      .poll(() => page.textContent(active('.field-error[data-field="epochs"]')))
      .toBe('this run needs about 223.5 GB of memory, more than the 1.0 GB it can have here; the largest part is the loss history of 5,000,000,000 epochs (223.5 GB): lower training.epochs (--epochs)');
    expect(await page.locator(active('[data-testid="status"]')).count()).toBe(0);
  });

  it('trains 35-512-512-512-512-2-...-35 with the grid on and a scan under way, and pauses', async () => {
    await form('ae-font', { hidden: '512,512,512,512', epochs: '1000000' });
    await page.click(active('[data-testid="start"]'));
    await page.waitForSelector(active('canvas.plane'), { timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('.view.active [data-testid="status"]')?.getAttribute('data-epoch')) > 3, null, { timeout: 60_000 });
    await page.click(active('button:has-text("Find new glyphs")'));
    await page.click(active('[data-testid="start"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="paused"]'));
    expect(await page.getAttribute(active('[data-testid="network"]'), 'data-layers')).toBe('35-512-512-512-512-2-512-512-512-512-35');
    await shot('22-wide-network');
    await page.click(active('button:has-text("Reset")'));
  }, 150_000);
});

describe('inside the network', () => {
  it("draws the layers, a layer's weights, and every layer's activations for a glyph and for the pinned point", async () => {
    await form('ae-font', { epochs: '2000' });
    await page.click(active('[data-testid="start"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 30_000 });
    const network = active('[data-testid="network"]');
    expect(await page.getAttribute(network, 'data-layers')).toBe('35-20-2-20-35');
    await page.click(`${network} summary`);

    await page.click(`${network} .weight-picker button:has-text("20→2")`);
    const weights = page.locator(`${network} .weights canvas`);
    expect([await weights.getAttribute('data-inputs'), await weights.getAttribute('data-outputs')]).toEqual(['20', '2']);
    expect(Number(await weights.getAttribute('data-scale'))).toBeGreaterThan(0);

    // Glyph "a": its input is its bitmap, and its code layer is the code the plane shows for it.
    await page.selectOption(`${network} select[name="activationInput"]`, `glyph:${font.labels.indexOf('a')}`);
    const layer = async (index: number): Promise<number[]> => JSON.parse((await page.getAttribute(`${network} .activation[data-layer="${index}"]`, 'data-values')) ?? '[]');
    expect(await layer(0)).toEqual(Array.from(font.inputs.row(font.labels.indexOf('a'))));
    expect(await layer(2)).toEqual(await codeOf('a'));
    expect(await page.locator(`${network} .activation`).count()).toBe(5);

    // The pinned point: the code, then the decoder's layers; the output binarized is the decoded glyph.
    const plane = (await page.locator(active('canvas.plane')).boundingBox())!;
    await page.mouse.click(plane.x + plane.width * 0.55, plane.y + plane.height * 0.45);
    await page.mouse.move(5, 400);
    await page.selectOption(`${network} select[name="activationInput"]`, 'pinned');
    const pinned = await readout();
    const code = await layer(2);
    expect(code[0]).toBeCloseTo(pinned[0], 3);
    expect(code[1]).toBeCloseTo(pinned[1], 3);
    expect(await page.locator(`${network} .activation`).count()).toBe(3);
    const output = (await layer(4)).map((v) => (v >= 0.5 ? 1 : 0)).join('');
    expect(output).toBe(await page.getAttribute(active('[data-testid="decoded-binary"] canvas'), 'data-bits'));
    await page.locator(network).screenshot({ path: join(OUTPUT, '23-network.png') });
  });
});

describe('details', () => {
  it('after a wheel zoom, the readout is the point under the pointer in the new view at once, before the pointer moves', async () => {
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 400);
    const before = await planeView();
    // A wheel turned over the plane with no move of the pointer on it before.
    await page.$eval(active('canvas.plane'), (canvas) => {
      const box = canvas.getBoundingClientRect();
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, clientX: box.left + box.width * 0.3, clientY: box.top + box.height * 0.7, bubbles: true, cancelable: true }));
    });
    await expect.poll(async () => (await planeView()).x1 - (await planeView()).x0).toBeLessThan(before.x1 - before.x0);
    const view = await planeView();
    const expected = [view.x0 + 0.3 * (view.x1 - view.x0), view.y0 + 0.3 * (view.y1 - view.y0)];
    await expect.poll(() => page.textContent(active('.decoded h3'))).toContain('Decoded at');
    const [x, y] = await readout();
    expect(x).toBeCloseTo(expected[0], 2);
    expect(y).toBeCloseTo(expected[1], 2);
  });

  it('stops zooming in at 1000 times the fitted view, with tick labels that still differ', async () => {
    await page.click(active('button:has-text("fit view")'));
    const fit = await planeView();
    const plane = (await page.locator(active('canvas.plane')).boundingBox())!;
    await page.mouse.move(plane.x + plane.width * 0.9, plane.y + plane.height * 0.1);
    for (let i = 0; i < 150; i++) await page.mouse.wheel(0, -100);
    await expect.poll(async () => ((await planeView()).x1 - (await planeView()).x0) / (fit.x1 - fit.x0)).toBeCloseTo(1 / 1000, 9);
    const ticks: string[] = JSON.parse((await page.getAttribute(active('canvas.plane'), 'data-ticks')) ?? '[]');
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it('picking a found glyph while zoomed in moves the view to it', async () => {
    await page.click(active('button:has-text("Find new glyphs")'));
    await page.waitForSelector(active('.found-glyph'));
    await page.locator(active('.found-glyph')).first().click();
    await page.mouse.move(5, 400);
    await page.waitForSelector(active('.decoded .tag:has-text("pinned")'));
    const [x, y] = await readout();
    const view = await planeView();
    // The readout rounds to 3 decimals; the view is 1/1000 of the fitted one wide.
    expect(x).toBeGreaterThanOrEqual(view.x0 - 0.001);
    expect(x).toBeLessThanOrEqual(view.x1 + 0.001);
    expect(y).toBeGreaterThanOrEqual(view.y0 - 0.001);
    expect(y).toBeLessThanOrEqual(view.y1 + 0.001);
    await page.click(active('button:has-text("fit view")'));
  });

  it('draws the loss curve up to a divergence', async () => {
    await form('ae-font', { lr: '3', epochs: '300' });
    await page.selectOption(active('select[name="activation"]'), 'identity');
    await page.selectOption(active('select[name="latentActivation"]'), 'identity');
    await page.selectOption(active('select[name="outputActivation"]'), 'identity');
    await page.selectOption(active('select[name="optimizer"]'), 'gd');
    await page.click(active('[data-testid="start"]'));
    await expect.poll(() => page.textContent(active('.status.failed'))).toContain('training diverged at epoch 5');
    expect(Number(await page.getAttribute(active('.loss-chart'), 'data-epochs'))).toBe(4);
    expect(Number(await page.getAttribute(active('.loss-chart'), 'data-last-loss'))).toBeGreaterThan(0);
    await shot('24-diverged');
  });

  it('starts with Space right after a preset is chosen', async () => {
    await page.click(active('button:has-text("Reset")'));
    await page.selectOption(active('select[name="preset"]'), 'ae-font-best');
    // selectOption fires the input event as a person's choice does; the select gives the keys back.
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.not.toBe('SELECT');
    await page.keyboard.press(' ');
    await page.waitForSelector(active('[data-testid="status"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 30_000 });
  });

  it('acts on the newest state with G, Escape and F pressed right after a change', async () => {
    // Each key a task after the last: the page has rendered the change but not yet painted it, so a
    // handler taken from an older render (listeners are swapped only after a paint) would undo or miss it.
    const pressKeys = (keys: string[]) =>
      page.evaluate(async (pressed) => {
        for (const key of pressed) {
          document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      }, keys);
    const grid = page.locator(active('.plane-tools input[type="checkbox"]'));
    const shown = await grid.isChecked();
    await pressKeys(['g', 'g']);
    await page.waitForTimeout(300);
    expect(await grid.isChecked()).toBe(shown);
    await pressKeys(['g']);
    await expect.poll(() => grid.isChecked()).toBe(!shown);
    await pressKeys(['g']);
    await expect.poll(() => grid.isChecked()).toBe(shown);

    const plane = (await page.locator(active('canvas.plane')).boundingBox())!;
    await page.mouse.click(plane.x + plane.width * 0.3, plane.y + plane.height * 0.6);
    // Off the plane, the decoded panel shows the pinned point (under the pointer, it shows the pointer's).
    await page.mouse.move(1, 1);
    await page.waitForSelector(active('.decoded h3 .tag'));
    await pressKeys(['Escape']);
    await expect.poll(() => page.textContent(active('.decoded h3'))).toBe('Decoded glyph');

    await pressKeys(['f']);
    await page.waitForSelector(active('[data-testid="new-glyph-count"]'), { timeout: 30_000 });
  });

  it('says "1 pixel differs" on the denoising pad', async () => {
    await page.click('nav [role="tab"]:has-text("Denoising pad")');
    const pad = (await page.locator(active('canvas.pad')).boundingBox())!;
    await page.mouse.click(pad.x + 10, pad.y + 10);
    await expect.poll(() => page.textContent(active('.pad-row .hint'))).toMatch(/^1 pixel differs from the clean/);
    await page.click('nav [role="tab"]:has-text("Font")');
  });

  it('logged no errors', () => {
    expect(explorer.pageErrors).toEqual([]);
    expect(explorer.blocked).toEqual([]);
  });
});
