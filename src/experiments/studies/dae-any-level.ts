import { flipCount, formatNoise, parseNoise, type NoiseSpec } from '../../data/noise.js';
import { DEFAULT_TEST_COPIES, DEFAULT_TEST_SEED, evaluateDenoising } from '../../eval/denoising.js';
import { median } from '../../eval/statistics.js';
import { seedStripChart, type SeedValue } from '../../plot/seed-strip.js';
import type { Finding, Study } from '../study.js';
import { autoencoderRuns, describeRun, medianRange, noisyMean, type AutoencoderDocument } from './autoencoder-runs.js';

/**
 * One denoiser for every noise level, from clean glyphs to 7 flips, against the floor of its
 * training range: the Bayes pixel denoiser whose prior over levels is that range (it does not know
 * the test level either), level by level, on the very same inputs (issue 16).
 */
export const daeAnyLevel: Study = {
  name: 'dae-any-level',
  title: 'Denoising: one model for every noise level, against the Bayes floor',
  question:
    'The study trained one denoiser per noise level (p = 0.1: 98 wrong pixels of 1120; p = 0.2: 172) and found that a model trained at 0.2 does worse at 0.1 (165). Can one model with one set of weights serve every level, from clean glyphs to 7 flipped pixels, and per-pixel noise too?',
  experiments: ['dae-any-level', 'dae-fast'],
  build(context) {
    const runs = autoencoderRuns(context.results('dae-any-level')).filter((r) => r.crossNoise);
    const fast = autoencoderRuns(context.results('dae-fast'));
    const first = runs[0];
    const glyphs = context.dataset(first).inputs;
    const trained = first.spec.noise!;
    const prior: NoiseSpec = { name: trained.name, level: trained.level };
    const tests = first.crossNoise!.map((t) => t.noise);
    const { copies = DEFAULT_TEST_COPIES, seed = DEFAULT_TEST_SEED } = first.crossNoise![0];
    const floors = tests.map((text) => {
      const noise = parseNoise(text);
      const protocol = { noise, copies, seed };
      const known = evaluateDenoising((x) => x, glyphs, protocol).evaluation;
      const mixture = noise.name === prior.name ? evaluateDenoising((x) => x, glyphs, { ...protocol, prior }).evaluation.posteriorWrongPixels!.mean : undefined;
      return { text, noise, known: known.posteriorWrongPixels!.mean, nearest: known.referenceWrongPixels.mean, mixture };
    });
    const label = (noise: NoiseSpec): string =>
      noise.name === 'flip-count' ? plural(flipCount(noise.level as number, glyphs.cols), 'flip') : `${noise.name} ${noise.level}`;
    const wrongAt = (text: string): number[] => runs.map((r) => r.crossNoise!.find((t) => t.noise === text)!.noisyWrongPixels.mean);
    const ratios: SeedValue[] = floors.flatMap(({ text, noise, mixture, known }) => {
      const floor = mixture ?? known;
      return floor > 0 ? runs.map((r, i) => ({ group: label(noise), seed: r.seed, value: wrongAt(text)[i] / floor })) : [];
    });
    const line = ({ text, noise, mixture, known, nearest }: (typeof floors)[number]): string => {
      const values = wrongAt(text);
      const floor = mixture ?? known;
      const ratio = floor > 0 ? ` = ${(median(values) / floor).toFixed(2)}x the floor` : '';
      return `${label(noise)}: ${medianRange(values, 2)}; floor ${floor.toFixed(2)}${ratio}${mixture === undefined ? '' : ` (Bayes knowing the level: ${known.toFixed(2)})`}, nearest glyph ${nearest.toFixed(2)}`;
    };
    const countTests = floors.filter((f) => f.mixture !== undefined);
    const otherTests = floors.filter((f) => f.mixture === undefined);
    const setting = `${describeRun(first)}, trained on ${formatNoise(trained)}${trained.targets === 'posterior' ? ' with the posterior means as targets' : ''}`;
    return {
      figures: [
        {
          id: 'dae-any-level-ratio',
          title: 'One model at every level, against the floor of its training range',
          caption: `Wrong pixels per 1120 of one model (${setting}) divided by the floor at each test level: for flip-count, the Bayes pixel denoiser whose prior is the training range (it does not know the test level either); for flip-prob, the Bayes denoiser that knows p. ${copies} noisy copies of the 32 glyphs per level, test seed ${seed}; one dot per training seed (${runs.length}), the median as a tick. 1 is the floor; the goal was at most 1.5. Clean glyphs (floor 0) are left out: ${medianRange(wrongAt(tests[0]))} wrong pixels.`,
          chart: seedStripChart(ratios, {
            title: 'One denoiser, every level: wrong pixels / Bayes floor',
            groupTitle: 'test noise',
            valueTitle: 'wrong pixels / floor',
            reference: { value: 1.5, label: 'goal: 1.5x' },
          }),
        },
      ],
      findings: [
        {
          topic: 'One denoiser for every level, clean to 7 flips (wrong pixels per 1120; floor: Bayes with the training range as prior)',
          study: 'not tried: one model per level; trained at 0.2 and tested at 0.1: 165, worse than training at 0.1 (98)',
          latentlab: `${countTests.map(line).join('; ')} (median [min-max] over ${runs.length} seeds)`,
        },
        crossNoiseFinding(runs, fast),
        ...(otherTests.length
          ? [
              {
                topic: 'The same model on per-pixel noise (flip-prob p; floor: Bayes knowing p)',
                study: 'not tried',
                latentlab: `${otherTests.map(line).join('; ')}`,
              },
            ]
          : []),
      ],
    };
  },
};

/**
 * The study's cross-noise question asked of the model for every level: trained on a range that reaches
 * p = 0.2 (7 flips), tested at p = 0.1 (3 flips), against a model trained at exactly 3 flips
 * (dae-font-fast), on the same inputs when both use the same protocol.
 */
function crossNoiseFinding(runs: AutoencoderDocument[], fast: AutoencoderDocument[]): Finding {
  const atThree = runs.map((r) => r.crossNoise!.find((t) => t.noise === 'flip-count:0.1')?.noisyWrongPixels.mean ?? NaN);
  const fastAtThree = fast.map(noisyMean);
  const fastTest = fast[0].denoising!;
  const sameInputs = fastTest.noise === 'flip-count:0.1' && runs[0].crossNoise!.every((t) => t.copies === fastTest.copies && t.seed === fastTest.seed);
  return {
    topic: 'Trained on harder noise, tested at p = 0.1 (3 flips): does it hurt a model that also trains on the easy levels?',
    study: 'trained at 0.2: 165 wrong of 1120, worse than trained at 0.1 (98): one run each',
    latentlab:
      `trained on 0 to 7 flips (every level, p = 0.2 included): median ${medianRange(atThree, 2)} over ${runs.length} seeds; trained at exactly 3 flips (dae-font-fast): ${medianRange(fastAtThree, 2)} over ${fast.length} seeds` +
      `${sameInputs ? ` (the same ${fastTest.copies} noisy copies, test seed ${fastTest.seed})` : ''}; clean glyphs: ${medianRange(runs.map((r) => r.cleanWrongPixels ?? NaN))} wrong pixels. The wider training range costs ${(median(atThree) / median(fastAtThree)).toFixed(2)}x at 3 flips`,
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
