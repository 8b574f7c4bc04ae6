import { pairsByDistance, segmentPoints } from '../../eval/latent-walk.js';
import { imageGridChart } from '../../plot/image-grid.js';
import { latentScatterChart } from '../../plot/latent-scatter.js';
import { manifoldChart } from '../../plot/manifold.js';
import { Matrix } from '../../tensor/matrix.js';
import { VAE_TARGET_MAE, vaeKind } from '../../runs/vae/kind.js';
import type { Figure, Finding, Study } from '../study.js';
import { median } from '../../eval/statistics.js';
import { medianRange } from './autoencoder-runs.js';
import { picture, vaeLayers, vaeRuns, worstMAE } from './vae-runs.js';

const MANIFOLD_STEPS = 15;
/** The manifold spans the prior's +-3 standard deviations, as `latentlab sample --range 3` does. */
const MANIFOLD_RANGE = 3;
const BLEND_PAIRS = 6;
const BLEND_STEPS = 5;

/** latentlab's VAE on both emoji sets: reconstructions, latent means, the decoded plane and blends. */
export const vaeEmoji: Study = {
  name: 'vae-emoji',
  title: 'VAE: generated emoji, manifolds and blends',
  question:
    'The study showed a grid of emoji decoded from the 2-D latent space and "interesting" generated emoji (blends), for both emoji sets.',
  experiments: ['vae-emoji'],
  build(context) {
    const documents = context.results('vae-emoji');
    const runs = vaeRuns(documents);
    const datasets = [...new Set(documents.map((d) => d.trial.values.dataset))];
    const figures: Figure[] = [];
    const findings: Finding[] = [];
    for (const name of datasets) {
      const group = runs.filter((r) => r.trial.values.dataset === name);
      if (group.length === 0) continue;
      const run = [...group].sort((a, b) => worstMAE(a) - worstMAE(b) || a.seed - b.seed)[Math.floor((group.length - 1) / 2)];
      const model = context.model(run, vaeKind);
      const dataset = context.dataset(run);
      const { labels } = dataset;
      const means = Matrix.fromRows(run.latentMeans);
      const reconstructions = model.decode(means);
      const setting = `${vaeLayers(run)}, Adam lr ${run.spec.training.optimizer.lr}, ${run.epochs} epochs`;
      const typical = `seed ${run.seed}, the median of ${group.length} seeds by worst reconstruction error`;

      figures.push({
        id: `vae-emoji-reconstructions-${name}`,
        title: `${name}: the emoji and their reconstructions`,
        caption: `Top: the training emoji; bottom: decoded from each one's latent mean, with its mean absolute pixel error (the target is at most ${VAE_TARGET_MAE}). ${setting}; ${typical}.`,
        chart: imageGridChart(
          [
            ...labels.map((label, i) => ({ label, url: picture(dataset, dataset.inputs.row(i)) })),
            ...labels.map((_, i) => ({ label: `MAE ${run.reconstructionMAE[i].toFixed(3)}`, url: picture(dataset, reconstructions.row(i)) })),
          ],
          { title: `${name}: originals (top) and reconstructions from the latent means (bottom), seed ${run.seed}`, columns: labels.length, cellWidth: 60 },
        ),
      });

      figures.push({
        id: `vae-emoji-latent-${name}`,
        title: `${name}: where the emoji sit in the latent space`,
        caption: `Each emoji drawn at its latent mean. ${setting}; ${typical}.`,
        chart: latentScatterChart(
          labels.map((label, i) => ({ x: means.get(i, 0), y: means.get(i, 1), label, url: picture(dataset, dataset.inputs.row(i)) })),
          { title: `${name}: latent means, seed ${run.seed}`, thumbWidth: 36, aspect: dataset.height / dataset.width, size: 420 },
        ),
      });

      const grid = new Matrix(MANIFOLD_STEPS * MANIFOLD_STEPS, 2);
      for (let j = 0; j < MANIFOLD_STEPS; j++) {
        for (let i = 0; i < MANIFOLD_STEPS; i++) {
          grid.set(j * MANIFOLD_STEPS + i, 0, -MANIFOLD_RANGE + (2 * MANIFOLD_RANGE * i) / (MANIFOLD_STEPS - 1));
          grid.set(j * MANIFOLD_STEPS + i, 1, -MANIFOLD_RANGE + (2 * MANIFOLD_RANGE * j) / (MANIFOLD_STEPS - 1));
        }
      }
      const decoded = model.decode(grid);
      figures.push({
        id: `vae-emoji-manifold-${name}`,
        title: `${name}: the decoded latent plane`,
        caption: `What the decoder draws on a ${MANIFOLD_STEPS} x ${MANIFOLD_STEPS} grid over [-${MANIFOLD_RANGE}, ${MANIFOLD_RANGE}]² of the latent plane (the prior's ±${MANIFOLD_RANGE} standard deviations); red: the emoji's latent means. ${setting}; ${typical}.`,
        chart: manifoldChart(
          Array.from({ length: grid.rows }, (_, i) => ({ x: grid.get(i, 0), y: grid.get(i, 1), url: picture(dataset, decoded.row(i)) })),
          {
            title: `${name}: emoji decoded over the latent plane, seed ${run.seed}`,
            steps: MANIFOLD_STEPS,
            size: 600,
            aspect: dataset.height / dataset.width,
            marks: labels.map((label, i) => ({ x: means.get(i, 0), y: means.get(i, 1), label, group: 'latent mean of an emoji' })),
            markColors: { 'latent mean of an emoji': '#d7191c' },
          },
        ),
      });

      // Every emoji with its nearest neighbour first (so each emoji shows up), then the closest remaining pairs.
      const all = pairsByDistance(means);
      const nearest = labels.map((_, i) => all.find((p) => p.a === i || p.b === i)!);
      const pairs = [...new Set([...nearest.sort((p, q) => p.distance - q.distance), ...all])].slice(0, BLEND_PAIRS);
      const blends = pairs.flatMap(({ a, b }) => {
        const row = model.decode(segmentPoints(means.row(a), means.row(b), BLEND_STEPS));
        return Array.from({ length: BLEND_STEPS }, (_, s) => ({
          label: s === 0 ? labels[a] : s === BLEND_STEPS - 1 ? labels[b] : `${Math.round((100 * s) / (BLEND_STEPS - 1))}%`,
          url: picture(dataset, row.row(s)),
        }));
      });
      figures.push({
        id: `vae-emoji-blends-${name}`,
        title: `${name}: blends between neighbouring emoji`,
        caption: `Decoded at evenly spaced points between the latent means of ${pairs.length} pairs of emoji (one pair per row): each emoji with its nearest neighbour in the latent space, then the closest remaining pairs. ${setting}; ${typical}.`,
        chart: imageGridChart(blends, { title: `${name}: blends between neighbouring emoji, seed ${run.seed}`, columns: BLEND_STEPS, cellWidth: 60 }),
      });

      const worst = group.map(worstMAE);
      findings.push(
        {
          topic: `Emoji set ${name}`,
          study: name === 'emoji-8' ? 'emoji set 1: 8 emojis, 20x20 grayscale, 400 values' : 'emoji set 2: 4 very different emojis, same format',
          latentlab: `${labels.length} Twemoji (${labels.join(', ')}), ${dataset.width}x${dataset.height} grayscale = ${dataset.inputs.cols} values`,
        },
        {
          topic: `VAE on ${name}: reconstruction error of every emoji (from its latent mean), target at most ${VAE_TARGET_MAE}`,
          study: 'not measured (pictures only)',
          latentlab: `worst emoji's mean absolute error: median ${medianRange(worst, 3)} over ${group.length} seeds; target met in ${worst.filter((w) => w <= VAE_TARGET_MAE).length}/${group.length} seeds (${setting})`,
        },
        {
          topic: `VAE on ${name}: final reconstruction and KL terms`,
          study: 'not stated',
          latentlab: `reconstruction ${median(group.map((r) => r.finalReconstruction)).toFixed(1)}, KL ${median(group.map((r) => r.finalKL)).toFixed(2)} per image (medians over ${group.length} seeds)`,
        },
      );
    }
    return { figures, findings };
  },
};
