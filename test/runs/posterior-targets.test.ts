import { describe, expect, it } from 'vitest';
import { datasetIdentity } from '../../src/data/dataset-identity.js';
import { fontTable } from '../../src/data/font.js';
import { parseModelFile } from '../../src/models/checkpoint.js';
import { autoencoderKind } from '../../src/runs/autoencoder/kind.js';
import { preset } from '../../src/runs/kinds.js';
import { Run } from '../../src/runs/run.js';

const font = fontTable(3);

/** dae-font-best, shortened, on the reference engine, with the given noise changes. */
function run(noise: Record<string, unknown>, epochs: number): Run {
  const spec = autoencoderKind.parseSpec(preset('dae-font-best').spec);
  const changed = { ...spec, model: { ...spec.model, encoder: [16], decoder: [16] }, training: { ...spec.training, epochs, engine: 'reference' }, noise: { ...spec.noise, copies: 2, ...noise } };
  return Run.start(autoencoderKind, changed, font, datasetIdentity(font, 'font-3'));
}

describe('posterior targets (noise.targets: "posterior")', () => {
  it('are the clean glyphs when the noise leaves no doubt, and something else when it does', () => {
    const losses = (noise: Record<string, unknown>) => {
      const r = run(noise, 3);
      r.train();
      return r.result().lossHistory;
    };
    // Without noise the posterior is certain: the same training as clean targets, to the last bit.
    expect(losses({ level: 0, targets: 'posterior' })).toEqual(losses({ level: 0 }));
    // At 7 flips the posterior spreads over several glyphs: other targets, another loss from the first epoch.
    const posterior = losses({ level: 0.2, targets: 'posterior' });
    const clean = losses({ level: 0.2 });
    expect(posterior[0]).not.toBe(clean[0]);
  });

  it('continue bit for bit from a model file, across a curriculum stage', () => {
    const noise = { level: 0.2, targets: 'posterior', curriculum: [{ epochs: 3, level: { min: 0, max: 0.1 } }] };
    const straight = run(noise, 6);
    straight.train();
    const first = run(noise, 6);
    first.train(2);
    const continued = Run.resume(parseModelFile(first.modelFile()), font);
    continued.train();
    expect(continued.result().lossHistory).toEqual(straight.result().lossHistory);
  });

  it('are refused for noise that does not flip binary pixels', () => {
    expect(() => run({ name: 'gaussian', level: 0.2, targets: 'posterior' }, 2)).toThrow('posterior targets need noise that flips binary pixels, not gaussian');
  });
});
