import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { nearestGlyphs } from '../../src/eval/nearest-glyph.js';
import { parseModelFile } from '../../src/models/checkpoint.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { active, explorerSuite } from './browser.js';
import { latentlab } from './cli.js';

// The denoising pad in a real browser: a DAE trained in the page, pixels flipped by hand and by the noise slider.
const font = fontTable(3);
const { page, explorer, scratch, shot } = explorerSuite('pad', { tab: 'Denoising pad' });
const bitsOf = (label: string) => Array.from(font.inputs.row(font.labels.indexOf(label))).join('');

const padBits = async () => (await page.getAttribute(active('canvas.pad'), 'data-bits')) ?? '';
const denoisedBits = async () => (await page.getAttribute(active('[data-testid="denoised-binary"] canvas'), 'data-bits')) ?? '';
const differing = (a: string, b: string) => [...a].flatMap((bit, i) => (bit !== b[i] ? [i] : []));

async function flip(pixel: number): Promise<void> {
  const box = (await page.locator(active('canvas.pad')).boundingBox())!;
  const cell = (box.width - 2) / 5;
  await page.mouse.click(box.x + 1 + ((pixel % 5) + 0.5) * cell, box.y + 1 + (Math.floor(pixel / 5) + 0.5) * cell);
}

describe('the denoising pad', () => {
  it('shows the picked glyph on the pad and the nearest-glyph reference before any model', async () => {
    await page.click(active('.glyph-picker button:has-text("a")'));
    await expect.poll(padBits).toBe(bitsOf('a'));
    expect(await page.getAttribute(active('[data-testid="reference"]'), 'data-label')).toBe('a');
  });

  it('trains the dae-font preset in the page, then denoises what is drawn as the same model does in Node', async () => {
    await page.click(active('[data-testid="start"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 60_000 });
    const epochs = Number(await page.getAttribute(active('[data-testid="status"]'), 'data-epoch'));
    expect(epochs).toBe(11500);

    for (const pixel of [0, 12, 33]) await flip(pixel);
    await page.mouse.move(2, 2);
    await expect.poll(async () => differing(await padBits(), bitsOf('a'))).toEqual([0, 12, 33]);
    const drawn = await padBits();

    const [download] = await Promise.all([page.waitForEvent('download'), page.click(active('button:has-text("Download")'))]);
    const file = scratch('dae.json');
    await download.saveAs(file);
    const { kind, model } = parseModelFile(readFileSync(file, 'utf8'));
    expect(kind).toBe('autoencoder');
    const input = Matrix.fromRows([Array.from(drawn, Number)]);
    const expected = Array.from(model.reconstruct(input).row(0), (v) => (v >= 0.5 ? 1 : 0)).join('');
    expect(await denoisedBits()).toBe(expected);
    expect(Number(await page.getAttribute(active('[data-testid="denoised"]'), 'data-wrong'))).toBe(differing(expected, bitsOf('a')).length);

    const reference = nearestGlyphs(input, font.inputs, new Rng(1));
    if (reference.ties[0] === 1) expect(await page.getAttribute(active('[data-testid="reference"]'), 'data-label')).toBe(font.labels[reference.index[0]]);
    await shot('10-denoising-pad');
  });

  it('adds the study\'s noise with the slider: p = 0.2 flips exactly 7 of 35 pixels', async () => {
    await page.click(active('.glyph-picker button:has-text("g")'));
    await expect.poll(padBits).toBe(bitsOf('g'));
    await page.locator(active('input[name="noise-level"]')).fill('0.2');
    await expect.poll(() => page.textContent(active('.noise'))).toContain('flip 7 of 35 pixels');
    const first = await padBits();
    expect(differing(first, bitsOf('g'))).toHaveLength(7);
    await page.click(active('button:has-text("Add noise")'));
    await expect.poll(padBits).not.toBe(first);
    expect(differing(await padBits(), bitsOf('g'))).toHaveLength(7);
    expect(await denoisedBits()).toMatch(/^[01]{35}$/);
    await shot('11-denoising-noise');
    await page.click(active('button:has-text("Clean")'));
    await expect.poll(padBits).toBe(bitsOf('g'));
  });

  it('continues a denoising model file the CLI trained for 300 epochs to 400, to the numbers of `latentlab train --epochs 400`', async () => {
    const [short, long] = [300, 400].map((epochs) => {
      const dir = scratch(`dae-${epochs}`);
      return { dir, result: JSON.parse(latentlab('train', '--preset', 'dae-font', '--epochs', String(epochs), '--out', dir, '--json')) };
    });
    await page.setInputFiles(active('[data-testid="model-file-input"]'), join(short.dir, 'model.json'));
    await page.waitForSelector(active('[data-testid="opened-file"][data-epochs-done="300"][data-continuable="true"]'));
    await page.fill(active('input[name="continueEpochs"]'), '400');
    await page.click(active('[data-testid="continue"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 30_000 });
    expect(Number(await page.getAttribute(active('[data-testid="status"]'), 'data-epoch'))).toBe(400);
    expect(Number(await page.getAttribute(active('.loss-chart'), 'data-last-loss'))).toBe(long.result.finalLoss);
    // The pad uses the continued model.
    expect(await page.locator(active('[data-testid="denoised"]')).count()).toBe(1);
  });

  it('made no request beyond its own server and logged no errors', () => {
    expect(explorer.blocked).toEqual([]);
    expect(explorer.pageErrors).toEqual([]);
  });
});
