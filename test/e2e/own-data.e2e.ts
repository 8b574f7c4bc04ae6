import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDataset } from '../../src/data/dataset-file.js';
import { datasetHash } from '../../src/data/dataset-identity.js';
import { pngBytes } from '../fixtures/png.js';
import { active, explorerSuite } from './browser.js';
import { latentlab } from './cli.js';

// "Your own data": PNG pictures dropped or picked as a folder, drawings, a dataset file made by
// `latentlab dataset`; checked as the CLI checks them, downloaded in its format, trained on here
// to the CLI's numbers.

/** Six different opaque pictures of various sizes: a dark disc at a different place on each, with transparent corners on some. */
function picture(i: number): Uint8Array {
  const [w, h] = [24 + 4 * (i % 3), 24 + 2 * (i % 2)];
  const [cx, cy] = [w * (0.3 + 0.08 * i), h * (0.7 - 0.07 * i)];
  return pngBytes(w, h, (x, y) => {
    const inside = Math.hypot(x - cx, y - cy) < 5 + i;
    if (!inside && i % 2 === 0 && x + y < 6) return [255, 0, 0, 0];
    return inside ? [20 * i, 40, 200 - 20 * i, 255] : [240, 240, 230, 255];
  });
}

const dialog = (selector: string) => `[data-testid="own-data"] ${selector}`;
const chart = (testId: string) => page.getAttribute(active(`[data-testid="${testId}"] .loss-chart`), 'data-last-loss').then(Number);

const { page, explorer, scratch } = explorerSuite('own', {
  setup: (folder) => {
    const discs = join(folder, 'discs');
    mkdirSync(discs);
    for (let i = 0; i < 6; i++) writeFileSync(join(discs, `disc-${i}.png`), picture(i));
    writeFileSync(join(discs, 'readme.txt'), 'not a picture: left out, as latentlab dataset images does');
  },
  tab: 'VAE',
});
const folder = () => scratch('discs');

describe('your own data', () => {
  it('takes a folder of PNG pictures dropped on the page, with the pictures the CLI makes of them', async () => {
    // A drop as a browser makes it from a folder's files (a script's drop carries files, not folder entries).
    const files = [0, 1, 2, 3, 4, 5].map((i) => ({ name: `disc-${i}.png`, bytes: Array.from(picture(i)) }));
    await page.evaluate((dropped) => {
      const transfer = new DataTransfer();
      for (const { name, bytes } of dropped) transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, files);
    await page.waitForSelector('[data-testid="own-data"][data-pictures="6"]');
    expect(await page.getAttribute('[data-testid="own-data"]', 'data-problems')).toBe('0');
    await page.fill(dialog('input[name="ownName"]'), 'discs');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(dialog('[data-testid="own-data-download"]'))]);
    expect(download.suggestedFilename()).toBe('discs.json');
    const mine = scratch('page-discs.json');
    await download.saveAs(mine);
    latentlab('dataset', 'images', folder(), '--size', '20', '--out', scratch('cli-discs.json'));
    const fromPage = parseDataset(readFileSync(mine, 'utf8')).dataset;
    const cli = parseDataset(readFileSync(scratch('cli-discs.json'), 'utf8')).dataset;
    expect([fromPage.labels, fromPage.width, fromPage.height, fromPage.mode]).toEqual([cli.labels, 20, 20, 'luminance']);
    // The browser decodes the PNGs, src/data/pictures.ts does the rest as for the CLI: the same pixels, the same content hash.
    expect(datasetHash(fromPage)).toBe(datasetHash(cli));
    await page.click(dialog('button[aria-label="close"]'));
  });

  it('refuses a blank and a duplicate picture as the CLI does, until they are removed', async () => {
    await page.click(active('button:has-text("Your own data")'));
    await page.setInputFiles(dialog('[data-testid="own-folder-input"]'), folder());
    await page.waitForSelector('[data-testid="own-data"][data-pictures="6"]');
    writeFileSync(scratch('white.png'), pngBytes(10, 10, () => [255, 255, 255, 255]));
    writeFileSync(scratch('again.png'), picture(2));
    await page.setInputFiles(dialog('[data-testid="own-png-input"]'), [scratch('white.png'), scratch('again.png')]);
    await page.waitForSelector('[data-testid="own-data"][data-pictures="8"]');
    const problems = await page.textContent(dialog('[data-testid="own-data-problems"]'));
    expect(problems).toContain('"white" is near-blank on white (mean darkness 0.0000 < 0.02)');
    expect(problems).toContain('"disc-2" and "again" are identical pictures at 20x20; each picture may appear once');
    expect(await page.isDisabled(dialog('[data-testid="own-data-use"]'))).toBe(true);
    await page.click(dialog('button[aria-label="remove white"]'));
    await page.click(dialog('button[aria-label="remove again"]'));
    await page.waitForSelector('[data-testid="own-data"][data-pictures="6"][data-problems="0"]');
    // The folder's name names the dataset, as `latentlab dataset images` names it.
    expect(await page.inputValue(dialog('input[name="ownName"]'))).toBe('discs');
  });

  it('trains a VAE on the folder in the page, to the numbers `latentlab train --data` gives on the CLI dataset file', async () => {
    await page.click(dialog('[data-testid="own-data-use"]'));
    expect(await page.inputValue(active('select[name="dataset"]'))).toBe('discs');
    expect(await page.textContent(active('.layers'))).toContain('400-200-2-200-400');
    await page.fill(active('input[name="epochs"]'), '300');
    await page.click(active('[data-testid="start"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 60_000 });
    const result = JSON.parse(latentlab('train', '--preset', 'vae-emoji', '--data', scratch('cli-discs.json'), '--epochs', '300', '--out', scratch('run'), '--json'));
    expect(await chart('reconstruction-chart')).toBe(result.finalReconstruction);
    expect(await chart('kl-chart')).toBe(result.finalKL);
    const means: { label: string; code: number[] }[] = JSON.parse((await page.getAttribute(active('canvas.manifold'), 'data-means')) ?? '[]');
    expect(means.map((m) => m.label)).toEqual(['disc-0', 'disc-1', 'disc-2', 'disc-3', 'disc-4', 'disc-5']);
    means.forEach(({ code }, i) => expect(code[0]).toBeCloseTo(result.latentMeans[i][0], 9));
    await page.screenshot({ path: join(import.meta.dirname, '../../test-output/own-data-vae.png') });
  });

  it('opens a dataset file made by `latentlab dataset` and trains an autoencoder on drawings made on the pad', async () => {
    await page.click('nav [role="tab"]:has-text("Font")');
    await page.click(active('button:has-text("Your own data")'));
    await page.setInputFiles(dialog('[data-testid="own-dataset-input"]'), scratch('cli-discs.json'));
    await page.waitForSelector('[data-testid="own-data"][data-pictures="6"]');
    expect(await page.inputValue(dialog('input[name="ownName"]'))).toBe('discs');
    expect(await page.isDisabled(dialog('input[name="ownSize"]'))).toBe(true);
    await page.click(dialog('button[aria-label="close"]'));

    // Three 6x6 drawings: a bar, a cross, a corner.
    await page.click(active('button:has-text("Your own data")'));
    await page.fill(dialog('input[name="ownSize"]'), '6');
    const pad = page.locator(dialog('canvas.pad'));
    const drawings: Record<string, [number, number][]> = {
      bar: [0, 1, 2, 3, 4, 5].map((x) => [x, 2]),
      cross: [0, 1, 2, 3, 4, 5].flatMap((i) => [[i, i], [5 - i, i]] as [number, number][]),
      corner: [0, 1, 2].flatMap((i) => [[i, 0], [0, i]] as [number, number][]).filter(([x, y], i, all) => all.findIndex(([a, b]) => a === x && b === y) === i),
    };
    const box = (await pad.boundingBox())!;
    const cell = box.width / 6;
    for (const [label, cells] of Object.entries(drawings)) {
      for (const [x, y] of cells) await page.mouse.click(box.x + (x + 0.5) * cell, box.y + (y + 0.5) * cell);
      await page.fill(dialog('input[name="drawnLabel"]'), label);
      await page.click(dialog('button:has-text("Add drawing")'));
    }
    await page.fill(dialog('input[name="ownName"]'), 'drawn');
    await page.waitForSelector('[data-testid="own-data"][data-pictures="3"][data-problems="0"]');
    expect(await page.textContent(dialog('.own-pictures h3'))).toBe('3 pictures, 6x6, ink (drawn)');
    await page.click(dialog('[data-testid="own-data-use"]'));
    await page.selectOption(active('select[name="preset"]'), 'ae-font-best');
    await page.selectOption(active('select[name="dataset"]'), 'drawn');
    await page.click(active('[data-testid="start"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 60_000 });
    const codes: { label: string }[] = JSON.parse((await page.getAttribute(active('canvas.plane'), 'data-codes')) ?? '[]');
    expect(codes.map((c) => c.label)).toEqual(['bar', 'cross', 'corner']);
    // Binary drawings are ink: the font view counts wrong pixels; this preset stops at 0 of them.
    expect(await page.getAttribute(active('[data-testid="status"]'), 'data-wrong-pixels')).toBe('0');
  });

  it('refuses the name of a built-in dataset, and says which file is not a picture', async () => {
    await page.click(active('button:has-text("Your own data")'));
    writeFileSync(scratch('notes.png'), 'not a png');
    await page.setInputFiles(dialog('[data-testid="own-png-input"]'), [join(folder(), 'disc-0.png'), scratch('notes.png')]);
    await expect.poll(() => page.textContent(dialog('[data-testid="own-data-problems"]'))).toContain('notes.png: not a PNG file');
    await page.fill(dialog('input[name="ownName"]'), 'font-3');
    await page.click(dialog('[data-testid="own-data-use"]'));
    await expect.poll(() => page.textContent(dialog('[data-testid="own-data-problems"]'))).toContain('"font-3" is the name of a built-in dataset; give your dataset another name');
    await page.fill(dialog('input[name="ownSize"]'), '90');
    expect(await page.textContent(dialog('.field-error'))).toBe('size must be a whole number of pixels from 2 to 64, got 90');
    await page.click(dialog('button[aria-label="close"]'));
  });

  it('logged no errors and made no request beyond its own server', () => {
    expect(explorer.pageErrors).toEqual([]);
    expect(explorer.blocked).toEqual([]);
  });
});
