import { describe, expect, it } from 'vitest';
import { datasetHash } from '../../src/data/dataset-identity.js';
import { fontTable } from '../../src/data/font.js';
import { setSha256, sha256Hex } from '../../src/data/sha256.js';
import { nodeSha256 } from '../../src/io/node-sha256.js';

describe("Node's native SHA-256 in place of the portable one", () => {
  it('gives the same digests: the FIPS 180-2 vectors, a text of many bytes, a dataset', () => {
    const long = 'latentlab '.repeat(100_000);
    const portable = { abc: sha256Hex('abc'), empty: sha256Hex(''), long: sha256Hex(long), font: datasetHash(fontTable(3)) };
    expect(portable.abc).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(portable.empty).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    setSha256(nodeSha256);
    expect({ abc: sha256Hex('abc'), empty: sha256Hex(''), long: sha256Hex(long), font: datasetHash(fontTable(3)) }).toEqual(portable);
  });
});
