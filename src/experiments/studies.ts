import { aeBest } from './studies/ae-best.js';
import { aeLatent } from './studies/ae-latent.js';
import { aeLayers } from './studies/ae-layers.js';
import { aeNewGlyphs } from './studies/ae-new-glyphs.js';
import { aeOptimizers } from './studies/ae-optimizers.js';
import { aeWidths } from './studies/ae-widths.js';
import { daeAnyLevel } from './studies/dae-any-level.js';
import { daeCrossNoise } from './studies/dae-cross-noise.js';
import { daeFloor } from './studies/dae-floor.js';
import { daeNoise } from './studies/dae-noise.js';
import { daeOptimizers } from './studies/dae-optimizers.js';
import { vaeEmoji } from './studies/vae-emoji.js';
import { vaeGrid } from './studies/vae-grid.js';
import type { Study } from './study.js';

/** Every study `latentlab reproduce` runs, in report order. */
export const studies: Study[] = [aeBest, aeLatent, aeNewGlyphs, aeLayers, aeOptimizers, aeWidths, daeFloor, daeNoise, daeCrossNoise, daeAnyLevel, daeOptimizers, vaeGrid, vaeEmoji];

export const studyNames = studies.map((s) => s.name);

export function selectStudies(only: readonly string[] | undefined): Study[] {
  if (!only || only.length === 0) return studies;
  for (const name of only) {
    if (!studyNames.includes(name)) throw new RangeError(`unknown study "${name}"; valid: ${studyNames.join(', ')}`);
  }
  return studies.filter((s) => only.includes(s.name));
}
