import { aeBest } from './studies/ae-best.js';
import { aeLatent } from './studies/ae-latent.js';
import { aeLayers } from './studies/ae-layers.js';
import { aeNewGlyphs } from './studies/ae-new-glyphs.js';
import { aeOptimizers } from './studies/ae-optimizers.js';
import { aeWidths } from './studies/ae-widths.js';
import { daeFloor } from './studies/dae-floor.js';
import type { PendingStudy, Study } from './study.js';

/** Every study `latentlab reproduce` runs, in report order. */
export const studies: Study[] = [aeBest, aeLatent, aeNewGlyphs, aeLayers, aeOptimizers, aeWidths, daeFloor];

/** Studies of the digest that wait for code still being written; the report lists them. */
export const pendingStudies: PendingStudy[] = [
  {
    name: 'dae-noise',
    title: 'Denoising at p = 0.1 and 0.2 (the study: 98 and 172 wrong pixels of 1120; min avg loss 0.06865 and 0.10176)',
    waitingFor: 'the dae-font presets and the denoising result fields of issue 3 (noisyWrongPixels, referenceWrongPixels in the result document), then experiments/dae-noise.json and a study that charts them',
  },
  {
    name: 'dae-cross-noise',
    title: 'The cross-noise matrix (the study: trained at 0.2, tested at 0.1: 165 wrong of 1120)',
    waitingFor: 'issue 3\'s cross-noise results, to be drawn with src/plot/heatmap.ts',
  },
  {
    name: 'dae-optimizers',
    title: 'DAE optimizer and learning-rate comparisons (the study\'s first version: 4 wrong of 1120 after 9100 epochs)',
    waitingFor: 'the dae-font presets of issue 3 (an experiment spec over training.optimizer like experiments/ae-optimizers.json)',
  },
  {
    name: 'vae-emoji',
    title: 'VAE: loss vs epoch by architecture and by learning rate; manifolds of emoji-8 and emoji-4; blends',
    waitingFor: 'issue 4: a "vae" run kind in src/experiments/run-kinds.ts (presets, spec validation, runner), then experiments over its architectures and learning rates',
  },
];

export const studyNames = studies.map((s) => s.name);

export function selectStudies(only: readonly string[] | undefined): Study[] {
  if (!only || only.length === 0) return studies;
  for (const name of only) {
    if (!studyNames.includes(name)) throw new RangeError(`unknown study "${name}"; valid: ${studyNames.join(', ')}`);
  }
  return studies.filter((s) => only.includes(s.name));
}
