import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { fontTable, type FontTableNumber } from '../../src/data/font.js';

/** A glyph as ASCII art, '#' = ink, '.' = paper, one line per row. */
function art(dataset: Dataset, label: string): string {
  const index = dataset.labels.indexOf(label);
  if (index < 0) throw new Error(`no glyph ${label} in ${dataset.name}`);
  const pixels = Array.from(dataset.inputs.row(index), (v) => (v === 1 ? '#' : v === 0 ? '.' : '?'));
  return Array.from({ length: dataset.height }, (_, y) => pixels.slice(y * dataset.width, (y + 1) * dataset.width).join('')).join('\n');
}

const picture = (...rows: string[]): string => rows.join('\n');

function hamming(dataset: Dataset, a: number, b: number): number {
  const x = dataset.inputs.row(a);
  const y = dataset.inputs.row(b);
  return x.reduce((sum, v, i) => sum + (v === y[i] ? 0 : 1), 0);
}

describe('fontTable', () => {
  it.each([
    [1, 'space', '?'],
    [2, '@', '_'],
    [3, '`', 'DEL'],
  ] as const)('table %i has 32 binary 5x7 glyphs from %s to %s', (table, first, last) => {
    const font = fontTable(table);
    expect(font.name).toBe(`font-${table}`);
    expect([font.width, font.height, font.inputs.rows, font.inputs.cols]).toEqual([5, 7, 32, 35]);
    expect(font.labels).toHaveLength(32);
    expect(new Set(font.labels).size).toBe(32);
    expect([font.labels[0], font.labels[31]]).toEqual([first, last]);
    expect(font.inputs.data.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('labels table 3 with its characters', () => {
    expect(fontTable(3).labels.join('')).toBe('`abcdefghijklmnopqrstuvwxyz{|}~DEL');
  });

  it.each<[FontTableNumber, string, string]>([
    [3, 'a', picture('.....', '.###.', '....#', '.##.#', '#..##', '#..##', '.##.#')],
    [3, 'l', picture('.##..', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..')],
    [3, '|', picture('..#..', '..#..', '..#..', '.....', '..#..', '..#..', '..#..')],
    [3, '`', picture('..#..', '..#..', '...#.', '.....', '.....', '.....', '.....')],
    [3, '~', picture('.#...', '#.#.#', '...#.', '.....', '.....', '.....', '.....')],
    [3, 'g', picture('.###.', '#...#', '#..##', '.##.#', '....#', '....#', '.###.')],
    [3, 'DEL', picture('#####', '#####', '#####', '#####', '#####', '#####', '#####')],
    [2, '@', picture('.###.', '#...#', '#.###', '#.#.#', '#.###', '#....', '.####')],
    [2, 'G', picture('.###.', '#...#', '#....', '#....', '#..##', '#...#', '.####')],
    [2, 'D', picture('####.', '.#..#', '.#..#', '.#..#', '.#..#', '.#..#', '####.')],
    [1, '0', picture('.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.')],
    [1, '%', picture('##..#', '##..#', '...#.', '..#..', '.#...', '#..##', '#..##')],
    [1, 'space', picture('.....', '.....', '.....', '.....', '.....', '.....', '.....')],
  ])('table %i glyph %s has the exact bitmap', (table, label, expected) => {
    expect(art(fontTable(table), label)).toBe(expected);
  });

  it('has l and | as the closest pair of table 3, 2 pixels apart', () => {
    const font = fontTable(3);
    let closest = { distance: Infinity, pairs: [] as string[] };
    for (let a = 0; a < 32; a++) {
      for (let b = a + 1; b < 32; b++) {
        const distance = hamming(font, a, b);
        const pair = `${font.labels[a]}${font.labels[b]}`;
        if (distance < closest.distance) closest = { distance, pairs: [pair] };
        else if (distance === closest.distance) closest.pairs.push(pair);
      }
    }
    expect(closest).toEqual({ distance: 2, pairs: ['l|'] });
  });

  it('gives each caller its own matrix', () => {
    const first = fontTable(3);
    first.inputs.data.fill(0);
    expect(fontTable(3).inputs.data.some((v) => v === 1)).toBe(true);
  });

  it('refuses a table that does not exist', () => {
    expect(() => fontTable(4 as FontTableNumber)).toThrow(/font table must be 1 .*2 .*or 3 .*got 4/);
  });
});
