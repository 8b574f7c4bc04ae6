import { fontTable, type FontTableNumber } from '../../../src/data/font.js';
import type { AutoencoderRunSpec } from '../../../src/runs/autoencoder/spec.js';
import { startAutoencoderRun } from '../../../src/runs/autoencoder/start.js';
import type { Autoencoder, AutoencoderFitting } from '../../../src/models/autoencoder.js';
import type { EpochReport } from '../../../src/nn/fit.js';

/**
 * Sets up a run of a built-in glyph table with the CLI runner's own setup (startAutoencoderRun), so
 * the same spec and seed give the same numbers in the page as `latentlab train`
 * (test/web/start-run.test.ts checks it).
 */
export function startRun(spec: AutoencoderRunSpec, onEpoch: (report: EpochReport) => void): { model: Autoencoder; fitting: AutoencoderFitting } {
  return startAutoencoderRun(spec, fontTable(spec.data.table as FontTableNumber), onEpoch);
}
