/**
 * Reproduces the VAE figures of docs/results/vae.md (issue 4, item 1): trains VAE presets on
 * emoji-8 and emoji-4 over several seeds and prints markdown tables of the per-emoji
 * reconstruction error (mean absolute pixel error, decoding each emoji's latent mean) and of the
 * final loss terms, with spreads over the seeds.
 * Usage: npx tsx bench/vae-seeds.ts [--preset vae-emoji[,vae-study-200-lr0.01,...]] [--seeds 5] [--data emoji-8,emoji-4]
 *          [--lr R] [--epochs N] [--beta B] [--warmup N]   (override the preset)
 *          [--brief]                                        (one summary line per preset and dataset)
 */
import { loadDataset } from '../src/io/datasets.js';
import { DivergenceError } from '../src/nn/fit.js';
import { vaeKind, type VaeResult } from '../src/runs/vae/kind.js';
import { Run } from '../src/runs/run.js';

const TARGET = 0.05;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const presets = option('preset', 'vae-emoji').split(',');
const seedCount = Number(option('seeds', '5'));
const datasets = option('data', 'emoji-8,emoji-4').split(',');
const overrides = { lr: option('lr', ''), epochs: option('epochs', ''), beta: option('beta', ''), warmup: option('warmup', '') };
const brief = process.argv.includes('--brief');
const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / Math.max(1, v.length - 1));
const spread = (v: number[], digits: number) => `${mean(v).toFixed(digits)} ± ${sd(v).toFixed(digits)} (${Math.min(...v).toFixed(digits)}–${Math.max(...v).toFixed(digits)})`;

/** Binary cross-entropy cannot go below the entropy of the targets: sum over pixels of H(t), per image. */
function entropyFloor(pixels: Float64Array, rows: number): number {
  let sum = 0;
  for (const t of pixels) if (t > 0 && t < 1) sum -= t * Math.log(t) + (1 - t) * Math.log(1 - t);
  return sum / rows;
}

const summary: { preset: string; dataset: string; seeds: number; passed: number; diverged: number; worstMAE: number[] }[] = [];
for (const preset of presets) {
  for (const name of datasets) {
    const { dataset, identity } = loadDataset({ dataset: name });
    const spec = structuredClone(vaeKind.presets[preset]);
    if (!spec) throw new Error(`unknown VAE preset "${preset}"`);
    if (overrides.lr) spec.training.optimizer.lr = Number(overrides.lr);
    if (overrides.epochs) spec.training.epochs = Number(overrides.epochs);
    if (overrides.beta) spec.model.beta = Number(overrides.beta);
    if (overrides.warmup) spec.model.betaWarmupEpochs = Number(overrides.warmup);
    const setting = `lr ${spec.training.optimizer.lr}, ${spec.training.epochs} epochs, beta ${spec.model.beta}${spec.model.betaWarmupEpochs ? ` (warm-up ${spec.model.betaWarmupEpochs})` : ''}`;
    const results: VaeResult[] = [];
    const diverged: string[] = [];
    for (const seed of seeds) {
      spec.training.seed = seed;
      spec.data.dataset = name;
      try {
        const run = Run.start(vaeKind, spec, dataset, identity);
        run.train();
        results.push(run.result() as VaeResult);
      } catch (error) {
        if (!(error instanceof DivergenceError)) throw error;
        diverged.push(`seed ${seed}: ${error.message}`);
      }
    }
    const worst = results.map((r) => Math.max(...r.reconstructionMAE));
    summary.push({ preset, dataset: name, seeds: seeds.length, passed: worst.filter((v) => v <= TARGET).length, diverged: diverged.length, worstMAE: worst });
    if (brief) {
      const passed = worst.filter((v) => v <= TARGET).length;
      const terms = results.length ? `; worst emoji MAE ${spread(worst, 4)}; reconstruction ${spread(results.map((r) => r.finalReconstruction), 2)}; KL ${spread(results.map((r) => r.finalKL), 2)}` : '';
      console.log(`${preset} (${setting}) on ${name}: ${passed}/${seeds.length} seeds with every emoji <= ${TARGET}${terms}${diverged.length ? `; diverged: ${diverged.length}` : ''}`);
      continue;
    }
    console.log(`\n### ${preset} (${setting}) on ${name}: ${results.length} seeds (${seeds.join(', ')})${diverged.length ? `; diverged: ${diverged.join('; ')}` : ''}\n`);
    console.log(`Lowest possible reconstruction term (the entropy of the gray targets): ${entropyFloor(dataset.inputs.data, dataset.inputs.rows).toFixed(2)} per image\n`);
    if (results.length === 0) continue;
    console.log(`| emoji | MAE mean ± sd (min–max) over seeds | seeds <= ${TARGET} |`);
    console.log('|---|---|---|');
    dataset.labels.forEach((label, i) => {
      const values = results.map((r) => r.reconstructionMAE[i]);
      console.log(`| ${label} | ${spread(values, 4)} | ${values.filter((v) => v <= TARGET).length}/${values.length} |`);
    });
    console.log(`| **worst emoji of each run** | ${spread(worst, 4)} | ${worst.filter((v) => v <= TARGET).length}/${worst.length} |`);
    console.log('');
    console.log(`| seed | worst MAE | mean MAE | final reconstruction | final KL | final loss | seconds |`);
    console.log('|---|---|---|---|---|---|---|');
    for (const r of results) {
      console.log(
        `| ${r.seed} | ${Math.max(...r.reconstructionMAE).toFixed(4)} | ${mean(r.reconstructionMAE).toFixed(4)} | ${r.finalReconstruction.toFixed(2)} | ` +
          `${r.finalKL.toFixed(3)} | ${r.finalLoss.toFixed(2)} | ${r.trainSeconds.toFixed(1)} |`,
      );
    }
    const column = (f: (r: VaeResult) => number, digits: number) => spread(results.map(f), digits);
    console.log(`| all | ${column((r) => Math.max(...r.reconstructionMAE), 4)} | ${column((r) => mean(r.reconstructionMAE), 4)} | ${column((r) => r.finalReconstruction, 2)} | ${column((r) => r.finalKL, 3)} | ${column((r) => r.finalLoss, 2)} | |`);
  }
}
// The figures as one JSON object, the last line, for scripts.
console.log(JSON.stringify({ bench: 'vae-seeds', target: TARGET, runs: summary }));
