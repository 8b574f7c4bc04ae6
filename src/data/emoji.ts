import * as z from 'zod';
import { Matrix } from '../tensor/matrix.js';
import type { Dataset } from './dataset.js';
import { pngToGray } from './images.js';
import { MIN_MEAN_INK, meanDarkness, samePixels } from './pictures.js';

/**
 * Emoji datasets built from Twemoji art as shipped by the npm package emoji-datasource-twitter
 * (one 64x64 PNG per emoji, names in emoji.json). Pure: the caller passes the catalog and a
 * function that reads an image file, so nothing here needs the network or a particular disk layout.
 */

/** One emoji of the catalog that has Twemoji art. */
export interface EmojiEntry {
  /** Upper-case code points joined by '-', e.g. "1F600" or "2764-FE0F". */
  unified: string;
  /** Unicode name, e.g. "GRINNING FACE". */
  name: string;
  shortNames: string[];
  category: string;
  /** File name in img/twitter/<size>/. */
  image: string;
}

export class EmojiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmojiError';
  }
}

const catalogSchema = z.array(
  z.object({
    name: z.string().nullable(),
    unified: z.string(),
    short_names: z.array(z.string()).min(1),
    category: z.string(),
    image: z.string(),
    has_img_twitter: z.boolean(),
  }),
);

/** The emoji with Twemoji art from emoji-datasource-twitter's emoji.json (parsed JSON). */
export function parseEmojiCatalog(json: unknown): EmojiEntry[] {
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) throw new EmojiError(`not an emoji-datasource emoji.json: ${z.prettifyError(parsed.error)}`);
  return parsed.data
    .filter((e) => e.has_img_twitter)
    .map((e) => ({ unified: e.unified.toUpperCase(), name: e.name ?? e.short_names[0], shortNames: e.short_names, category: e.category, image: e.image }));
}

/**
 * The emoji a query names: a short name ("grinning", ":skull:"), code points ("1F600",
 * "U+1F600", "2764-FE0F", with or without the FE0F selector) or the emoji itself ("😀").
 */
export function findEmoji(catalog: EmojiEntry[], query: string): EmojiEntry {
  const wanted = query.trim().replace(/^:|:$/g, '').toLowerCase();
  const byName = catalog.find((e) => e.shortNames.includes(wanted));
  if (byName) return byName;
  const codes = codePoints(query.trim());
  const byCode = codes && catalog.find((e) => stripSelector(e.unified) === stripSelector(codes));
  if (byCode) return byCode;
  throw new EmojiError(`unknown emoji "${query}": not a short name or code point of emoji-datasource-twitter; ${suggestions(catalog, wanted)}`);
}

/** Up to 8 short names near a wanted one: close spellings first, then names sharing the most of its words. */
function suggestions(catalog: EmojiEntry[], wanted: string): string {
  const words = wanted.split(/[\s_-]+/).filter((w) => w.length >= 3);
  const scored = catalog
    .flatMap((e) => e.shortNames)
    .map((name) => {
      const typo = editDistance(wanted, name);
      const shared = words.filter((w) => name.includes(w)).length;
      return { name, score: typo <= 2 ? 100 - typo : shared };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.name.length - b.name.length)
    .slice(0, 8);
  return scored.length > 0 ? `similar names: ${scored.map((s) => s.name).join(', ')}` : 'names look like grinning, heart_eyes, skull';
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** "U+1F600", "1f600", "2764-fe0f" or "😀" as "1F600" / "2764-FE0F"; null when it is none of these. */
function codePoints(text: string): string | null {
  const hex = text.replace(/^U\+/i, '');
  if (/^[0-9a-f]{4,6}(-[0-9a-f]{4,6})*$/i.test(hex)) return hex.toUpperCase();
  const chars = Array.from(text);
  if (chars.length === 0 || chars.some((c) => c.codePointAt(0)! < 0x80)) return null;
  return chars.map((c) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')).join('-');
}

function stripSelector(unified: string): string {
  return unified.replace(/-FE0F/g, '');
}

export interface EmojiDatasetRequest {
  name: string;
  /** Short names or code points, one per emoji, in dataset order. */
  queries: string[];
  /** Side of the square pictures, in pixels. */
  size: number;
  catalog: EmojiEntry[];
  /** The bytes of one PNG of img/twitter/64/. */
  readImage: (file: string) => Uint8Array;
}

/** Where each row of an emoji dataset came from, for the credits. */
export interface EmojiOrigin {
  label: string;
  unified: string;
  name: string;
  image: string;
}

/**
 * Builds a dataset of grayscale emoji pictures (composited on white, luminance, area-resized to
 * size x size), labelled by their first short name. Refuses unknown names, the same emoji twice,
 * two emoji with identical pictures, and near-blank pictures.
 */
export function buildEmojiDataset(request: EmojiDatasetRequest): { dataset: Dataset; origins: EmojiOrigin[] } {
  const { queries, size, catalog } = request;
  if (queries.length === 0) throw new EmojiError('no emoji names given');
  if (!Number.isInteger(size) || size < 2 || size > 64) throw new RangeError(`size must be an integer in 2..64 (the art is 64x64), got ${size}`);
  const entries = queries.map((query) => findEmoji(catalog, query));
  entries.forEach((entry, i) => {
    const first = entries.indexOf(entry);
    if (first < i) throw new EmojiError(`"${queries[first]}" and "${queries[i]}" are the same emoji (${entry.name}); each emoji may appear once`);
  });
  const inputs = new Matrix(entries.length, size * size);
  entries.forEach((entry, i) => {
    const pixels = pngToGray({ name: entry.image, bytes: request.readImage(entry.image) }, size).pixels;
    const ink = meanDarkness(pixels);
    if (ink < MIN_MEAN_INK) {
      throw new EmojiError(`"${queries[i]}" (${entry.name}) is near-blank on white (mean darkness ${ink.toFixed(4)} < ${MIN_MEAN_INK}); pick another emoji`);
    }
    const twin = entries.findIndex((_, j) => j < i && samePixels(inputs.row(j), pixels));
    if (twin >= 0) throw new EmojiError(`"${queries[twin]}" and "${queries[i]}" have identical pictures at ${size}x${size}; each picture may appear once`);
    inputs.data.set(pixels, i * size * size);
  });
  const labels = entries.map((e) => e.shortNames[0]);
  return {
    dataset: { name: request.name, inputs, labels, width: size, height: size, mode: 'luminance' },
    origins: entries.map((e, i) => ({ label: labels[i], unified: e.unified, name: e.name, image: e.image })),
  };
}
