import { crc32, deflateSync } from 'node:zlib';
import { PNG_DEFLATE_LEVEL, type PngEncoder } from '../plot/png.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * PNG files with Node's zlib, for setPngEncoder (src/plot/png.ts): the rows, each after a 0 byte
 * (filter "none"), deflated in one IDAT chunk, which are the bytes pngjs writes with the same
 * options, without its copy of every byte in JavaScript.
 */
export const nodePng: PngEncoder = (rgb, width, height) => {
  const rowBytes = 3 * width;
  const rows = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) rows.set(rgb.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // colour type: RGB
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: PNG_DEFLATE_LEVEL })), chunk('IEND', Buffer.alloc(0))]);
};

/** A PNG chunk: its length, type, data and the CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Buffer {
  const bytes = Buffer.alloc(12 + data.length);
  bytes.writeUInt32BE(data.length, 0);
  bytes.write(type, 4, 'latin1');
  bytes.set(data, 8);
  bytes.writeUInt32BE(crc32(bytes.subarray(4, 8 + data.length)), 8 + data.length);
  return bytes;
}
