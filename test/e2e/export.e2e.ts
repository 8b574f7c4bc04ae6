import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseModelFile, type ModelFile } from '../../src/models/checkpoint.js';
import { exporters } from '../../src/models/export/formats.js';
import { onnxModelType } from '../../src/models/export/onnx.js';
import { active, explorerSuite, OUTPUT } from './browser.js';

// The model panel's exports: a run trained in the page downloads as safetensors, ONNX, TensorFlow.js
// or its loss history, byte for byte what the exporters (latentlab export's) make of its model file.

const { page, explorer, scratch } = explorerSuite('export');
/** The model file the page's Download saved, its text and parsed. */
let modelText: string;
let modelFile: ModelFile;

/** Clicks `selector` and saves the `count` downloads it starts: their suggested names and bytes. */
async function downloads(selector: string, count = 1): Promise<{ name: string; bytes: Uint8Array }[]> {
  const started: Download[] = [];
  const listener = (download: Download) => started.push(download);
  page.on('download', listener);
  try {
    await page.click(active(selector));
    await expect.poll(() => started.length, { timeout: 10_000 }).toBe(count);
  } finally {
    page.off('download', listener);
  }
  return Promise.all(
    started.map(async (download, index) => {
      const file = scratch(`${index}-${download.suggestedFilename()}`);
      await download.saveAs(file);
      return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(file)) };
    }),
  );
}

async function exportAs(format: string, part: string, count = 1) {
  await page.selectOption(active('select[name="exportFormat"]'), format);
  if (format !== 'csv') await page.selectOption(active('select[name="exportPart"]'), part);
  return downloads('[data-testid="export-download"]', count);
}

describe('exporting from the page', () => {
  it('trains ae-font for a few epochs and downloads its model file', async () => {
    await page.fill(active('input[name="epochs"]'), '40');
    await page.click(active('[data-testid="start"]'));
    await page.waitForSelector(active('[data-testid="status"][data-status="finished"]'), { timeout: 30_000 });
    const [saved] = await downloads('button:has-text("Download")');
    modelText = new TextDecoder().decode(saved.bytes);
    modelFile = parseModelFile(modelText);
    expect(modelFile.training?.epochsDone).toBe(40);
    await page.locator(active('.model-panel')).screenshot({ path: join(OUTPUT, '19-export-panel.png') });
  });

  it('downloads the whole model as safetensors: a header (8-byte length + JSON) with every tensor, the bytes the exporter makes', async () => {
    const [file] = await exportAs('safetensors', 'all');
    expect(file.name).toMatch(/^ae-font.*-model\.safetensors$/);
    const length = Number(new DataView(file.bytes.buffer, file.bytes.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(file.bytes.subarray(8, 8 + length)));
    const tensors = Object.keys(header).filter((key) => key !== '__metadata__');
    expect(tensors.length).toBeGreaterThan(0);
    for (const name of tensors) expect(header[name]).toMatchObject({ dtype: expect.any(String), shape: expect.any(Array), data_offsets: expect.any(Array) });
    expect(Math.max(...tensors.map((name) => header[name].data_offsets[1]))).toBe(file.bytes.length - 8 - length);
    expect(file.bytes).toEqual(exporters.safetensors(modelFile, 'all')[0].bytes);
  });

  it('downloads the encoder as ONNX: a protobuf ModelProto with the exporter graph, the bytes the exporter makes', async () => {
    const [file] = await exportAs('onnx', 'encoder');
    expect(file.name).toMatch(/-encoder\.onnx$/);
    // protobufjs gives a Buffer in Node, a Uint8Array in the page: the same bytes.
    const expected = new Uint8Array(exporters.onnx(modelFile, 'encoder')[0].bytes);
    expect(file.bytes).toEqual(expected);
    const model = onnxModelType().toObject(onnxModelType().decode(file.bytes)) as { producer_name: string; graph: { node: { op_type: string }[]; initializer: unknown[] } };
    expect(model.producer_name).toBe('latentlab');
    expect(model.graph.node.map((node) => node.op_type)).toContain('Gemm');
    expect(model.graph.initializer.length).toBeGreaterThan(0);
  });

  it('downloads a TensorFlow.js decoder as model.json and weights.bin, and the loss history as losses.csv', async () => {
    const tfjs = await exportAs('tfjs', 'decoder', 2);
    const expected = exporters.tfjs(modelFile, 'decoder');
    expect(tfjs.map((file) => file.name).sort()).toEqual(['model.json', 'weights.bin']);
    for (const file of expected) expect(tfjs.find((saved) => saved.name === file.name)?.bytes).toEqual(file.bytes);
    expect(await page.isDisabled(active('select[name="exportPart"]'))).toBe(false);
    const [losses] = await exportAs('csv', 'all');
    expect(await page.isDisabled(active('select[name="exportPart"]'))).toBe(true);
    expect(losses.name).toMatch(/-losses\.csv$/);
    expect(new TextDecoder().decode(losses.bytes).trim().split('\n')).toHaveLength(41);
  });

  it('made no request beyond its own server and logged no errors', () => {
    expect(explorer.blocked).toEqual([]);
    expect(explorer.pageErrors).toEqual([]);
  });
});
