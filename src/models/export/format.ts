import type { ModelFile } from '../checkpoint.js';
/** Which networks an export holds: the encoder (images -> codes), the decoder (codes -> images) or the whole autoencoder. */
export type ExportPart = 'encoder' | 'decoder' | 'all';
export const exportParts: readonly ExportPart[] = ['encoder', 'decoder', 'all'];
/** The names of every export format (formats.ts holds an exporter for each). */
export const exportFormats = ['safetensors', 'csv', 'tfjs', 'onnx'] as const;
export type ExportFormat = (typeof exportFormats)[number];
/** One file of an export: its name (relative to the output folder) and its bytes. */
export interface ExportedFile { name: string; bytes: Uint8Array }
/** Builds the files of one format from a model file; pure code (runs in the page too). */
export type Exporter = (file: ModelFile, part: ExportPart) => ExportedFile[];
