import { sha256 as portableSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** A SHA-256 being computed: feed it bytes, then read the digest. */
export interface Sha256 {
  update(bytes: Uint8Array): void;
  /** The digest as 64 lowercase hex digits. */
  hex(): string;
}

/**
 * Every hash of the program (datasets, model files, run names) goes through here. By default a
 * portable SHA-256 in JavaScript (@noble/hashes), which runs in the browser; Node's program sets
 * its native one (src/io/node-sha256.ts), several times faster on big data such as mnist's 62 MB.
 * Both give the same digests.
 */
let create = (): Sha256 => {
  const hash = portableSha256.create();
  return {
    update: (bytes) => void hash.update(bytes),
    hex: () => bytesToHex(hash.digest()),
  };
};

/** Makes every hash from now on use `factory` (it must compute SHA-256). */
export function setSha256(factory: () => Sha256): void {
  create = factory;
}

/** A new SHA-256 to feed. */
export function sha256(): Sha256 {
  return create();
}

/** The SHA-256 of a text's UTF-8 bytes, as 64 hex digits. */
export function sha256Hex(text: string): string {
  const hash = create();
  hash.update(utf8ToBytes(text));
  return hash.hex();
}
