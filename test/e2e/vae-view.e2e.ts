import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelFile } from '../../src/models/checkpoint.js';
import { preset } from '../../src/runs/kinds.js';
import { runName } from '../../src/runs/run-name.js';
import { active, explorerSuite } from './browser.js';
import { latentlab } from './cli.js';

// The VAE view in a real browser, against the built page, checked against `latentlab train --preset vae-emoji`.

interface VaeResult {
  epochs: number;
  finalLoss: number;
  finalReconstruction: number;
  finalKL: number;
  latentMeans: number[][];
}

/**
 * Short runs for exact comparison (emoji-8, and emoji-4 for the preset's whole 3000 epochs), a longer
 * emoji-8 one whose model file the page opens, and the short one trained on to 260 epochs without a break.
 */
const cli: Record<'short' | 'emoji4' | 'long' | 'longer', { dir: string; result: VaeResult }> = {} as never;
const { page, explorer, scratch, shot } = explorerSuite('vae', {
  setup: (folder) => {
    for (const [name, data, epochs] of [['short', 'emoji-8', 200], ['emoji4', 'emoji-4', 3000], ['long', 'emoji-8', 1500], ['longer', 'emoji-8', 260]] as const) {
      const dir = join(folder, name);
      cli[name] = { dir, result: JSON.parse(latentlab('train', '--preset', 'vae-emoji', '--data', data, '--epochs', String(epochs), '--out', dir, '--json')) };
    }
  },
  tab: 'VAE',
  // Four CLI trainings first (about 20 s on an idle 2-core machine; more when it is shared).
  timeout: 180_000,
});

const chart = (testId: string, name: string) => page.getAttribute(active(`[data-testid="${testId}"] .loss-chart`), name).then(Number);

/** Distinct grey levels on the manifold canvas: a blank or single-colour canvas has one or two. */
function manifoldGreys(): Promise<number> {
  return page.$eval(active('canvas.manifold'), (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const greys = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) greys.add(data[i]);
    return greys.size;
  });
}

async function clickPlane(fraction: [number, number]): Promise<number[]> {
  const box = (await page.locator(active('canvas.manifold')).boundingBox())!;
  await page.mouse.click(box.x + fraction[0] * box.width, box.y + fraction[1] * box.height);
  return JSON.parse((await page.getAttribute(active('[data-testid="decoded"]'), 'data-values')) ?? '[]');
}

/** Clicks the point of the plane at a latent code; returns the decoded image. */
async function clickCode([x, y]: number[]): Promise<number[]> {
  const range = Number(await page.getAttribute(active('canvas.manifold'), 'data-range'));
  return clickPlane([(x + range) / (2 * range), (range - y) / (2 * range)]);
}

describe('the VAE view', () => {
  it('trains vae-emoji for 200 epochs in the worker: the CLI numbers, the losses fall, the manifold is drawn', async () => {
    await page.fill(active('input[name="epochs"]'), '200');
    await page.click(active('[data-testid="start"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 30_000 });
    const { result } = cli.short;
    expect(Number(await page.getAttribute(active('[data-testid="status"]'), 'data-epoch'))).toBe(200);
    // Same spec and seed, same engine: the page's numbers are the CLI's, exactly.
    expect(await chart('reconstruction-chart', 'data-last-loss')).toBe(result.finalReconstruction);
    expect(await chart('kl-chart', 'data-last-loss')).toBe(result.finalKL);
    expect(await chart('reconstruction-chart', 'data-last-loss')).toBeLessThan(await chart('reconstruction-chart', 'data-first-loss'));
    expect(await manifoldGreys()).toBeGreaterThan(20);
    const means: { label: string; code: number[] }[] = JSON.parse((await page.getAttribute(active('canvas.manifold'), 'data-means')) ?? '[]');
    expect(means).toHaveLength(8);
    means.forEach(({ code }, i) => {
      expect(code[0]).toBeCloseTo(result.latentMeans[i][0], 9);
      expect(code[1]).toBeCloseTo(result.latentMeans[i][1], 9);
    });
    const a = await clickPlane([0.2, 0.2]);
    const b = await clickPlane([0.8, 0.8]);
    expect(a).toHaveLength(400);
    expect(a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0)).toBeGreaterThan(1);
    await shot('12-vae-trained');
    expect(explorer.pageErrors).toEqual([]);
  });

  it('decodes under the pointer, pins with a click, moves the pin with the arrow keys, interpolates by dragging from one emoji to another', async () => {
    const plane = page.locator(active('canvas.manifold'));
    const box = (await plane.boundingBox())!;
    const range = Number(await plane.getAttribute('data-range'));
    const means: { label: string; code: number[] }[] = JSON.parse((await plane.getAttribute('data-means')) ?? '[]');
    const onScreen = ([x, y]: number[]): [number, number] => [box.x + ((x + range) / (2 * range)) * box.width, box.y + ((range - y) / (2 * range)) * box.height];
    // Hover: the decoded panel follows the pointer, unpinned.
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.25);
    await expect.poll(() => page.getAttribute(active('[data-testid="decoded"]'), 'data-pinned')).toBe('false');
    const hovered = JSON.parse((await page.getAttribute(active('[data-testid="decoded"]'), 'data-point'))!);
    expect(hovered[0]).toBeCloseTo(-range / 2, 1);
    expect(hovered[1]).toBeCloseTo(range / 2, 1);
    // A click on a mean pins exactly that mean; its image is the one decoded from the mean.
    await page.mouse.click(...onScreen(means[0].code));
    await page.mouse.move(box.x - 30, box.y + 10);
    await expect.poll(() => page.getAttribute(active('[data-testid="decoded"]'), 'data-pinned')).toBe('true');
    expect(JSON.parse((await page.getAttribute(active('[data-testid="decoded"]'), 'data-point'))!)).toEqual(means[0].code);
    // Arrow keys move the pin by a fiftieth of the plane (Shift: five times that).
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowUp');
    const moved = JSON.parse((await page.getAttribute(active('[data-testid="decoded"]'), 'data-point'))!);
    expect(moved[0]).toBeCloseTo(means[0].code[0] + (2 * range) / 50, 9);
    expect(moved[1]).toBeCloseTo(means[0].code[1] + (5 * 2 * range) / 50, 9);
    // A drag from one mean to another: the images along the line, named by the two emojis.
    const [from, to] = [onScreen(means[1].code), onScreen(means[6].code)];
    await page.mouse.move(...from);
    await page.mouse.down();
    for (const t of [0.3, 0.6, 1]) await page.mouse.move(from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t);
    await page.mouse.up();
    expect(await page.textContent(active('[data-testid="interpolation"] h3'))).toBe(`From ${means[1].label} to ${means[6].label}`);
    expect(await page.locator(active('[data-testid="interpolation"] canvas')).count()).toBe(11);
    await page.keyboard.press('Escape');
    expect(await page.locator(active('[data-testid="interpolation"]')).count()).toBe(0);
  });

  it('draws samples from the prior: 8 different images, new ones at each draw', async () => {
    const samples = () => page.$$eval(active('[data-testid="samples"] canvas'), (canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()));
    await page.click(active('[data-testid="samples"] button'));
    const first = await samples();
    expect(first).toHaveLength(8);
    expect(new Set(first).size).toBe(8);
    await page.click(active('[data-testid="samples"] button'));
    const second = await samples();
    expect(second).not.toEqual(first);
    await shot('12b-vae-explored');
  });

  it('sets β with a slider on a log scale, the same setting as the form field', async () => {
    await page.fill(active('input[name="beta-slider"]'), '30');
    expect(await page.inputValue(active('input[name="beta"]'))).toBe('10');
    await page.fill(active('input[name="beta-slider"]'), '10');
    expect(await page.inputValue(active('input[name="beta"]'))).toBe('0.1');
    await page.fill(active('input[name="beta"]'), '1');
    expect(await page.inputValue(active('input[name="beta-slider"]'))).toBe('20');
  });

  it('trains vae-emoji on emoji-4 for its whole 3000 epochs, to the CLI numbers', async () => {
    await page.click(active('button:has-text("Reset")'));
    await page.selectOption(active('select[name="dataset"]'), 'emoji-4');
    await page.fill(active('input[name="epochs"]'), '3000');
    await page.click(active('[data-testid="start"]'));
    // 3000 epochs: about 10 s on an idle 2-core machine, several times that on a shared one.
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 100_000 });
    const { result } = cli.emoji4;
    expect(await chart('reconstruction-chart', 'data-last-loss')).toBe(result.finalReconstruction);
    expect(await chart('kl-chart', 'data-last-loss')).toBe(result.finalKL);
    // Four very different emojis: by the end each is reconstructed far better than at the start.
    expect(await chart('reconstruction-chart', 'data-last-loss')).toBeLessThan(0.5 * (await chart('reconstruction-chart', 'data-first-loss')));
    expect(JSON.parse((await page.getAttribute(active('canvas.manifold'), 'data-means')) ?? '[]')).toHaveLength(4);
    await clickCode(result.latentMeans[0]);
    await shot('13-vae-emoji4-trained');
    expect(explorer.pageErrors).toEqual([]);
  }, 120_000);

  it('downloads the VAE it trained as a model file the CLI reads, with the same latent means', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(active('button:has-text("Download")'))]);
    // Named as `latentlab train --preset vae-emoji --data emoji-4` names its run folder.
    const { kind, spec } = preset('vae-emoji');
    expect(download.suggestedFilename()).toBe(`${runName('vae-emoji', kind.parseSpec(spec), kind.parseSpec({ ...spec, data: { dataset: 'emoji-4' } }))}-model.json`);
    const file = scratch('page-vae.json');
    await download.saveAs(file);
    const saved = parseModelFile(readFileSync(file, 'utf8'));
    expect(saved.kind).toBe('vae');
    // The CLI reads it and encodes emoji-4 on the kernels it trained with (this test process lacks
    // Node 20's relaxed-SIMD flag, so its float32 forward passes may differ in the last bits).
    const evaluated = JSON.parse(latentlab('eval', '--model', file, '--json'));
    expect(evaluated.dataset).toBe('emoji-4');
    const means: number[][] = evaluated.latentMeans;
    expect(means).toHaveLength(4);
    means.forEach((code, i) => {
      expect(code[0]).toBeCloseTo(cli.emoji4.result.latentMeans[i][0], 9);
      expect(code[1]).toBeCloseTo(cli.emoji4.result.latentMeans[i][1], 9);
    });
  });

  it('opens a VAE model file made by the CLI, also from the font view, with the CLI latent means', async () => {
    await page.click('nav [role="tab"]:has-text("Font")');
    await page.setInputFiles(active('[data-testid="model-file-input"]'), join(cli.long.dir, 'model.json'));
    await expect.poll(() => page.getAttribute('nav [role="tab"]:has-text("VAE")', 'aria-selected')).toBe('true');
    await expect.poll(() => page.textContent(active('[data-testid="model-source"]'))).toContain('from model.json');
    const means: { label: string; code: number[] }[] = JSON.parse((await page.getAttribute(active('canvas.manifold'), 'data-means')) ?? '[]');
    means.forEach(({ code }, i) => {
      expect(code[0]).toBeCloseTo(cli.long.result.latentMeans[i][0], 9);
      expect(code[1]).toBeCloseTo(cli.long.result.latentMeans[i][1], 9);
    });
    expect(await manifoldGreys()).toBeGreaterThan(20);
    // The 1-sigma ellipses are drawn from the log-variances of q(z|x) that `latentlab eval` gives.
    const evaluated = JSON.parse(latentlab('eval', '--model', join(cli.long.dir, 'model.json'), '--json'));
    const logVariances: number[][] = JSON.parse((await page.getAttribute(active('canvas.manifold'), 'data-log-variances')) ?? '[]');
    expect(logVariances).toHaveLength(8);
    logVariances.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(evaluated.latentLogVariances[i][j], 9)));
    await clickCode(cli.long.result.latentMeans[0]);
    await shot('14-vae-cli-model');
    expect(explorer.pageErrors).toEqual([]);
  });

  it('continues the 200-epoch VAE the CLI saved to 260 epochs: the same tensors, optimizer and random state as `latentlab train --epochs 260`', async () => {
    await page.setInputFiles(active('[data-testid="model-file-input"]'), join(cli.short.dir, 'model.json'));
    await page.waitForSelector(active('[data-testid="opened-file"][data-epochs-done="200"][data-continuable="true"]'));
    await page.fill(active('input[name="continueEpochs"]'), '260');
    await page.click(active('[data-testid="continue"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 30_000 });
    expect(Number(await page.getAttribute(active('[data-testid="status"]'), 'data-epoch'))).toBe(260);
    expect(await chart('reconstruction-chart', 'data-last-loss')).toBe(cli.longer.result.finalReconstruction);
    expect(await chart('kl-chart', 'data-last-loss')).toBe(cli.longer.result.finalKL);
    expect(Number(await page.getAttribute(active('[data-testid="kl-chart"] .loss-chart'), 'data-epochs'))).toBe(260);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(active('button:has-text("Download")'))]);
    const file = scratch('page-continued-vae.json');
    await download.saveAs(file);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const expected = JSON.parse(readFileSync(join(cli.longer.dir, 'model.json'), 'utf8'));
    for (const name of Object.keys(expected.tensors)) expect({ name, ...saved.tensors[name] }).toEqual({ name, ...expected.tensors[name] });
    const { history, ...state } = saved.training;
    const { history: expectedHistory, ...expectedState } = expected.training;
    expect(state).toEqual(expectedState);
    expect(history).toEqual(expectedHistory);
    await shot('16-vae-continued');
  });

  it('hands an autoencoder model file opened in the VAE view to the font view', async () => {
    const dir = scratch('ae');
    latentlab('train', '--preset', 'ae-font-best', '--out', dir);
    await page.click('nav [role="tab"]:has-text("VAE")');
    await page.setInputFiles(active('[data-testid="model-file-input"]'), join(dir, 'model.json'));
    await expect.poll(() => page.getAttribute('nav [role="tab"]:has-text("Font")', 'aria-selected')).toBe('true');
    await expect.poll(() => page.textContent(active('[data-testid="model-source"]'))).toContain('from model.json');
    expect(JSON.parse((await page.getAttribute(active('canvas.plane'), 'data-codes')) ?? '[]')).toHaveLength(32);
    await page.click('nav [role="tab"]:has-text("VAE")');
  });

  it('says what is wrong with a file that is not a VAE model', async () => {
    const file = scratch('broken.json');
    writeFileSync(file, '{"format": "latentlab-model"');
    await page.setInputFiles(active('[data-testid="model-file-input"]'), file);
    await expect.poll(() => page.textContent(active('[role="alert"]'))).toMatch(/broken\.json: .*JSON/);
    await shot('15-vae-bad-file');
  });
});
