import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { crossNoiseFloors, crossNoiseMarkdown, crossNoiseTasks, runCrossNoiseTask, type CrossNoiseCell, type CrossNoisePlan } from '../../src/experiments/cross-noise.js';
import { autoencoderPresets } from '../../src/runs/autoencoder/presets.js';

const autoencoderPreset = (name: string) => structuredClone(autoencoderPresets[name]);

const plan = (preset = 'dae-font-best-0.2'): CrossNoisePlan => ({
  base: autoencoderPreset(preset),
  trainLevels: [0.1, { min: 0, max: 0.3 }],
  testLevels: [0.1, 0.2],
  seeds: [1, 2],
  copies: 10,
  testSeed: 1000,
});

describe('the cross-noise matrix', () => {
  it('trains each level x seed from the first epoch at that level (no curriculum)', () => {
    const tasks = crossNoiseTasks(plan());
    expect(tasks.map((t) => [t.train, t.spec.training.seed])).toEqual([
      ['flip-count:0.1', 1],
      ['flip-count:0.1', 2],
      ['flip-count:0-0.3', 1],
      ['flip-count:0-0.3', 2],
    ]);
    expect(tasks[2].spec.noise).toEqual({ name: 'flip-count', level: { min: 0, max: 0.3 }, copies: 16 });
    expect(tasks[0].testNoises).toEqual([{ name: 'flip-count', level: 0.1 }, { name: 'flip-count', level: 0.2 }]);
    expect(() => crossNoiseTasks(plan('ae-font'))).toThrow('needs a setting with a noise section');
  });

  it('tests one trained model at every level on the protocol\'s inputs', () => {
    const task = crossNoiseTasks(plan('dae-font'))[0];
    task.spec.training.epochs = 20;
    const cell = runCrossNoiseTask(task, fontTable(3));
    expect(cell.tests.map((t) => t.noise)).toEqual(['flip-count:0.1', 'flip-count:0.2']);
    expect(cell.tests[0].referenceWrongPixels.mean).toBeCloseTo(0.8, 10);
    expect(cell.tests[1].posteriorWrongPixels!.mean).toBeCloseTo(7.8, 10);
  });

  it('gives each row trained on a range its floor: the Bayes denoiser with that range as its prior, between the exact floor and the nearest glyph', () => {
    const floors = crossNoiseFloors(plan(), fontTable(3).inputs);
    expect([...floors.keys()]).toEqual(['flip-count:0-0.3']);
    const [at01, at02] = floors.get('flip-count:0-0.3')!;
    expect(at01).toBeGreaterThanOrEqual(0.5); // the exact-level Bayes floors on these inputs: 0.5 and 7.8
    expect(at02).toBeGreaterThan(7.8);
    expect(at02).toBeLessThanOrEqual(16.3); // the nearest glyph
  });

  it('tabulates the mean over seeds with the lowest and highest seed, the best row in bold, the references underneath', () => {
    const cell = (train: string, seed: number, clean: number, at01: number, at02: number): CrossNoiseCell => ({
      train,
      seed,
      spec: autoencoderPreset('dae-font'),
      trainSeconds: 1,
      cleanWrongPixels: clean,
      tests: [
        { noise: 'flip-count:0.1', noisyWrongPixels: { mean: at01, min: 0, max: 0 }, referenceWrongPixels: { mean: 0.8, min: 0, max: 2 } },
        { noise: 'flip-count:0.2', noisyWrongPixels: { mean: at02, min: 0, max: 0 }, referenceWrongPixels: { mean: 16.3, min: 5, max: 37 } },
      ],
    });
    const cells = [cell('flip-count:0.1', 1, 2, 1, 40), cell('flip-count:0.1', 2, 4, 3, 60), cell('flip-count:0-0.3', 1, 0, 2, 20), cell('flip-count:0-0.3', 2, 0, 2.5, 30)];
    const lines = crossNoiseMarkdown(plan(), cells, 1120, 35, new Map([['flip-count:0-0.3', [0.7, 30.1]]]));
    expect(lines).toContain('| trained at (flip-count) | clean | 0.1 (3 flips) | 0.2 (7 flips) |');
    expect(lines).toContain('| 0.1 (3 flips) | 3.0 (2.0-4.0) | **2.0 (1.0-3.0)** | 50.0 (40.0-60.0) |');
    expect(lines).toContain('| 0-0.3 (0-10 flips) | **0.0 (0.0-0.0)** | 2.3 (2.0-2.5) | **25.0 (20.0-30.0)** |');
    expect(lines).toContain('| nearest glyph (reference) | 0 | 0.8 | 16.3 |');
    expect(lines).toContain("| Bayes, prior 0-0.3 (0-10 flips): that row's floor | 0 | 0.7 | 30.1 |");
    expect(lines).toContain('| 0.1 (3 flips) | 2 | 1.0 | 4 | 3.0 | 60.0 |');
  });
});
