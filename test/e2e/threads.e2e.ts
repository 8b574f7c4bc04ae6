import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExplorer, type Explorer } from './browser.js';

// Threads in the page: the built page, served as `npm run serve:web` serves it (vite preview with
// web/vite.config.ts's COOP/COEP headers), is cross-origin isolated, so the training worker has a
// kernel thread per further core; a run whose layers are wide enough splits them over every core,
// the study's tiny nets stay on one, and the status line says which.
let explorer: Explorer;
const active = (selector: string) => `.view.active ${selector}`;

beforeAll(async () => {
  explorer = await openExplorer();
  await explorer.page.click('nav [role="tab"]:has-text("Font")');
});

afterAll(async () => {
  await explorer?.close();
});

/** Trains a font preset with some fields changed; returns the finished status line's thread count and text. */
async function threadsOf(fields: Record<string, string>): Promise<{ threads: number; text: string }> {
  const { page } = explorer;
  const reset = page.locator(active('button:has-text("Reset")'));
  if (await reset.isEnabled()) await reset.click();
  await page.selectOption(active('select[name="preset"]'), 'ae-font');
  for (const [name, value] of Object.entries(fields)) await page.fill(active(`input[name="${name}"]`), value);
  await page.click(active('[data-testid="start"]'));
  const status = page.locator(active('[data-testid="status"][data-status="finished"]'));
  await status.waitFor({ timeout: 120_000 });
  return { threads: Number(await status.getAttribute('data-threads')), text: (await status.textContent()) ?? '' };
}

describe('threads in the page', () => {
  it('is cross-origin isolated: wide layers train on every core, ae-font on one, as the status line says', async () => {
    const { page } = explorer;
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    // 32 glyphs x 512 x 512 multiply-adds per product: past the 4M from which products are split.
    const wide = await threadsOf({ hidden: '512,512', epochs: '20' });
    expect(wide.threads).toBe(cores);
    expect(wide.text).toContain(cores > 1 ? `${cores} threads` : '1 thread');
    const tiny = await threadsOf({ epochs: '100' });
    expect(tiny.threads).toBe(1);
    expect(tiny.text).toContain('1 thread');
    expect(explorer.pageErrors).toEqual([]);
  });
});
