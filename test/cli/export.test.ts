import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelFile } from '../../src/models/checkpoint.js';
import { partTensors, readSafetensors } from '../../src/models/export/safetensors.js';
import { latentlab, refused } from './latentlab.js';

describe('latentlab export and import', () => {
  let out: string;
  let model: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'latentlab-export-'));
    model = join(out, 'ae', 'model.json');
    const run = latentlab('train', '--preset', 'ae-font', '--epochs', '20', '--seed', '3', '--out', join(out, 'ae'), '--json');
    expect(run.status, run.stderr).toBe(0);
  });

  it('exports safetensors (a file path or a folder) and imports it back to the same tensors; eval opens the import', () => {
    const file = join(out, 'model.safetensors');
    const run = latentlab('export', '--model', model, '--format', 'safetensors', '--out', file);
    expect(run.status, run.stderr).toBe(0);
    expect(readSafetensors(readFileSync(file)).metadata.kind).toBe('autoencoder');
    const encoder = latentlab('export', '--model', model, '--format', 'safetensors', '--part', 'encoder', '--out', join(out, 'parts'));
    expect(encoder.status, encoder.stderr).toBe(0);
    expect(Object.keys(readSafetensors(readFileSync(join(out, 'parts', 'encoder.safetensors'))).tensors)).toEqual(['encoder.0.weight', 'encoder.0.bias', 'encoder.1.weight', 'encoder.1.bias']);
    const imported = join(out, 'imported.json');
    const back = latentlab('import', '--format', 'safetensors', file, '--out', imported);
    expect(back.status, back.stderr).toBe(0);
    const original = parseModelFile(readFileSync(model, 'utf8'));
    const again = parseModelFile(readFileSync(imported, 'utf8'));
    expect(again.training).toBeUndefined();
    expect(partTensors(again, 'all').tensors).toEqual(partTensors(original, 'all').tensors);
    const evaluated = latentlab('eval', '--model', imported);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/Total: [\d,]+ wrong pixels of 1,120/);
  });

  it('exports CSV: codes, errors, loss history and the images', () => {
    const run = latentlab('export', '--model', model, '--format', 'csv', '--out', join(out, 'csv'));
    expect(run.status, run.stderr).toBe(0);
    const codes = readFileSync(join(out, 'csv', 'codes.csv'), 'utf8').trimEnd().split('\n');
    expect(codes[0]).toBe('label,z1,z2');
    expect(codes).toHaveLength(33);
    expect(readFileSync(join(out, 'csv', 'errors.csv'), 'utf8').split('\n')[0]).toBe('label,wrong_pixels');
    const losses = readFileSync(join(out, 'csv', 'losses.csv'), 'utf8').trimEnd().split('\n');
    expect(losses[0]).toBe('epoch,loss');
    expect(losses).toHaveLength(21);
    const images = JSON.parse(readFileSync(join(out, 'csv', 'images.json'), 'utf8')) as { images: number[][]; reconstructions: number[][] };
    expect(images.images).toHaveLength(32);
    // encode --csv prints the same codes.
    const encoded = latentlab('encode', '--model', model, '--csv');
    expect(encoded.status, encoded.stderr).toBe(0);
    expect(encoded.stdout).toBe(readFileSync(join(out, 'csv', 'codes.csv'), 'utf8'));
  });

  it('refuses unknown formats and parts, non-safetensors input and an unknown import format, with reasons', () => {
    refused(['export', '--model', model, '--format', 'xml', '--out', out], /--format.*Allowed choices are .*safetensors/);
    refused(['export', '--model', model, '--format', 'safetensors', '--part', 'middle', '--out', out], /--part.*Allowed choices are encoder, decoder, all/);
    writeFileSync(join(out, 'junk.safetensors'), 'not a safetensors file');
    refused(['import', join(out, 'junk.safetensors'), '--out', join(out, 'x.json')], /junk.safetensors: bad safetensors file: header length/);
    refused(['import', '--format', 'onnx', join(out, 'junk.safetensors'), '--out', join(out, 'x.json')], /--format/);
  });
});
