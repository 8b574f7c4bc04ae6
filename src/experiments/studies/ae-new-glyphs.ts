import { pairsByDistance, hammingDistance, segmentPoints } from '../../eval/latent-walk.js';
import { latentGrid } from '../../eval/new-glyphs.js';
import { glyphCellsChart, type GlyphCell } from '../../plot/glyph-cells.js';
import { manifoldChart } from '../../plot/manifold.js';
import { thumbnailUri } from '../../plot/thumbnail.js';
import { Matrix } from '../../tensor/matrix.js';
import { autoencoderKind } from '../../runs/autoencoder/kind.js';
import type { Study } from '../study.js';
import { autoencoderRuns, describeRun, medianRange, medianRun } from './autoencoder-runs.js';

const WALK_STEPS = 11;
const GALLERY_SIZE = 24;
const MANIFOLD_STEPS = 25;
const NEW = 'new glyph (3+ px from all 32)';
const walkColors = { 'end point': '#2b83ba', 'a training glyph': '#999999', 'near a training glyph (1-2 px)': '#cccccc', [NEW]: '#f29e2e' };
const galleryColors = { [NEW]: '#f29e2e', 'unlike a glyph (ink, strokes or position)': '#bbbbbb' };

/** Walks between close glyphs, the new glyphs a dense scan finds, and the whole decoded plane. */
export const aeNewGlyphs: Study = {
  name: 'ae-new-glyphs',
  title: 'New glyphs: walking the latent space',
  question:
    'The study picked two glyphs close in the latent space, walked the line between them, decoded and binarized the points ("ZeroOrOne") and showed two invented glyphs: "feg", an asymmetric E, and "ble", a closed omega.',
  experiments: ['ae-study-setting', 'ae-latentlab-best'],
  build(context) {
    const runs = autoencoderRuns(context.results('ae-study-setting'));
    const best = autoencoderRuns(context.results('ae-latentlab-best'));
    const run = medianRun(runs, (r) => r.wrongPixels);
    const model = context.model(run, autoencoderKind);
    const dataset = context.dataset(run);
    const { width, height, labels } = dataset;
    const glyphs = dataset.inputs;
    const codes = Matrix.fromRows(run.latentCodes);
    const nearest = (pixels: ArrayLike<number>) => {
      const distances = labels.map((_, g) => hammingDistance(pixels, glyphs.row(g)));
      const distance = Math.min(...distances);
      return { glyph: distances.indexOf(distance), distance };
    };

    // The closest pair of codes whose segment crosses a new glyph (the study's method, done systematically).
    let walk: { a: number; b: number; outputs: Matrix } | undefined;
    const wellReconstructed = (g: number) => run.wrongPixelsPerGlyph[g] <= 1;
    for (const { a, b } of pairsByDistance(codes).filter((p) => wellReconstructed(p.a) && wellReconstructed(p.b))) {
      const outputs = model.decode(segmentPoints(codes.row(a), codes.row(b), WALK_STEPS));
      if (Array.from({ length: WALK_STEPS }, (_, s) => nearest(outputs.row(s)).distance).some((d) => d >= 3)) {
        walk = { a, b, outputs };
        break;
      }
    }
    const figures = [];
    if (walk) {
      const { a, b, outputs } = walk;
      const cells: GlyphCell[] = Array.from({ length: WALK_STEPS }, (_, s) => {
        const pixels = outputs.row(s);
        const near = nearest(pixels);
        const end = s === 0 || s === WALK_STEPS - 1;
        const status = end ? 'end point' : near.distance === 0 ? 'a training glyph' : near.distance < 3 ? 'near a training glyph (1-2 px)' : NEW;
        const label = end ? labels[s === 0 ? a : b] : near.distance === 0 ? `=${labels[near.glyph]}` : near.distance < 3 ? `${labels[near.glyph]}+${near.distance}` : 'new';
        return { label, pixels, status };
      });
      figures.push({
        id: 'ae-new-glyphs-walk',
        title: `Walking from "${labels[a]}" to "${labels[b]}"`,
        caption: `The decoder's output (binarized at 0.5) at ${WALK_STEPS} evenly spaced points of the segment between the codes of "${labels[a]}" and "${labels[b]}": of the pairs of well reconstructed glyphs (at most 1 wrong pixel), ordered by latent distance, the closest whose segment crosses a glyph at least 3 pixels from all 32. Labels: "=x" is glyph x exactly, "x+1" is 1 pixel from x. Model: seed ${run.seed} of ${describeRun(run)} (the median of ${runs.length} seeds).`,
        chart: glyphCellsChart(cells, { title: `From "${labels[a]}" to "${labels[b]}" through the latent space`, subtitle: `seed ${run.seed}, binarized outputs at t = 0, 0.1, ..., 1`, width, height, columns: WALK_STEPS, pixelSize: 9, statusTitle: 'point', statusColors: walkColors }),
      });
    }

    const scan = run.newGlyphs;
    const shown = scan ? scan.glyphs.slice(0, GALLERY_SIZE) : [];
    if (scan && shown.length > 0) {
      figures.push({
        id: 'ae-new-glyphs-gallery',
        title: 'New glyphs found by scanning the latent plane',
        caption:
          `A ${scan.gridSize} x ${scan.gridSize} grid over the codes' bounding box (plus 10% each side) decoded and binarized; duplicates dropped, and any image within ${scan.minDistance - 1} pixels of a training glyph or of the model's own reconstruction of one. ` +
          `${scan.count} distinct new glyphs; ${scan.plausible} of them plausible: ink and stroke counts within the training glyphs' ranges, and decoded within the codes' typical spacing of a glyph's code. ` +
          `Ranked plausible first (largest region first), then the rest nearest to the data first. Label: rank, then the nearest training glyph + pixels away. Their positions are marked on the next figure. Same model as the walk (seed ${run.seed}).`,
        chart: glyphCellsChart(
          shown.map((g, k) => ({ label: `#${k + 1}\n${labels[g.nearestGlyph]}+${g.pixelDistance}`, pixels: g.pixels, status: g.plausible ? NEW : 'unlike a glyph (ink, strokes or position)' })),
          { title: `New glyphs of seed ${run.seed}: the ${shown.length} best ranked of ${scan.count}`, width, height, columns: 12, pixelSize: 8, statusTitle: 'glyph', statusColors: galleryColors },
        ),
      });
    }

    const grid = latentGrid(codes, MANIFOLD_STEPS);
    const decoded = model.decode(grid);
    const marks = [
      ...labels.map((label, i) => ({ x: codes.get(i, 0), y: codes.get(i, 1), label, group: 'training glyph code' })),
      ...shown.map((g, k) => ({ x: g.code[0], y: g.code[1], label: `#${k + 1}`, group: 'new glyph (gallery rank)' })),
    ];
    figures.push({
      id: 'ae-new-glyphs-manifold',
      title: 'The whole decoded latent plane, with the new glyphs',
      caption: `What the decoder draws (grey levels, not binarized) on a ${MANIFOLD_STEPS} x ${MANIFOLD_STEPS} grid over the codes' bounding box plus 10%; red: the 32 glyph codes; orange: where the gallery's new glyphs are decoded most decidedly. Seed ${run.seed}.`,
      chart: manifoldChart(
        Array.from({ length: grid.rows }, (_, i) => ({ x: grid.get(i, 0), y: grid.get(i, 1), url: thumbnailUri(decoded.row(i), { width, height }) })),
        {
          title: `The decoded latent plane, seed ${run.seed}`,
          subtitle: 'grey levels of the decoder output at each grid point',
          steps: MANIFOLD_STEPS,
          aspect: height / width,
          size: 600,
          marks,
          markColors: { 'training glyph code': '#d7191c', 'new glyph (gallery rank)': '#e66101' },
        },
      ),
    });

    const scans = (r: typeof runs) => r.flatMap((x) => (x.newGlyphs ? [x.newGlyphs] : []));
    const summary = (r: typeof runs, what: string) => {
      const s = scans(r);
      return s.length ? `${what}: median ${medianRange(s.map((x) => x.plausible))} plausible new glyphs per model, of ${medianRange(s.map((x) => x.count))} distinct images 3+ px from all (${s.length} seeds)` : '';
    };
    return {
      figures,
      findings: [
        {
          topic: 'New glyphs from the latent space',
          study: '2, found by hand on one line ("feg", "ble")',
          latentlab: [summary(runs, "the study's setting"), summary(best, "latentlab's best")].filter(Boolean).join('; ') + '. New: 3+ px from every glyph and from the model\'s reconstruction of each; plausible: ink and stroke counts within the glyphs\' ranges, decoded within the codes\' typical spacing of a glyph\'s code',
        },
      ],
    };
  },
};
