import { lossBands, lossCurveChart } from '../../plot/loss-curves.js';
import { seedStripChart } from '../../plot/seed-strip.js';
import type { Figure, Finding, Study } from '../study.js';
import { median } from '../../eval/statistics.js';
import { vaeRuns, worstMAE, type VaeDocument } from './vae-runs.js';

const STUDY_BEST = { architecture: '400-200-2-200-400', lr: '0.01' };

/** The study's VAE grid: loss against epoch by architecture and by learning rate, on both emoji sets. */
export const vaeGrid: Study = {
  name: 'vae-grid',
  title: 'VAE: loss vs epoch by architecture and by learning rate',
  question:
    'The study trained VAEs on 20x20 emoji (8, then 4 very different ones) with 2-D latents: architectures [400,200,2,200,400], [400,200,100,2,100,200,400], [400,50,30,2,30,50,400], [400,150,50,15,2,15,50,150,400]; Adam (0.9, 0.999), lr in {0.1, 0.01, 0.001, 0.0001}, full batch, tanh, 1000 epochs. Best: [400,200,2,200,400] at lr 0.01.',
  experiments: ['vae-grid'],
  build(context) {
    const documents = context.results('vae-grid');
    const runs = vaeRuns(documents);
    const value = (d: { trial: { values: Record<string, string> } }, axis: string) => d.trial.values[axis];
    const datasets = [...new Set(documents.map((d) => value(d, 'dataset')))];
    const architectures = [...new Set(documents.map((d) => value(d, 'architecture')))];
    const rates = [...new Set(documents.map((d) => value(d, 'lr')))];
    const cell = (dataset: string, architecture: string, lr: string) => runs.filter((r) => value(r, 'dataset') === dataset && value(r, 'architecture') === architecture && value(r, 'lr') === lr);
    const seeds = Math.max(...architectures.map((a) => cell(datasets[0], a, rates[0]).length));
    const epochs = runs[0]?.spec.training.epochs;
    const diverged = documents.filter((d) => d.status === 'diverged');
    const divergedNote = diverged.length ? ` ${diverged.length} of ${documents.length} runs diverged (loss NaN or infinite) and are left out: ${[...new Set(diverged.map((d) => `${value(d, 'architecture')} at lr ${value(d, 'lr')} on ${value(d, 'dataset')}`))].join('; ')}.` : '';
    const medianLoss = (r: VaeDocument[]) => (r.length ? median(r.map((x) => x.finalLoss)) : NaN);
    // Runs at lr 0.1 can spike to millions: cut the axis at 3x the typical starting loss.
    const yMax = 3 * median(runs.map((r) => r.lossHistory[0]));
    const figures: Figure[] = [
      {
        id: 'vae-grid-loss-by-architecture',
        title: 'Loss vs epoch by architecture (lr 0.01)',
        caption: `Loss (binary cross-entropy summed over 400 pixels + KL, per image) of each architecture at the study's best learning rate, ${seeds} seeds each: line = mean, band = min to max.${divergedNote}`,
        chart: lossCurveChart(
          lossBands(datasets.flatMap((dataset) => architectures.map((architecture) => ({ series: architecture, panel: dataset, histories: cell(dataset, architecture, STUDY_BEST.lr).map((r) => r.lossHistory) }))).filter((s) => s.histories.length > 0)),
          { title: 'VAE loss vs epoch by architecture, lr 0.01', seriesTitle: 'architecture', panelTitle: 'data set', yTitle: 'loss per image (log scale)', seriesOrder: architectures, width: 760, height: 240, yMax },
        ),
      },
      {
        id: 'vae-grid-loss-by-lr',
        title: `Loss vs epoch by learning rate (${STUDY_BEST.architecture})`,
        caption: `The study's best architecture at each learning rate, ${seeds} seeds each.${divergedNote}`,
        chart: lossCurveChart(
          lossBands(datasets.flatMap((dataset) => rates.map((lr) => ({ series: `lr ${lr}`, panel: dataset, histories: cell(dataset, STUDY_BEST.architecture, lr).map((r) => r.lossHistory) }))).filter((s) => s.histories.length > 0)),
          { title: `VAE loss vs epoch by learning rate, ${STUDY_BEST.architecture}`, seriesTitle: 'learning rate', panelTitle: 'data set', yTitle: 'loss per image (log scale)', seriesOrder: rates.map((lr) => `lr ${lr}`), width: 760, height: 240, yMax },
        ),
      },
      ...datasets.map((dataset) => ({
        id: `vae-grid-final-${dataset}`,
        title: `Final loss of every setting on ${dataset}`,
        caption: `Loss after ${epochs} epochs, one dot per seed; black tick: median. Lower is better.${divergedNote}`,
        chart: seedStripChart(
          runs.filter((r) => value(r, 'dataset') === dataset).map((r) => ({ group: `lr ${value(r, 'lr')}`, series: value(r, 'architecture'), seed: r.seed, value: r.finalLoss })),
          { title: `VAE loss after ${epochs} epochs on ${dataset}`, groupTitle: 'learning rate', valueTitle: 'final loss per image (log scale)', seriesTitle: 'architecture', logX: true, groupOrder: rates.map((lr) => `lr ${lr}`), seriesOrder: architectures },
        ),
      })),
    ];
    const findings: Finding[] = datasets.map((dataset) => {
      const ranked = architectures.flatMap((a) => rates.map((lr) => ({ a, lr, loss: medianLoss(cell(dataset, a, lr)), runs: cell(dataset, a, lr) }))).filter((x) => Number.isFinite(x.loss)).sort((p, q) => p.loss - q.loss);
      const studyBest = cell(dataset, STUDY_BEST.architecture, STUDY_BEST.lr);
      const best = ranked[0];
      return {
        topic: `Best VAE architecture and learning rate on ${dataset} (${epochs} epochs)`,
        study: dataset === 'emoji-8' ? '[400,200,2,200,400] at lr 0.01' : 'same as emoji-8 ("same for emoji set 2")',
        latentlab: best
          ? `${best.a} at lr ${best.lr}: median final loss ${best.loss.toFixed(1)}, worst-emoji MAE ${median(best.runs.map(worstMAE)).toFixed(3)}; the study's best: loss ${medianLoss(studyBest).toFixed(1)}, MAE ${studyBest.length ? median(studyBest.map(worstMAE)).toFixed(3) : '-'} (medians over ${seeds} seeds)`
          : 'every run diverged',
      };
    });
    return { figures, findings };
  },
};
