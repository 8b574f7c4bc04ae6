import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { datasetHash, datasetIdentity, identityMismatch } from '../../src/data/dataset-identity.js';
import { fontTable } from '../../src/data/font.js';
import { Matrix } from '../../src/tensor/matrix.js';

/** Two 2x1 pictures, one label outside ASCII so the UTF-8 encoding is tested too. */
function tinyDataset(): Dataset {
  return { name: 'tiny', inputs: Matrix.fromRows([[0, 1], [0.5, 0.25]]), labels: ['a', 'é'], width: 2, height: 1 };
}

/** One 100x100 picture, pixel i = i / 10000: more pixels than one chunk of the hash (8192). */
function rampDataset(): Dataset {
  const inputs = new Matrix(1, 10000);
  for (let i = 0; i < 10000; i++) inputs.data[i] = i / 10000;
  return { name: 'ramp', inputs, labels: ['x'], width: 100, height: 100 };
}

describe('datasetHash', () => {
  it('is the SHA-256 of the documented bytes, as Python computes it', () => {
    // python3 -c "
    // import hashlib, struct
    // labels=['a','é']; px=[0,1,0.5,0.25]
    // b=struct.pack('<III',2,1,len(labels))
    // for l in labels: e=l.encode(); b+=struct.pack('<I',len(e))+e
    // b+=struct.pack('<%dd'%len(px),*px)
    // print(hashlib.sha256(b).hexdigest())"
    expect(datasetHash(tinyDataset())).toBe('sha256:fe63f491ebf071e2c4d738bbab1e366ab9e8d5cd4b6e67b9118937c42b99a479');
  });

  it('hashes pixels across chunk boundaries as one stream', () => {
    // The same command with labels=['x']; px=[i/10000 for i in range(10000)]; width and height 100.
    expect(datasetHash(rampDataset())).toBe('sha256:7194804efb0c7100cb6d0510a37242b06aac174aa4bbf72915d753741bff95de');
  });

  it('changes with one pixel, one label or the picture size, not with the name, the mode or the sign of a zero', () => {
    const base = datasetHash(tinyDataset());
    const onePixel = tinyDataset();
    onePixel.inputs.data[3] = 0.75;
    const oneLabel = { ...tinyDataset(), labels: ['a', 'e'] };
    const transposed = { ...tinyDataset(), width: 1, height: 2 };
    const hashes = [onePixel, oneLabel, transposed].map(datasetHash);
    expect(new Set([base, ...hashes]).size).toBe(4);

    const negativeZero = tinyDataset();
    negativeZero.inputs.data[0] = -0;
    const renamed = { ...tinyDataset(), name: 'other', mode: 'luminance' as const };
    expect([datasetHash(negativeZero), datasetHash(renamed)]).toEqual([base, base]);
  });

  it('does not let a label boundary move unnoticed', () => {
    const split = { ...tinyDataset(), labels: ['ab', ''] };
    const joined = { ...tinyDataset(), labels: ['a', 'b'] };
    expect(datasetHash(split)).not.toBe(datasetHash(joined));
  });

  it('refuses data whose shape does not hold together, or that is not finite', () => {
    expect(() => datasetHash({ ...tinyDataset(), width: 3 })).toThrow('dataset "tiny": rows of 2 values do not hold 3x1 = 3 pixels');
    expect(() => datasetHash({ ...tinyDataset(), labels: ['a'] })).toThrow('dataset "tiny": 1 labels for 2 rows');
    expect(() => datasetHash({ ...tinyDataset(), width: 0 })).toThrow('dataset "tiny": width must be an integer >= 1, got 0');
    const broken = tinyDataset();
    broken.inputs.data[3] = Number.NaN;
    expect(() => datasetHash(broken)).toThrow('dataset "tiny": row 1, pixel 1 is NaN, expected a finite number');
  });
});

describe('datasetIdentity', () => {
  it('records name, source, size, labels, mode (ink by default) and hash', () => {
    expect(datasetIdentity(tinyDataset(), 'tiny.json')).toEqual({
      name: 'tiny',
      source: 'tiny.json',
      rows: 2,
      width: 2,
      height: 1,
      labels: ['a', 'é'],
      mode: 'ink',
      hash: 'sha256:fe63f491ebf071e2c4d738bbab1e366ab9e8d5cd4b6e67b9118937c42b99a479',
    });
  });

  it('records the table of a font.h file, and copies the labels', () => {
    const dataset = fontTable(2);
    const identity = datasetIdentity(dataset, 'fonts/font.h', 2);
    dataset.labels[0] = 'changed';
    expect([identity.table, identity.labels[0], identity.labels[1], identity.rows]).toEqual([2, '@', 'A', 32]);
    expect('table' in datasetIdentity(fontTable(2), 'font-2')).toBe(false);
  });

  it('refuses an empty source and a table that is no table number', () => {
    expect(() => datasetIdentity(tinyDataset(), '')).toThrow('the source of dataset "tiny" must name a built-in set or a file, got ""');
    expect(() => datasetIdentity(tinyDataset(), 'font.h', 0)).toThrow('the table of dataset "tiny" must be an integer >= 1, got 0');
  });
});

describe('identityMismatch', () => {
  const identity = datasetIdentity(fontTable(3), 'font-3');
  const named = 'the data given, "font-2", is not the data "font-3" (from font-3)';

  it('is undefined for the same data, whatever its name', () => {
    expect(identityMismatch(identity, fontTable(3))).toBeUndefined();
    expect(identityMismatch(identity, { ...fontTable(3), name: 'copy' })).toBeUndefined();
  });

  it('names both sets and the first difference: rows, size, labels, then pixels', () => {
    const font2 = fontTable(2);
    const fewer = { ...font2, inputs: font2.inputs.head(10), labels: font2.labels.slice(0, 10) };
    expect(identityMismatch(identity, fewer)).toBe(`${named}: it has 10 rows, expected 32`);

    const tall = { ...font2, width: 7, height: 5 };
    expect(identityMismatch(identity, tall)).toBe(`${named}: its pictures are 7x5, expected 5x7`);

    expect(identityMismatch(identity, font2)).toBe(`${named}: row 0 is labelled "@", expected "\`"`);

    const relabelled = { ...font2, labels: fontTable(3).labels };
    expect(identityMismatch(identity, relabelled)).toBe(
      `${named}: same size and labels but other pixels: ${datasetHash(relabelled)}, expected ${identity.hash}`,
    );
  });

  it('names the table of a font.h source', () => {
    const fromFile = datasetIdentity({ ...fontTable(1), name: 'font.h' }, 'fonts/font.h', 1);
    expect(identityMismatch(fromFile, fontTable(3))).toBe(
      'the data given, "font-3", is not the data "font.h" (from fonts/font.h table 1): row 0 is labelled "`", expected "space"',
    );
  });
});
