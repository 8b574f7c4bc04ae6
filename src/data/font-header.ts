import type { Dataset } from './dataset.js';
import { GLYPH_HEIGHT, MAX_GLYPH_ROW, glyphDataset, type Glyph } from './glyphs.js';

/**
 * Reads font.h-style C headers: every array whose elements are brace groups of GLYPH_HEIGHT row
 * values is a table, e.g.
 *
 *     int Font3[32][7] = {
 *        {0x04, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00},   // 0x60, `
 *        ...
 *        {0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f, 0x1f}    // 0x7f, DEL
 *     };
 *
 * Rows are hex (any case), binary (0b...) or decimal. A `// 0x60, c` comment on a glyph's line
 * names it `c` (a comment with a code and no character names it by the code; a comment without a
 * code is the name itself); unnamed glyphs are called #1, #2, ... Other C (preprocessor lines,
 * declarations, functions) is skipped. Malformed tables raise a FontHeaderError with the line.
 */

export interface ParsedGlyph extends Glyph {
  /** 1-based line of the glyph's opening brace. */
  line: number;
}

export interface FontTable {
  /** The C array's name (e.g. "Font3"), or "" when none precedes the initializer. */
  name: string;
  /** 1-based line of the array's opening brace. */
  line: number;
  glyphs: ParsedGlyph[];
}

/** A malformed font header; `line` is 1-based, or null when the problem is the whole file. */
export class FontHeaderError extends Error {
  readonly line: number | null;

  constructor(line: number | null, message: string) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'FontHeaderError';
    this.line = line;
  }
}

type TokenKind = 'comment' | 'literal' | 'number' | 'word' | 'punct';

interface Token {
  kind: TokenKind;
  text: string;
  line: number;
}

// Order matters: preprocessor lines (`^`: at a line start, so newlines are matched one by one) and comments
// before everything else; `[^]` takes any other character. Macros continued with a backslash are not followed.
const TOKEN =
  /(?<directive>^[ \t]*#[^\n]*)|(?<space>[^\S\n]+|\n)|\/\/(?<comment>[^\n]*)|(?<block>\/\*[^]*?\*\/)|(?<unclosed>\/\*)|(?<literal>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(?<number>\d[\w.]*)|(?<word>[A-Za-z_]\w*)|(?<punct>[^])/my;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const groups = match.groups ?? {};
    if (groups.unclosed !== undefined) throw new FontHeaderError(line, 'a /* comment is never closed');
    const kind = (['comment', 'literal', 'number', 'word', 'punct'] as const).find((k) => groups[k] !== undefined);
    if (kind) tokens.push({ kind, text: groups[kind], line });
    line += countNewlines(match[0]);
  }
  return tokens;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Every glyph table in the header, in file order. Throws FontHeaderError if there is none. */
export function parseFontHeader(text: string): FontTable[] {
  const tokens = tokenize(text);
  const tables: FontTable[] = [];
  let depth = 0;
  let arrayName = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'punct') {
      if (depth === 0 && token.kind === 'word' && significantAfter(tokens, i)?.text === '[') arrayName = token.text;
      continue;
    }
    if (depth === 0 && token.text === '{' && significantAfter(tokens, i)?.text === '{') {
      const table = new TableParser(tokens, i, tables.length + 1, arrayName);
      tables.push(table.parse());
      i = table.position;
      arrayName = '';
    } else if (token.text === '{') depth++;
    else if (token.text === '}') depth = Math.max(0, depth - 1);
    else if (token.text === ';' && depth === 0) arrayName = '';
  }
  if (tables.length === 0) {
    throw new FontHeaderError(
      null,
      `no glyph arrays found in ${countNewlines(text) + 1} lines: expected C arrays of ${GLYPH_HEIGHT}-row glyphs ` +
        'like {0x04, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00}',
    );
  }
  return tables;
}

function significantAfter(tokens: Token[], index: number): Token | undefined {
  for (let i = index + 1; i < tokens.length; i++) if (tokens[i].kind !== 'comment') return tokens[i];
  return undefined;
}

/** Parses one array of glyphs starting at its opening brace; `position` ends on its closing brace. */
class TableParser {
  position: number;
  private readonly table: FontTable;
  private readonly where: string;

  constructor(
    private readonly tokens: Token[],
    start: number,
    number: number,
    name: string,
  ) {
    this.position = start;
    this.table = { name, line: tokens[start].line, glyphs: [] };
    this.where = name ? `table ${number} (${name})` : `table ${number}`;
  }

  parse(): FontTable {
    for (;;) {
      const glyphNumber = this.table.glyphs.length + 1;
      const open = this.next(`'{' starting glyph ${glyphNumber} or '}' closing the array`, ['{', '}']);
      if (open.text === '}') return this.table;
      const rows = this.parseRows(`glyph ${glyphNumber} of ${this.where}`, open.line);
      const label = this.trailingComment() ?? `#${glyphNumber}`;
      this.table.glyphs.push({ label, rows, line: open.line });
      if (this.next(`',' or '}' after glyph ${glyphNumber}`, [',', '}']).text === '}') return this.table;
    }
  }

  /** The row values of a glyph whose '{' was just read; ends on its '}'. */
  private parseRows(what: string, line: number): number[] {
    const rows: number[] = [];
    for (;;) {
      const token = this.next(`a row value or '}' in ${what}`, ['}'], true);
      if (token.text === '}') break;
      rows.push(rowValue(token, what));
      if (this.next(`',' or '}' after a row of ${what}`, [',', '}']).text === '}') break;
    }
    if (rows.length !== GLYPH_HEIGHT) {
      throw new FontHeaderError(line, `${what} has ${rows.length} rows, expected ${GLYPH_HEIGHT}`);
    }
    return rows;
  }

  /** Moves to the next non-comment token, which must be one of `allowed` (or a number if `number`). */
  private next(expected: string, allowed: string[], number = false): Token {
    let token: Token | undefined;
    do token = this.tokens[++this.position];
    while (token?.kind === 'comment');
    if (!token) {
      throw new FontHeaderError(this.table.line, `the array of ${this.where} opened here is never closed (the file ends first)`);
    }
    const ok = token.kind === 'number' ? number : token.kind === 'punct' && allowed.includes(token.text);
    if (!ok) throw new FontHeaderError(token.line, `unexpected '${token.text}': expected ${expected}`);
    return token;
  }

  /** The label in a comment on the same line right after the current '}' (and its comma), if any. */
  private trailingComment(): string | undefined {
    const close = this.tokens[this.position];
    let after = this.tokens[this.position + 1];
    if (after?.text === ',' && after.kind === 'punct') after = this.tokens[this.position + 2];
    return after?.kind === 'comment' && after.line === close.line ? labelFromComment(after.text) : undefined;
  }
}

function rowValue(token: Token, what: string): number {
  const text = token.text.replace(/[uUlL]+$/, '');
  let value = Number.NaN;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = parseInt(text.slice(2), 16);
  else if (/^0[bB][01]+$/.test(text)) value = parseInt(text.slice(2), 2);
  else if (/^(0|[1-9]\d*)$/.test(text)) value = Number(text);
  if (Number.isNaN(value)) {
    throw new FontHeaderError(token.line, `'${token.text}' in ${what} is not a row value: expected hex (0x1f), binary (0b11111) or decimal (31)`);
  }
  if (value > MAX_GLYPH_ROW) {
    throw new FontHeaderError(
      token.line,
      `row value ${token.text} (${value}) in ${what} is too wide: rows are 5 pixels, 0..0x1f (0..${MAX_GLYPH_ROW})`,
    );
  }
  return value;
}

function labelFromComment(comment: string): string | undefined {
  const text = comment.trim();
  // A hex code may stand alone (`// 0x7f`); a decimal one needs its comma (`// 49, 1`), or `// 1` is the name "1".
  const coded = /^(?:(0[xX][0-9a-fA-F]+)\s*,?|(\d+)\s*,)\s*(.*)$/.exec(text);
  if (!coded) return text || undefined;
  return coded[3] || characterName(Number(coded[1] ?? coded[2]));
}

/** The label of a character code: the character itself, or "space" / "DEL" / "0x..". */
function characterName(code: number): string {
  if (code === 0x20) return 'space';
  if (code === 0x7f) return 'DEL';
  return code > 0x20 && code < 0x7f ? String.fromCharCode(code) : `0x${code.toString(16)}`;
}

/**
 * One table (1-based) of a font header as a dataset of binary 5x7 images, for `--data font.h --table N`.
 * Throws FontHeaderError for a malformed file and RangeError naming the tables when `table` is missing.
 */
export function fontHeaderDataset(text: string, table: number, name: string): Dataset {
  const tables = parseFontHeader(text);
  if (!Number.isInteger(table) || table < 1 || table > tables.length) {
    const list = tables
      .map((t, i) => `${i + 1} = ${t.name || 'unnamed'} (${t.glyphs.length} glyphs, line ${t.line})`)
      .join(', ');
    throw new RangeError(`table ${table} not found: the file has ${tables.length} table${tables.length === 1 ? '' : 's'}: ${list}`);
  }
  return glyphDataset(name, tables[table - 1].glyphs);
}
