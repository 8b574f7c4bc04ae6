import { describe, expect, it } from 'vitest';
import { active, explorerSuite } from './browser.js';

// The explorer explains itself: below each view what it shows (the model drawn as encoder -> 2-D
// code -> decoder, every mark of the plane), a tooltip on every field, datasets named by what they
// hold, and a guided first run that trains the study's setting and points at what to look at.
const { page, explorer } = explorerSuite('explained');
const TABS = { font: 'Font', denoise: 'Denoising', vae: 'VAE' } as const;

describe('the explorer explained', () => {
  it('says below every view what it is looking at, with the model drawn as a diagram', async () => {
    const expected = { font: ['The letters', 'Their marks', 'The grid'], denoise: ['The noise', 'Nearest clean glyph'], vae: ['Orange dots and ellipses', 'Blue circles', 'KL', 'Samples from the prior'] };
    for (const [view, tab] of Object.entries(TABS) as [keyof typeof TABS, string][]) {
      await page.click(`nav [role="tab"]:has-text("${tab}")`);
      const explainer = page.locator(`#explain-${view}`);
      expect(await explainer.isVisible()).toBe(true);
      expect(await explainer.locator('h2').textContent()).toBe('What am I looking at?');
      const diagram = await explainer.locator('svg.diagram').getAttribute('aria-label');
      expect(diagram).toMatch(/encoder → .* → decoder → reconstructed image/);
      const terms = await explainer.locator('dt').allTextContents();
      for (const term of expected[view]) expect(terms).toContain(term);
      // The header's link goes to it.
      expect(await page.getAttribute('.top .help a', 'href')).toBe(`#explain-${view}`);
    }
  });

  it('has nothing to scroll sideways at 390x844 before any model is trained, in every view', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const tab of Object.values(TABS)) {
      await page.click(`nav [role="tab"]:has-text("${tab}")`);
      await page.evaluate(() => new Promise(requestAnimationFrame));
      expect({ tab, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ tab, width: 390 });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('has a tooltip on every field of every view, saying what the field and its current choice mean', async () => {
    for (const tab of Object.values(TABS)) {
      await page.click(`nav [role="tab"]:has-text("${tab}")`);
      const tips = await page.$$eval(active('.training-form label'), (labels) => labels.map((label) => ({ field: label.querySelector('span')?.textContent, title: label.getAttribute('title') ?? '' })));
      expect(tips.length).toBeGreaterThan(8);
      for (const tip of tips) expect({ ...tip, long: tip.title.length > 20 }).toEqual({ ...tip, long: true });
    }
    await page.click('nav [role="tab"]:has-text("Font")');
    const tip = (field: string) => page.getAttribute(active(`label:has([name="${field}"])`), 'title');
    expect(await tip('latentActivation')).toContain('tanh: squashes to (-1, 1)');
    expect(await tip('loss')).toContain('mse: mean squared error');
    expect(await tip('initializer')).toContain('glorot-uniform: uniform in ±sqrt(6 / (inputs + outputs))');
    expect(await tip('stopAt')).toContain('stop once every image has at most this many wrong pixels');
    // The font tables are listed by what they hold.
    expect(await page.$$eval(active('select[name="dataset"] option'), (options) => options.map((o) => o.textContent))).toEqual([
      'font-1: space ! " # … 0-9 … ?',
      'font-2: @ A-Z [ \\ ] ^ _',
      'font-3: ` a-z { | } ~ DEL',
    ]);
  });

  it("guides a first run: trains the study's setting (ae-font) and points at the plane, the loss, the decoded glyph", async () => {
    await page.click('nav [role="tab"]:has-text("Font")');
    await page.click('button:has-text("Guided first run")');
    const step = () => page.getAttribute('[data-testid="tour"]', 'data-step').then(Number);
    /** The element the step points at (its class), checked to be the one outlined on screen. */
    const target = async () => {
      const selector = (await page.getAttribute('[data-testid="tour"]', 'data-target'))!;
      // The outline follows its element as the page reflows (within 300 ms).
      await expect
        .poll(async () => {
          const [element, outline] = await Promise.all([page.locator(active(selector)).first().boundingBox(), page.locator('.tour-highlight').boundingBox()]);
          return Math.abs(element!.x - 4 - outline!.x) + Math.abs(element!.y - 4 - outline!.y);
        })
        .toBeLessThan(2);
      return selector;
    };
    expect(await step()).toBe(0);
    expect(await target()).toBe('.training-form');
    expect(await page.textContent('[data-testid="tour"]')).toContain('19300 epochs');
    // The first step shows the study's setting in the form; the next one trains it.
    expect(await page.inputValue(active('select[name="preset"]'))).toBe('ae-font');
    expect(await page.inputValue(active('input[name="epochs"]'))).toBe('19300');
    await page.click('[data-testid="tour"] button:has-text("Next")');
    // The second step chooses ae-font and starts it.
    await page.waitForSelector(active('[data-testid="status"]'));
    expect(await page.inputValue(active('select[name="preset"]'))).toBe('ae-font');
    expect(await page.textContent(active('[data-testid="status"]'))).toMatch(/epoch \d+ \/ 19300/);
    expect(await target()).toBe('.plane-box');
    await page.click('[data-testid="tour"] button:has-text("Next")');
    expect(await target()).toBe('.loss-chart');
    await page.click('[data-testid="tour"] button:has-text("Next")');
    expect(await target()).toBe('.panel.right');
    await page.click('[data-testid="tour"] button:has-text("Back")');
    expect(await step()).toBe(2);
    for (let i = 0; i < 3; i++) await page.click('[data-testid="tour"] button:has-text("Next")');
    await page.click('[data-testid="tour"] button:has-text("Done")');
    expect(await page.locator('[data-testid="tour"]').count()).toBe(0);
    expect(await page.locator('.tour-highlight').count()).toBe(0);
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 60_000 });
  });

  it('guides a first run of the VAE: trains vae-emoji', async () => {
    await page.click('nav [role="tab"]:has-text("VAE")');
    await page.click('button:has-text("Guided first run")');
    await page.click('[data-testid="tour"] button:has-text("Next")');
    await page.waitForSelector(active('[data-testid="status"]'));
    expect(await page.inputValue(active('select[name="preset"]'))).toBe('vae-emoji');
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="tour"]').count()).toBe(0);
    await page.click(active('button:has-text("Reset")'));
  });

  it('logged no errors', () => {
    expect(explorer.pageErrors).toEqual([]);
  });
});
