import { describe, expect, it } from 'vitest';
import { formatBytes, memoryRefusal, runMemory } from '../../src/runs/memory.js';
import { stuckLossWarning } from '../../src/runs/stuck-loss.js';
import { preset } from '../../src/runs/kinds.js';

describe('runMemory sizes a run before it allocates', () => {
  const { spec } = preset('ae-font');

  it('counts the parameters of 35-20-2-20-35 with their copies, and the loss history', () => {
    const parts = runMemory('autoencoder', spec, 32, 35);
    // 35*20+20 + 20*2+2 + 2*20+20 + 20*35+35 = 1,557 parameters, 6 copies of 8 bytes.
    expect(parts[1].bytes).toBe(1557 * 6 * 8);
    expect(parts[1].what).toMatch(/^1,557 parameters/);
    // 19,300 epochs, one loss each, 48 bytes a loss.
    expect(parts[0].bytes).toBe(19300 * 48);
  });

  it('refuses 1e11 epochs naming --epochs, and lets the preset through', () => {
    const huge = { ...spec, training: { ...spec.training, epochs: 1e11 } };
    expect(memoryRefusal(runMemory('autoencoder', huge, 32, 35), 2 ** 34)).toMatch(/needs about 4\.4 TB of memory, more than the 16\.0 GB .*lower training\.epochs \(--epochs\)/);
    expect(memoryRefusal(runMemory('autoencoder', spec, 32, 35), 2 ** 34)).toBeUndefined();
  });

  it('names the noisy copies when they are the largest part', () => {
    const copies = { ...spec, noise: { name: 'flip-count', level: 0.1, copies: 1e7 } };
    expect(memoryRefusal(runMemory('autoencoder', copies, 32, 35), 2 ** 30)).toMatch(/10,000,000 noisy copies .*lower noise\.copies \(--copies\)/);
  });

  it('refuses a model file longer than one string can hold', () => {
    const long = { ...spec, training: { ...spec.training, epochs: 1e8 } };
    expect(memoryRefusal(runMemory('autoencoder', long, 32, 35), 2 ** 40)).toMatch(/model file would be about 2\.2 GB of text/);
  });

  it('formats bytes in powers of 1024', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(8e12)]).toEqual(['512 bytes', '1.5 KB', '7.3 TB']);
  });
});

describe('stuckLossWarning', () => {
  it('warns about a loss that stayed put, naming a far too large learning rate', () => {
    const losses = Float64Array.from({ length: 400 }, (_, i) => (i === 0 ? 2.5 : 1.954));
    expect(stuckLossWarning(losses, 1e9)).toMatch(/stayed at 1\.954 for the last 399 of 400 epochs.*far too large/);
  });

  it('stays quiet for a falling loss, a loss near 0 and short runs', () => {
    expect(stuckLossWarning(Float64Array.from({ length: 400 }, (_, i) => 1 / (i + 1)), 0.001)).toBeUndefined();
    expect(stuckLossWarning(new Float64Array(400).fill(1e-9), 0.001)).toBeUndefined();
    expect(stuckLossWarning(new Float64Array(40).fill(1), 0.001)).toBeUndefined();
  });
});
