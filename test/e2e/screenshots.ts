import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openExplorer } from './browser.js';

/**
 * Screenshots of every view of the explorer at four screen sizes, light and dark, each with a
 * trained model on show: `npm run build:web && npx tsx test/e2e/screenshots.ts [folder]` (default
 * test-output/screenshots). Named <view>-<width>x<height>-<scheme>.png.
 */
const SIZES = [
  [1920, 1080],
  [1366, 768],
  [1000, 700],
  [390, 844],
] as const;
const VIEWS = [
  { name: 'font', tab: 'Font', preset: 'ae-font-best', epochs: null },
  { name: 'denoise', tab: 'Denoising', preset: 'dae-font', epochs: '1500' },
  { name: 'vae', tab: 'VAE', preset: 'vae-emoji', epochs: '600' },
] as const;

const out = process.argv[2] ?? join(import.meta.dirname, '../../test-output/screenshots');
mkdirSync(out, { recursive: true });
const explorer = await openExplorer();
const { page } = explorer;
try {
  await page.setViewportSize({ width: 1366, height: 768 });
  for (const view of VIEWS) {
    await page.click(`nav [role="tab"]:has-text("${view.tab}")`);
    await page.selectOption('.view.active select[name="preset"]', view.preset);
    if (view.epochs) await page.fill('.view.active input[name="epochs"]', view.epochs);
    await page.click('.view.active [data-testid="start"]');
    await page.waitForSelector('.view.active [data-testid="status"][data-status="finished"]', { timeout: 120_000 });
  }
  // Something to look at on each plane: a pinned point, an interpolation, samples.
  await page.click('nav [role="tab"]:has-text("VAE")');
  await page.click('.view.active [data-testid="samples"] button');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      for (const view of VIEWS) {
        await page.click(`nav [role="tab"]:has-text("${view.tab}")`);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(150);
        const file = join(out, `${view.name}-${width}x${height}-${scheme}.png`);
        // A phone's page scrolls down through the stacked panels: all of it.
        await page.screenshot({ path: file, fullPage: width < 1000 });
        console.log(file);
      }
    }
  }
  // The dialogs, at a laptop's and a phone's size: "Your own data" with a drawing, the guided first run.
  await page.emulateMedia({ colorScheme: 'light' });
  for (const [width, height] of [SIZES[1], SIZES[3]]) {
    await page.setViewportSize({ width, height });
    await page.click('nav [role="tab"]:has-text("VAE")');
    await page.click('.view.active button:has-text("Your own data")');
    await page.fill('[data-testid="own-data"] input[name="ownSize"]', '8');
    const pad = (await page.locator('[data-testid="own-data"] canvas.pad').boundingBox())!;
    for (let i = 0; i < 8; i++) await page.mouse.click(pad.x + ((i + 0.5) * pad.width) / 8, pad.y + ((i + 0.5) * pad.height) / 8);
    await page.click('[data-testid="own-data"] button:has-text("Add drawing")');
    await page.screenshot({ path: join(out, `own-data-${width}x${height}-light.png`) });
    await page.click('[data-testid="own-data"] button[aria-label="close"]');
    await page.click('nav [role="tab"]:has-text("Font")');
    await page.click('button:has-text("Guided first run")');
    await page.screenshot({ path: join(out, `tour-${width}x${height}-light.png`) });
    await page.keyboard.press('Escape');
  }
  if (explorer.pageErrors.length > 0) throw new Error(`the page logged errors: ${explorer.pageErrors.join('; ')}`);
} finally {
  await explorer.close();
}
