import { latentScatterChart } from '../../plot/latent-scatter.js';
import { glyphStatus, glyphStatusColors } from '../../plot/style.js';
import { thumbnailUri } from '../../plot/thumbnail.js';
import type { Figure, Study, StudyContext } from '../study.js';
import { autoencoderRuns, describeRun, medianRun, type AutoencoderDocument } from './autoencoder-runs.js';

/** The 32 codes of a run, each drawn as its glyph framed by its reconstruction status. */
function latentFigure(context: StudyContext, run: AutoencoderDocument, id: string, what: string, seeds: number): Figure {
  const dataset = context.dataset(run);
  const points = run.latentCodes.map(([x, y], i) => ({
    x,
    y,
    label: dataset.labels[i],
    url: thumbnailUri(dataset.inputs.row(i), { width: dataset.width, height: dataset.height, frame: glyphStatusColors[glyphStatus(run.wrongPixelsPerGlyph[i])] }),
  }));
  return {
    id,
    title: `Latent space of ${what}`,
    caption: `The 2-D code of each of the 32 glyphs, drawn as the glyph, in a typical run (seed ${run.seed}, the median of ${seeds} seeds by wrong pixels): ${describeRun(run)}. Frames: green = reconstructed perfectly, orange = 1 wrong pixel, red = worse.`,
    chart: latentScatterChart(points, { title: `Latent space of ${what} (seed ${run.seed})`, subtitle: 'each glyph drawn at its code; frame: green perfect, orange 1 wrong pixel, red worse' }),
  };
}

export const aeLatent: Study = {
  name: 'ae-latent',
  title: 'The latent space: where the 32 glyphs sit',
  question: 'The study showed a scatter of the 32 glyph codes in the 2-D latent space, labelled.',
  experiments: ['ae-study-setting', 'ae-latentlab-best'],
  build(context) {
    const study = autoencoderRuns(context.results('ae-study-setting'));
    const best = autoencoderRuns(context.results('ae-latentlab-best'));
    return {
      figures: [
        latentFigure(context, medianRun(study, (r) => r.wrongPixels), 'ae-latent-study-setting', "the study's setting", study.length),
        latentFigure(context, medianRun(best, (r) => r.epochs), 'ae-latent-latentlab', "latentlab's best", best.length),
      ],
      findings: [{ topic: 'Latent space scatter of the 32 glyphs, labelled', study: 'shown (picture lost)', latentlab: 'figures ae-latent-study-setting and ae-latent-latentlab: every code drawn as its glyph' }],
    };
  },
};
