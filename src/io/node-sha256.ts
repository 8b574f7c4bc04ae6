import { createHash } from 'node:crypto';
import type { Sha256 } from '../data/sha256.js';

/** Node's native SHA-256 (OpenSSL), for setSha256 (src/data/sha256.ts). */
export function nodeSha256(): Sha256 {
  const hash = createHash('sha256');
  return {
    update: (bytes) => void hash.update(bytes),
    hex: () => hash.digest('hex'),
  };
}
