import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDataset } from '../../src/data/dataset-file.js';
import { buildEmojiDataset, findEmoji, type EmojiEntry } from '../../src/data/emoji.js';
import { EMOJI_SET_SIZE, emojiSets } from '../../src/data/emoji-sets.js';
import { twemojiSource } from '../../src/io/twemoji.js';
import { pngBytes } from '../fixtures/png.js';

const source = twemojiSource();
const build = (queries: string[], size = 20) => buildEmojiDataset({ name: 'test', queries, size, catalog: source.catalog, readImage: source.readImage });
/** Rec. 709 luminance of an sRGB color given as hex. */
const luminance = (hex: string) => {
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

describe('the emoji dataset builder on two known emojis', () => {
  const { dataset, origins } = build(['grinning', 'U+1F480']);

  it('has the exact size, labels and value range', () => {
    expect([dataset.inputs.rows, dataset.inputs.cols, dataset.width, dataset.height, dataset.mode]).toEqual([2, 400, 20, 20, 'luminance']);
    expect(dataset.labels).toEqual(['grinning', 'skull']);
    expect(origins.map((o) => o.unified)).toEqual(['1F600', '1F480']);
    expect(Math.min(...dataset.inputs.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...dataset.inputs.data)).toBe(1);
  });

  it('has known pixels: white corners (transparent art), the face yellow #FFCC4D, the skull eye #292F33', () => {
    expect(dataset.inputs.get(0, 0)).toBe(1);
    expect(dataset.inputs.get(1, 19 * 20 + 19)).toBe(1);
    // (row 3, column 8) of 20x20 covers source pixels [25.6, 28.8) x [9.6, 12.8): all face.
    expect(dataset.inputs.get(0, 3 * 20 + 8)).toBeCloseTo(luminance('ffcc4d'), 12);
    // (row 7, column 5): source [16, 19.2) x [22.4, 25.6), all inside the skull's left eye.
    expect(dataset.inputs.get(1, 7 * 20 + 5)).toBeCloseTo(luminance('292f33'), 12);
  });

  it('is what data/emoji-8.json and data/emoji-4.json hold (they rebuild from the installed package)', () => {
    for (const [name, queries] of Object.entries(emojiSets)) {
      const shipped = parseDataset(readFileSync(join(import.meta.dirname, '../../data', `${name}.json`), 'utf8')).dataset;
      const fresh = build(queries, EMOJI_SET_SIZE).dataset;
      expect(shipped.labels).toEqual(fresh.labels);
      // The file stores 6 decimals.
      expect(Array.from(shipped.inputs.data)).toEqual(Array.from(fresh.inputs.data, (v) => Number(v.toFixed(6))));
    }
  });
});

describe('the emoji dataset builder refuses', () => {
  it('unknown names, suggesting similar ones', () => {
    expect(() => build(['grinning', 'smiley_cat_face'])).toThrow(/unknown emoji "smiley_cat_face".*similar names: .*smiley_cat/);
    expect(() => build(['U+FFFFF'])).toThrow('unknown emoji "U+FFFFF"');
  });

  it('the same emoji twice, by any name', () => {
    expect(() => build(['skull', ':skull:'])).toThrow('"skull" and ":skull:" are the same emoji (SKULL)');
    expect(() => build(['heart', '2764'])).toThrow('are the same emoji');
    expect(findEmoji(source.catalog, '😀').shortNames).toContain('grinning');
  });

  const fake = (unified: string, short: string): EmojiEntry => ({ unified, name: short.toUpperCase(), shortNames: [short], category: 'Test', image: `${short}.png` });
  const catalog = [fake('E001', 'blank'), fake('E002', 'broken'), fake('E003', 'dot'), fake('E004', 'same_dot')];
  const files: Record<string, Uint8Array> = {
    'blank.png': pngBytes(64, 64, (x, y) => (x === 0 && y === 0 ? [0, 0, 0, 255] : [255, 255, 255, 0])),
    'broken.png': pngBytes(64, 64, () => [0, 0, 0, 255]).subarray(0, 60),
    'dot.png': pngBytes(64, 64, (x, y) => (x < 32 && y < 32 ? [0, 0, 0, 255] : [0, 0, 0, 0])),
    'same_dot.png': pngBytes(64, 64, (x, y) => (x < 32 && y < 32 ? [0, 0, 0, 255] : [0, 0, 0, 0])),
  };
  const fakeBuild = (queries: string[]) => buildEmojiDataset({ name: 'fake', queries, size: 20, catalog, readImage: (f) => files[f] });

  it('near-blank pictures, corrupt PNGs (naming the file) and identical pictures', () => {
    expect(() => fakeBuild(['blank'])).toThrow(/"blank" \(BLANK\) is near-blank on white \(mean darkness 0\.000\d < 0\.02\)/);
    expect(() => fakeBuild(['broken'])).toThrow(/^broken\.png: corrupt or truncated PNG/);
    expect(() => fakeBuild(['dot', 'same_dot'])).toThrow('"dot" and "same_dot" have identical pictures at 20x20');
    expect(fakeBuild(['dot']).dataset.inputs.get(0, 0)).toBe(0);
  });

  it('sizes outside 2..64', () => {
    expect(() => build(['skull'], 65)).toThrow('size must be an integer in 2..64');
  });
});
