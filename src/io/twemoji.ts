import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseEmojiCatalog, type EmojiEntry } from '../data/emoji.js';

/** The installed emoji-datasource-twitter package: its catalog, a reader of its 64x64 PNGs, and the credits its art needs. */
export interface TwemojiSource {
  catalog: EmojiEntry[];
  readImage: (file: string) => Uint8Array;
  credits: (size: number) => string;
}

const ART_SIZE = 64;

/** Reads the catalog of the installed emoji-datasource-twitter (no network). */
export function twemojiSource(): TwemojiSource {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('emoji-datasource-twitter/package.json');
  } catch {
    throw new Error('the npm package emoji-datasource-twitter is not installed; run npm ci');
  }
  const root = dirname(packageJson);
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const catalog = parseEmojiCatalog(JSON.parse(readFileSync(join(root, 'emoji.json'), 'utf8')));
  const imageDir = join(root, 'img', 'twitter', String(ART_SIZE));
  return {
    catalog,
    readImage: (file) => readFileSync(join(imageDir, file)),
    credits: (size) =>
      `Emoji art: Twemoji, Copyright 2019 Twitter, Inc and other contributors (https://github.com/jdecked/twemoji), ` +
      `as shipped in the npm package emoji-datasource-twitter ${version}; licensed under CC BY 4.0 ` +
      `(https://creativecommons.org/licenses/by/4.0/). Changed by latentlab: composited on white, converted to grayscale ` +
      `(Rec. 709 luminance) and downsampled from ${ART_SIZE}x${ART_SIZE} to ${size}x${size} with an area-weighted box filter.`,
  };
}
