import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FontHeaderError, fontHeaderDataset, parseFontHeader } from '../../src/data/font-header.js';
import { fontTable } from '../../src/data/font.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** The FontHeaderError thrown by parsing `text`. */
function parseError(text: string): FontHeaderError {
  try {
    parseFontHeader(text);
  } catch (error) {
    if (error instanceof FontHeaderError) return error;
    throw error;
  }
  throw new Error('expected the header to be rejected');
}

describe('parseFontHeader on font.h', () => {
  const tables = parseFontHeader(fixture('font.h'));

  it('finds the three named tables of 32 glyphs', () => {
    expect(tables.map((t) => [t.name, t.line, t.glyphs.length])).toEqual([
      ['Font1', 8, 32],
      ['Font2', 43, 32],
      ['Font3', 78, 32],
    ]);
    expect(tables[2].glyphs[1]).toEqual({ label: 'a', rows: [0x00, 0x0e, 0x01, 0x0d, 0x13, 0x13, 0x0d], line: 80 });
  });

  it.each([1, 2, 3] as const)('reads table %i with the same pixels as the built-in table', (table) => {
    const parsed = fontHeaderDataset(fixture('font.h'), table, 'font.h');
    const builtIn = fontTable(table);
    expect(parsed.inputs.data).toEqual(builtIn.inputs.data);
    expect([parsed.name, parsed.width, parsed.height]).toEqual(['font.h', 5, 7]);
  });

  it('reads table 3 exactly as the built-in one, labels included', () => {
    const parsed = fontHeaderDataset(fixture('font.h'), 3, 'font-3');
    expect(parsed).toEqual(fontTable(3));
  });

  it('keeps the last glyph, which has no trailing comma, with its label', () => {
    const last = tables[2].glyphs[31];
    expect(last).toEqual({ label: 'DEL', rows: [0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f], line: 110 });
  });

  it('names the tables when one is missing', () => {
    expect(() => fontHeaderDataset(fixture('font.h'), 4, 'font.h')).toThrow(
      'table 4 not found: the file has 3 tables: 1 = Font1 (32 glyphs, line 8), 2 = Font2 (32 glyphs, line 43), 3 = Font3 (32 glyphs, line 78)',
    );
    expect(() => fontHeaderDataset(fixture('font.h'), 0, 'font.h')).toThrow(/table 0 not found: the file has 3 tables/);
    expect(() => fontHeaderDataset(fixture('font-mixed.h'), 2, 'x')).toThrow(/table 2 not found: the file has 1 table: 1 = tiny_font/);
  });
});

describe('parseFontHeader on other notations', () => {
  it('reads hex in any case, decimal, binary, split glyphs and any number of glyphs, skipping other C', () => {
    const tables = parseFontHeader(fixture('font-mixed.h'));
    expect(tables).toHaveLength(1);
    expect(tables[0].name).toBe('tiny_font');
    expect(tables[0].glyphs).toEqual([
      { label: 'box', rows: [0x1f, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1f], line: 14 },
      { label: '1', rows: [4, 12, 4, 4, 4, 4, 14], line: 15 },
      { label: '#3', rows: [0x0e, 0x11, 0x01, 0x06, 0x08, 0x10, 0x1f], line: 16 },
      { label: 'dots', rows: [0, 0, 0, 0, 0, 0, 0x15], line: 18 },
    ]);
  });

  it('names a glyph by its code when the comment gives no character', () => {
    const text = 'int f[3][7] = {\n {0,0,0,0,0,0,0}, // 0x20\n {4,4,4,4,4,0,4}, // 33,\n {31,31,31,31,31,31,31} // 0x7F,\n};';
    expect(parseFontHeader(text)[0].glyphs.map((g) => g.label)).toEqual(['space', '!', 'DEL']);
  });
});

describe('parseFontHeader rejects malformed files with the line of the problem', () => {
  it.each([
    ['font-six-rows.h', 3, 'glyph 2 of table 1 (Font3) has 6 rows, expected 7'],
    ['font-wide-value.h', 5, 'row value 0x20 (32) in glyph 3 of table 1 (Font3) is too wide'],
    ['font-garbage.h', 5, "unexpected 'oops': expected a row value or '}' in glyph 3 of table 1 (Font3)"],
    ['font-unterminated.h', 3, 'the array of table 1 (Font3) opened here is never closed'],
  ])('%s: line %i', (name, line, message) => {
    const error = parseError(fixture(name));
    expect(error.line).toBe(line);
    expect(error.message).toContain(`line ${line}: ${message}`);
  });

  it('a file without glyph arrays', () => {
    const error = parseError(fixture('font-no-arrays.h'));
    expect(error.line).toBeNull();
    expect(error.message).toMatch(/^no glyph arrays found in 6 lines: expected C arrays of 7-row glyphs/);
  });

  it.each([
    ['an octal-looking value', 'int f[1][7] = {\n {0, 0, 0,\n 017, 0, 0, 0}\n};', 3, "'017' in glyph 1 of table 1 (f) is not a row value"],
    ['a missing comma between glyphs', 'int f[2][7] = {\n {0,0,0,0,0,0,0}\n {0,0,0,0,0,0,0}\n};', 3, "unexpected '{': expected ',' or '}' after glyph 1"],
    ['a glyph left open', 'x = {\n {0,0,0,0,0,0,0},\n {0,0,0,\n {0,0,0,0,0,0,0}\n};', 4, "unexpected '{': expected a row value or '}' in glyph 2"],
    ['a negative value', 'x = {\n\n {0,0,0,0,0,0,-1}};', 3, "unexpected '-': expected a row value"],
    ['eight rows', 'x = {{0,0,0,0,0,0,0,0}};', 1, 'glyph 1 of table 1 has 8 rows, expected 7'],
    ['an unclosed block comment', 'x = {{0,0,0,0,0,0,0}};\n/* no end', 2, 'a /* comment is never closed'],
  ])('%s', (_, text, line, message) => {
    const error = parseError(text);
    expect(error.message).toContain(`line ${line}: ${message}`);
  });
});
