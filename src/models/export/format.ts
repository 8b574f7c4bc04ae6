import type { ModelFile } from '../checkpoint.js';
/** Which networks an export holds: the encoder (images -> codes), the decoder (codes -> images) or the whole autoencoder. */
export type ExportPart = 'encoder' | 'decoder' | 'all';
export const exportParts: readonly ExportPart[] = ['encoder', 'decoder', 'all'];
/** One file of an export: its name (relative to the output folder) and its bytes. */
export interface ExportedFile { name: string; bytes: Uint8Array }
/** Builds the files of one format from a model file; pure code (runs in the page too). */
export type Exporter = (file: ModelFile, part: ExportPart) => ExportedFile[];
