import { noisyTestSet } from '../../eval/denoising.js';
import { glyphCellsChart, type GlyphCell } from '../../plot/glyph-cells.js';
import { seedStripChart, type SeedValue } from '../../plot/seed-strip.js';
import { glyphStatus, glyphStatusColors } from '../../plot/style.js';
import { Matrix } from '../../tensor/matrix.js';
import { autoencoderKind, denoisingProtocol } from '../../runs/autoencoder/kind.js';
import type { Figure, Finding, Study, StudyContext } from '../study.js';
import { median } from '../../eval/statistics.js';
import { autoencoderRuns, describeRun, medianRange, medianRun, noisyMean, type AutoencoderDocument } from './autoencoder-runs.js';

const STUDY = "the study's setting";
const BEST = "latentlab's best";
const REFERENCE = 'nearest-glyph reference';
const POSTERIOR = 'Bayes pixel denoiser';
const PUBLISHED = 'the study (one run)';
const published: Record<string, { wrong: number; loss: number; epochs: number }> = { '0.1': { wrong: 98, loss: 0.06865, epochs: 11500 }, '0.2': { wrong: 172, loss: 0.10176, epochs: 13000 } };

const level = (run: AutoencoderDocument) => String(run.spec.evaluation?.noise?.level ?? run.spec.noise?.level);
const pictureColors = { 'noisy input': '#888888', ...glyphStatusColors };

/** Noisy inputs (flipped pixels red) above each setting's denoised outputs, 16 glyphs a row. */
function denoisedGlyphs(context: StudyContext, runs: { label: string; run: AutoencoderDocument }[], p: string): Figure {
  const first = runs[0].run;
  const dataset = context.dataset(first);
  const protocol = denoisingProtocol(first.spec);
  if (!protocol) throw new Error(`run ${first.trial.key} has no denoising protocol`);
  const { noisy } = noisyTestSet(dataset.inputs, protocol);
  const inputs = new Matrix(dataset.inputs.rows, dataset.inputs.cols, noisy.data.slice(0, dataset.inputs.data.length));
  const outputs = runs.map(({ run }) => context.model(run, autoencoderKind).reconstruct(inputs));
  const cells: GlyphCell[] = [];
  for (let start = 0; start < dataset.inputs.rows; start += 16) {
    const rows = Array.from({ length: Math.min(16, dataset.inputs.rows - start) }, (_, k) => start + k);
    cells.push(...rows.map((i) => ({ label: dataset.labels[i], pixels: inputs.row(i), target: dataset.inputs.row(i), status: 'noisy input' })));
    for (const output of outputs) {
      cells.push(
        ...rows.map((i) => {
          let wrong = 0;
          for (let q = 0; q < dataset.inputs.cols; q++) if (output.get(i, q) >= 0.5 !== dataset.inputs.get(i, q) >= 0.5) wrong++;
          return { label: dataset.labels[i], pixels: output.row(i), target: dataset.inputs.row(i), status: glyphStatus(wrong) };
        }),
      );
    }
  }
  return {
    id: `dae-noise-glyphs-p${p}`,
    title: `Denoising at p = ${p}: inputs and outputs`,
    caption: `The first noisy copy of the test set (${protocol.noise.name} p = ${p}, test seed ${protocol.seed}): for each block of 16 glyphs, the noisy inputs (flipped pixels in red), then the output of ${runs.map(({ label, run }) => `${label} (seed ${run.seed}, the median of its seeds)`).join(', then ')}; red in an output: pixels still wrong.`,
    chart: glyphCellsChart(cells, { title: `p = ${p}: noisy inputs, then ${runs.map((r) => r.label).join(', then ')}`, width: dataset.width, height: dataset.height, columns: 16, pixelSize: 6, statusTitle: 'glyph', statusColors: pictureColors }),
  };
}

/**
 * A preset's runs on the tighter protocol (100 copies): median and range over the seeds, the Bayes
 * floor and the nearest glyph on the same inputs, the clean glyphs, the training time.
 */
function tightFinding(topic: string, study: string, preset: string, runs: AutoencoderDocument[]): Finding {
  const test = runs[0].denoising!;
  const floor = test.posteriorWrongPixels?.mean;
  const clean = runs.map((r) => r.cleanWrongPixels ?? NaN);
  const { noise } = runs[0].spec;
  return {
    topic,
    study,
    latentlab:
      `${preset} (${describeRun(runs[0])}, batches of ${runs[0].spec.training.batchSize}, trained at ${noise!.name} ${noise!.level}${noise!.targets === 'posterior' ? ' towards the posterior means' : ''}): ` +
      `median ${medianRange(runs.map(noisyMean), 2)} over ${runs.length} seeds on ${test.copies} noisy copies (test seed ${test.seed}); on the same inputs the Bayes pixel denoiser ` +
      `${floor === undefined ? '-' : `${floor.toFixed(2)} (the median is ${(median(runs.map(noisyMean)) / floor).toFixed(2)}x it)`}, the nearest glyph ${test.referenceWrongPixels.mean.toFixed(2)}; ` +
      `clean glyphs: ${clean.every((v) => v === 0) ? 'every one right' : `${medianRange(clean)} wrong pixels`}; training median ${median(runs.map((r) => r.trainSeconds)).toFixed(1)} s per seed of wall time during this reproduce (other runs sharing the cores)`,
  };
}

/** The study's DAE and latentlab's best at p = 0.1 and 0.2, against the nearest-glyph floor on the very same inputs. */
export const daeNoise: Study = {
  name: 'dae-noise',
  title: 'Denoising: the study\'s DAE and latentlab\'s at p = 0.1 and 0.2',
  question:
    'The study trained 35-32-8-2-8-32-35 (tanh, Adam lr 0.001) on fresh salt & pepper noise every epoch: p = 0.1 (3 pixels flipped), 11500 epochs: min avg loss 0.06865, 98 wrong pixels of 1120 (8.75%); p = 0.2 (7 pixels), 13000 epochs: 0.10176, 172 wrong (15.35%). A first version (9100 epochs) had 4 wrong pixels of 1120, test noise not stated.',
  experiments: ['dae-study-setting', 'dae-latentlab-best', 'dae-fast', 'dae-specialist'],
  build(context) {
    const study = autoencoderRuns(context.results('dae-study-setting'));
    const best = autoencoderRuns(context.results('dae-latentlab-best'));
    const fast = autoencoderRuns(context.results('dae-fast'));
    const specialist = autoencoderRuns(context.results('dae-specialist'));
    const levels = [...new Set(study.map(level))];
    const values: SeedValue[] = [];
    for (const p of levels) {
      const group = `p ${p}`;
      values.push(...study.filter((r) => level(r) === p).map((r) => ({ group, series: STUDY, seed: r.seed, value: noisyMean(r) })));
      values.push(...best.filter((r) => level(r) === p).map((r) => ({ group, series: BEST, seed: r.seed, value: noisyMean(r) })));
      const reference = study.find((r) => level(r) === p)?.referenceWrongPixels;
      if (reference) values.push({ group, series: REFERENCE, seed: 0, value: reference.mean });
      const posterior = study.find((r) => level(r) === p)?.denoising?.posteriorWrongPixels;
      if (posterior) values.push({ group, series: POSTERIOR, seed: 0, value: posterior.mean });
      if (published[p]) values.push({ group, series: PUBLISHED, seed: 0, value: published[p].wrong });
    }
    const figures: Figure[] = [
      {
        id: 'dae-noise-wrong-pixels',
        title: 'Wrong pixels per 1120 on noisy glyphs',
        caption: `Mean wrong pixels per copy of the 32 glyphs over 10 noisy test copies (the same inputs for every model), one dot per training seed. On the same inputs: the nearest-glyph reference (each input becomes its most likely glyph) and the Bayes pixel denoiser (each pixel set to its most likely value given the 32 glyphs and the noise model), the floors a model that knows only the 32 glyphs can approach. ${STUDY}: ${describeRun(study[0])}. ${BEST}: ${describeRun(best[0])}.`,
        chart: seedStripChart(values, { title: 'Wrong pixels per 1120 after denoising (log scale)', groupTitle: 'test noise', valueTitle: 'wrong pixels per 1120 (log scale)', seriesTitle: 'denoiser', logX: true, seriesOrder: [PUBLISHED, STUDY, BEST, REFERENCE, POSTERIOR] }),
      },
      ...levels.flatMap((p) => {
        const s = study.filter((r) => level(r) === p);
        const b = best.filter((r) => level(r) === p);
        if (s.length === 0 || b.length === 0) return [];
        return [denoisedGlyphs(context, [{ label: STUDY, run: medianRun(s, noisyMean) }, { label: BEST, run: medianRun(b, noisyMean) }], p)];
      }),
    ];
    const findings: Finding[] = levels.flatMap((p) => {
      const s = study.filter((r) => level(r) === p);
      const b = best.filter((r) => level(r) === p);
      const reference = s[0]?.referenceWrongPixels?.mean;
      const posterior = s[0]?.denoising?.posteriorWrongPixels?.mean;
      const ref = published[p];
      const minLoss = s.map((r) => Math.min(...r.lossHistory));
      return [
        {
          topic: `DAE at p = ${p}: wrong pixels per 1120 on noisy glyphs`,
          study: ref ? `${ref.wrong} (${((100 * ref.wrong) / 1120).toFixed(2)}%), one run, test protocol not stated` : '-',
          latentlab:
            `${STUDY}: median ${medianRange(s.map(noisyMean), 1)} over ${s.length} seeds; ${BEST}: ${b.length ? `median ${medianRange(b.map(noisyMean), 1)} over ${b.length} seeds` : '-'}; ` +
            `on the same inputs (10 noisy copies, test seed 1000), the nearest-glyph reference: ${reference?.toFixed(1) ?? '-'}` +
            (posterior === undefined ? '' : `, the Bayes pixel denoiser: ${posterior.toFixed(1)}`),
        },
        {
          topic: `DAE at p = ${p}: minimum training loss (MSE per pixel on noisy inputs), the study's setting`,
          study: ref ? `${ref.loss} (${ref.epochs} epochs)` : '-',
          latentlab: `median ${median(minLoss).toFixed(5)} [${Math.min(...minLoss).toFixed(5)}-${Math.max(...minLoss).toFixed(5)}] over ${s.length} seeds (${s[0]?.spec.training.epochs} epochs)`,
        },
      ];
    });
    findings.push(
      tightFinding('DAE at p = 0.1 in seconds: wrong pixels per 1120 and training time', `98 (${((100 * 98) / 1120).toFixed(2)}%) after 11500 epochs, training time not stated`, 'dae-font-fast', fast),
      tightFinding('DAE at p = 0.2 against the Bayes floor: wrong pixels per 1120', `172 (${((100 * 172) / 1120).toFixed(2)}%) after 13000 epochs`, 'dae-font-wide-0.2', specialist),
    );
    const clean = study.filter((r) => level(r) === '0.1').map((r) => r.cleanWrongPixels ?? r.wrongPixels);
    findings.push({
      topic: 'DAE first version: wrong pixels of 1120 (9100 epochs, test noise not stated)',
      study: '4 (0.36%)',
      latentlab: clean.length ? `not reproducible as stated; on the clean glyphs the study's setting (p = 0.1, 11500 epochs) gets median ${medianRange(clean)} wrong pixels` : '-',
    });
    return { figures, findings };
  },
};
