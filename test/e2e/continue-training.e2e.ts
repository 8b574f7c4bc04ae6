import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelFile } from '../../src/models/checkpoint.js';
import { active, explorerSuite } from './browser.js';
import { latentlab } from './cli.js';

// Continuing a run across the page and the CLI: a model file holds the complete state of a run, so a
// run the CLI saved and the page continues (or the page saved and the CLI continues) ends with the very
// parameters, optimizer state and random state of the same run trained without a break.

interface StoredFile {
  tensors: Record<string, { dtype: string; shape: number[]; data: string }>;
  training: { epochsDone: number; history: Record<string, number[]>; optimizer: unknown; rng: unknown; order: unknown };
}

/** `latentlab train --preset ae-font --epochs N` model files, by N. */
const cli: Record<number, { model: string; finalLoss: number }> = {};
const { page, explorer, scratch, shot } = explorerSuite('continue', {
  setup: (folder) => {
    for (const epochs of [200, 500, 800]) {
      const dir = join(folder, `ae-font-${epochs}`);
      const result = JSON.parse(latentlab('train', '--preset', 'ae-font', '--epochs', String(epochs), '--out', dir, '--json'));
      cli[epochs] = { model: join(dir, 'model.json'), finalLoss: result.finalLoss };
    }
  },
});

const stored = (path: string): StoredFile => JSON.parse(readFileSync(path, 'utf8'));

/** The two files hold the same run: every tensor, the optimizer's state, the random state, the row order and the loss history, value for value. */
function expectSameRun(actual: StoredFile, expected: StoredFile): void {
  expect(Object.keys(actual.tensors).sort()).toEqual(Object.keys(expected.tensors).sort());
  for (const name of Object.keys(expected.tensors)) expect({ name, ...actual.tensors[name] }).toEqual({ name, ...expected.tensors[name] });
  const { optimizer, rng, order, epochsDone, history } = expected.training;
  expect(actual.training).toMatchObject({ optimizer, rng, order, epochsDone, history });
}

async function download(name: string): Promise<string> {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.click(active('button:has-text("Download")'))]);
  const file = scratch(name);
  await saved.saveAs(file);
  return file;
}

describe('continuing a run in the page', () => {
  it('opens a model file the CLI trained for 200 epochs, offering to continue it', async () => {
    await page.setInputFiles(active('[data-testid="model-file-input"]'), cli[200].model);
    await expect.poll(() => page.textContent(active('[data-testid="model-source"]'))).toContain('from model.json: 35-20-2-20-35, font-3');
    await page.waitForSelector(active('[data-testid="opened-file"][data-epochs-done="200"][data-continuable="true"]'));
    await expect(page.textContent(active('[data-testid="opened-file"]'))).resolves.toContain('200 epochs trained');
    // The file's own loss curve: 200 epochs.
    expect(Number(await page.getAttribute(active('.loss-chart'), 'data-epochs'))).toBe(200);
    await shot('16-continue-opened');
  });

  it('continues it to 500 epochs: the same tensors, optimizer and random state as `latentlab train --epochs 500`', async () => {
    await page.fill(active('input[name="continueEpochs"]'), '500');
    await page.click(active('[data-testid="continue"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 30_000 });
    const status = active('[data-testid="status"]');
    expect(Number(await page.getAttribute(status, 'data-epoch'))).toBe(500);
    expect(Number(await page.getAttribute(active('.loss-chart'), 'data-epochs'))).toBe(500);
    expect(Number(await page.getAttribute(active('.loss-chart'), 'data-last-loss'))).toBe(cli[500].finalLoss);
    await expect(page.textContent(status)).resolves.toContain('continued from epoch 200');
    await shot('17-continued');
    const file = await download('page-500.json');
    expect(parseModelFile(readFileSync(file, 'utf8')).training?.epochsDone).toBe(500);
    expectSameRun(stored(file), stored(cli[500].model));
  });

  it('saves a model file that `latentlab train --resume` continues to the same run as `latentlab train --epochs 800`', () => {
    const file = scratch('page-500.json');
    const dir = scratch('resumed-800');
    latentlab('train', '--resume', file, '--epochs', '800', '--out', dir, '--json');
    expectSameRun(stored(join(dir, 'model.json')), stored(cli[800].model));
  });

  it('opens a version-1 model file for exploring, with a note that it cannot be continued', async () => {
    const saved = parseModelFile(readFileSync(cli[200].model, 'utf8'));
    if (saved.kind !== 'autoencoder') throw new Error(`expected an autoencoder, got a ${saved.kind}`);
    const { model, data } = saved;
    const version1 = {
      format: 'latentlab-model',
      version: 1,
      kind: 'autoencoder',
      spec: model.spec,
      inputSize: model.inputSize,
      data: { name: data.name, width: data.width, height: data.height, labels: data.labels },
      parameters: Array.from(model.parameters),
    };
    const file = scratch('old.json');
    writeFileSync(file, JSON.stringify(version1));
    await page.setInputFiles(active('[data-testid="model-file-input"]'), file);
    await expect.poll(() => page.textContent(active('[data-testid="model-source"]'))).toContain('from old.json');
    await page.waitForSelector(active('[data-testid="opened-file"][data-file="old.json"][data-continuable="false"]'));
    await expect(page.textContent(active('.not-continuable'))).resolves.toContain('version-1 model file');
    expect(await page.isVisible(active('[data-testid="continue"]'))).toBe(false);
    // Still explorable: the 32 glyphs' codes are on the plane.
    expect(JSON.parse((await page.getAttribute(active('canvas.plane'), 'data-codes')) ?? '[]')).toHaveLength(32);
    await shot('18-version-1-file');
  });

  it('made no request beyond its own server and logged no errors', () => {
    expect(explorer.blocked).toEqual([]);
    expect(explorer.pageErrors).toEqual([]);
  });
});
