import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeDataset } from '../../src/data/dataset-file.js';
import { datasetHash } from '../../src/data/dataset-identity.js';
import { emojiSets } from '../../src/data/emoji-sets.js';
import { fontTable } from '../../src/data/font.js';
import { builtinDatasets, loadDataset } from '../../src/io/datasets.js';
import { Matrix } from '../../src/tensor/matrix.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'latentlab-datasets-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * The content hashes a model file records for the built-in sets. A change here means models
 * trained before no longer match their data: change the data only on purpose.
 */
const BUILTIN_HASHES: Record<string, string> = {
  'font-1': 'sha256:1441dcf75865bb883834dbb8ad4999bf01f3c382ef2c5ba2f276cb124e447331',
  'font-2': 'sha256:83fee6d6e81f69a5996796304e91551d4227a83204699f387b596f35f11a53fe',
  'font-3': 'sha256:88e2e20c6713a8a33779f227128a054362668813a25b8aded150584f2de01079',
  'emoji-8': 'sha256:bb22c23ab3e7c24ff875c0386f31072f9b9fc6a76d552b2fce39a47b7ff644d3',
  'emoji-4': 'sha256:0e5c7277ba24aa89506d13867d8df01a31e07cbd01d6fc3c6e2d1e5eba147ab7',
  mnist: 'sha256:d975ecf23e4f1c258ed96a3954bcd03c8a29216b8275a761bbd3c674da937f1f',
};

describe('the built-in datasets', () => {
  it('are the font tables, the shipped emoji sets and the mnist digits, in that order', () => {
    expect(builtinDatasets).toEqual(['font-1', 'font-2', 'font-3', 'emoji-8', 'emoji-4', 'mnist']);
  });

  it.each([1, 2, 3] as const)('font-%i is table %i of the built-in font, named by its name', (table) => {
    const { dataset, identity } = loadDataset({ dataset: `font-${table}` });
    expect(dataset).toEqual(fontTable(table));
    expect(identity).toEqual({
      name: `font-${table}`,
      source: `font-${table}`,
      rows: 32,
      width: 5,
      height: 7,
      labels: fontTable(table).labels,
      mode: 'ink',
      hash: BUILTIN_HASHES[`font-${table}`],
    });
  });

  it.each(['emoji-8', 'emoji-4'])('%s is the shipped 20x20 luminance set of data/', (name) => {
    const { dataset, identity } = loadDataset({ dataset: name });
    expect([dataset.name, dataset.width, dataset.height, dataset.mode]).toEqual([name, 20, 20, 'luminance']);
    expect(dataset.labels).toEqual(emojiSets[name]);
    expect(dataset.inputs.rows).toBe(emojiSets[name].length);
    expect([identity.source, identity.mode, identity.hash, 'table' in identity]).toEqual([name, 'luminance', BUILTIN_HASHES[name], false]);
  });

  it('mnist is the 10,000 digits of the mnist package', () => {
    const { dataset, identity } = loadDataset({ dataset: 'mnist' });
    expect([dataset.name, dataset.inputs.rows, dataset.width, dataset.height]).toEqual(['mnist', 10000, 28, 28]);
    expect([identity.source, identity.rows, identity.hash]).toEqual(['mnist', 10000, BUILTIN_HASHES.mnist]);
  });
});

describe('a dataset file', () => {
  const tiny = { name: 'tiny', inputs: Matrix.fromRows([[0, 0.5], [1, 0.25]]), labels: ['dark', 'light'], width: 2, height: 1, mode: 'luminance' as const };
  const path = join(folder, 'tiny.json');
  writeFileSync(path, serializeDataset({ dataset: tiny, credits: 'made by the test', origins: ['one', 'two'] }));

  it('loads with its name, labels, mode and pixels; its source is the path as given', () => {
    const { dataset, identity } = loadDataset({ dataset: path });
    expect(dataset).toEqual(tiny);
    expect(identity).toEqual({
      name: 'tiny',
      source: path,
      rows: 2,
      width: 2,
      height: 1,
      labels: ['dark', 'light'],
      mode: 'luminance',
      hash: datasetHash(tiny),
    });
  });

  it('is known by its extension, in any case', () => {
    const upper = join(folder, 'TINY.JSON');
    writeFileSync(upper, serializeDataset({ dataset: tiny, credits: '', origins: ['one', 'two'] }));
    expect(loadDataset({ dataset: upper }).dataset.labels).toEqual(['dark', 'light']);
  });

  it('that is broken is named in the error', () => {
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{"format": "something else"}');
    expect(() => loadDataset({ dataset: broken })).toThrow(
      `${broken}: bad dataset file: not a latentlab dataset file (expected "format": "latentlab-dataset")`,
    );
  });
});

describe('a font.h-style C header', () => {
  const header = fixture('font.h');

  it('is read at table 1: the built-in table 1 under the file name, the same content hash, its table in the identity', () => {
    const { dataset, identity } = loadDataset({ dataset: header, table: 1 });
    expect([dataset.name, dataset.inputs.rows, dataset.width, dataset.height]).toEqual(['font.h', 32, 5, 7]);
    expect(dataset.inputs.data).toEqual(fontTable(1).inputs.data);
    expect(dataset.labels).toEqual(fontTable(1).labels);
    expect([identity.name, identity.source, identity.table, identity.hash]).toEqual(['font.h', header, 1, BUILTIN_HASHES['font-1']]);
  });

  it('is read at table 2: the built-in pixels, but a label of its own, so another content hash', () => {
    const { dataset, identity } = loadDataset({ dataset: header, table: 2 });
    expect(dataset.inputs.data).toEqual(fontTable(2).inputs.data);
    // A C comment cannot end in a backslash (it would continue the line), so the fixture spells it out.
    const labels = fontTable(2).labels.map((label) => (label === '\\' ? 'backslash' : label));
    expect(dataset.labels).toEqual(labels);
    expect([identity.source, identity.table, identity.hash]).toEqual([header, 2, datasetHash(dataset)]);
    expect(identity.hash).not.toBe(BUILTIN_HASHES['font-2']);
  });

  it('is read at table 3 when the ref gives none, and the identity says so', () => {
    const { dataset, identity } = loadDataset({ dataset: header });
    expect(dataset.labels).toEqual(fontTable(3).labels);
    expect([identity.table, identity.hash]).toEqual([3, BUILTIN_HASHES['font-3']]);
  });

  it('without a .h extension is still a header', () => {
    const plain = join(folder, 'myfont');
    writeFileSync(plain, '{\n  {0x1f, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1f},  // box\n};\n');
    const { dataset, identity } = loadDataset({ dataset: plain, table: 1 });
    expect([dataset.name, dataset.labels, identity.table]).toEqual(['myfont', ['box'], 1]);
  });

  it('names the file and the problem when the table is missing or the file is malformed', () => {
    expect(() => loadDataset({ dataset: header, table: 4 })).toThrow(
      `${header}: table 4 not found: the file has 3 tables: 1 = Font1 (32 glyphs, line 8), 2 = Font2 (32 glyphs, line 43), 3 = Font3 (32 glyphs, line 78)`,
    );
    const garbage = fixture('font-garbage.h');
    expect(() => loadDataset({ dataset: garbage })).toThrow(`${garbage}: line 5: unexpected 'oops': expected a row value or '}' in glyph 3 of table 1 (Font3)`);
  });
});

describe('loadDataset refuses', () => {
  it('an unknown name, listing the built-in ones', () => {
    expect(() => loadDataset({ dataset: 'emoji-9' })).toThrow(
      'unknown dataset "emoji-9": give one of font-1, font-2, font-3, emoji-8, emoji-4, mnist, a dataset file (.json) made by latentlab dataset, or a font.h file',
    );
    expect(() => loadDataset({ dataset: '' })).toThrow('dataset must be one of font-1, font-2, font-3, emoji-8, emoji-4, mnist, a dataset file (.json) or a font.h file, got ""');
  });

  it('a missing file, naming it', () => {
    const header = join(folder, 'missing.h');
    const file = join(folder, 'missing.json');
    expect(() => loadDataset({ dataset: header })).toThrow(`cannot read font file "${header}": ENOENT`);
    expect(() => loadDataset({ dataset: file })).toThrow(`cannot read dataset file "${file}": ENOENT`);
  });

  it('a table with a built-in name or a dataset file', () => {
    expect(() => loadDataset({ dataset: 'font-3', table: 2 })).toThrow(
      'table 2 does not apply: font-3 is a built-in dataset; the built-in font has one name per table (font-1, font-2, font-3); ' +
        'a table only picks a glyph table of a font.h file',
    );
    expect(() => loadDataset({ dataset: 'mnist', table: 1 })).toThrow('table 1 does not apply: mnist is a built-in dataset');
    const file = join(folder, 'any.json');
    expect(() => loadDataset({ dataset: file, table: 1 })).toThrow(`table 1 does not apply: "${file}" is a dataset file, which holds one set of pictures`);
  });
});
