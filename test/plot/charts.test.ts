import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { fisherExactTest, wilsonInterval } from '../../src/eval/statistics.js';
import { glyphCellsChart } from '../../src/plot/glyph-cells.js';
import { heatmapChart } from '../../src/plot/heatmap.js';
import { imageGridChart } from '../../src/plot/image-grid.js';
import { latentScatterChart } from '../../src/plot/latent-scatter.js';
import { lossBands, lossCurveChart } from '../../src/plot/loss-curves.js';
import { manifoldChart } from '../../src/plot/manifold.js';
import { rankedBarsChart } from '../../src/plot/ranked-bars.js';
import { chartSvg, compileChart, svgToPng } from '../../src/plot/render.js';
import { reportHtml } from '../../src/plot/report-html.js';
import { seedStripChart } from '../../src/plot/seed-strip.js';
import { glyphStatusColors } from '../../src/plot/style.js';
import { successRateChart } from '../../src/plot/success-rate.js';
import { thumbnailUri } from '../../src/plot/thumbnail.js';

const font = fontTable(3);
const thumb = (i: number) => thumbnailUri(font.inputs.row(i), { width: 5, height: 7, frame: '#1a9641' });

const charts: Record<string, TopLevelSpec> = {
  'loss curves': lossCurveChart(lossBands([{ series: 'adam', histories: [[1, 0.5, 0.25], [0.9, 0.4]] }, { series: 'gd', histories: [[1, 0.9, 0.8]] }]), { title: 'loss', seriesTitle: 'optimizer' }),
  'loss curves in panels': lossCurveChart(
    lossBands([
      { series: 'adam', panel: 'lr 0.1', histories: [[1, 0.5]] },
      { series: 'adam', panel: 'lr 0.01', histories: [[1, 0.7]] },
    ]),
    { title: 'loss', seriesTitle: 'optimizer', panelTitle: 'learning rate' },
  ),
  'seed strip': seedStripChart(
    [
      { group: 'a', series: 'total', seed: 1, value: 6 },
      { group: 'a', series: 'total', seed: 2, value: 6 },
      { group: 'b', series: 'worst', seed: 1, value: 2 },
    ],
    { title: 'wrong pixels', groupTitle: null, valueTitle: 'wrong pixels', reference: { value: 6, label: 'the study: 6' } },
  ),
  'success rate': successRateChart([{ setting: 2, successes: 0, trials: 5 }, { setting: 3, successes: 4, trials: 5 }], { title: 'success', settingTitle: 'width' }),
  heatmap: heatmapChart(
    [
      { row: 'train 0.1', column: 'test 0.1', value: 20, label: '20 [14-30]' },
      { row: 'train 0.1', column: 'test 0.2', value: 130 },
      { row: 'train 0.2', column: 'test 0.1', value: 80 },
      { row: 'train 0.2', column: 'test 0.2', value: 120 },
    ],
    { title: 'cross-noise', rowTitle: 'trained at', columnTitle: 'tested at', valueTitle: 'wrong pixels' },
  ),
  'latent scatter': latentScatterChart(
    font.labels.slice(0, 4).map((label, i) => ({ x: i, y: i * i, label, url: thumb(i), group: i < 2 ? 'training glyph' : 'new glyph' })),
    { title: 'latent space' },
  ),
  'glyph grid': glyphCellsChart(
    font.labels.slice(0, 3).map((label, i) => ({ label, pixels: font.inputs.row(i), target: font.inputs.row(i === 2 ? 1 : i), status: i === 2 ? 'worse' : 'perfect' })),
    { title: 'glyphs', width: 5, height: 7, statusTitle: 'glyph', statusColors: glyphStatusColors },
  ),
  manifold: manifoldChart(
    [0, 1].flatMap((y) => [0, 1].map((x) => ({ x, y, url: thumb(x + 2 * y) }))),
    { title: 'manifold', steps: 2, aspect: 7 / 5, marks: [{ x: 0.5, y: 0.5, label: 'a', group: 'code' }] },
  ),
  'image grid': imageGridChart(font.labels.slice(0, 5).map((label, i) => ({ label, url: thumb(i) })), { title: 'blends', columns: 3, aspect: 7 / 5 }),
  'ranked bars': rankedBarsChart([{ label: '~', value: 0.8, text: '4/5' }, { label: 'k', value: 0.4, text: '2/5' }], { title: 'failures', labelTitle: 'glyph', valueTitle: 'share', percent: true }),
};

describe('chart specs', () => {
  it.each(Object.entries(charts))('%s compiles with vega-lite without warnings and parses as vega', async (_name, spec) => {
    const { vega: compiled, warnings } = await compileChart(spec);
    expect(warnings).toEqual([]);
    expect(() => vega.parse(compiled)).not.toThrow();
  });

  it('render to SVG and PNG without a browser', async () => {
    const svg = await chartSvg((await compileChart(charts['glyph grid'])).vega);
    expect(svg).toMatch(/^<svg[^>]*width="\d+"/);
    expect(svg).toContain('>glyphs</text>');
    expect((await chartSvg((await compileChart(charts['latent scatter'])).vega)).slice(0, 300)).toContain('image-rendering: pixelated');
    const png = svgToPng(svg);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('the glyph grid marks exactly the wrong pixels', () => {
    const spec = charts['glyph grid'] as { layer: { data: { values: { kind?: string }[] } }[] };
    const wrong = spec.layer[1].data.values.filter((p) => p.kind === 'wrong pixel').length;
    let expected = 0;
    for (let p = 0; p < 35; p++) if (font.inputs.get(2, p) !== font.inputs.get(1, p)) expected++;
    expect(wrong).toBe(expected);
  });

  it('loss bands average the seeds still training at each epoch', () => {
    const bands = lossBands([{ series: 's', histories: [[4, 2, 1], [2, 1]] }], 3);
    expect(bands).toEqual([
      { series: 's', epoch: 1, mean: 3, min: 2, max: 4, seeds: 2 },
      { series: 's', epoch: 2, mean: 1.5, min: 1, max: 2, seeds: 2 },
      { series: 's', epoch: 3, mean: 1, min: 1, max: 1, seeds: 1 },
    ]);
  });

  it('the report is one offline page: no external resources, every figure embedded, quick runs labelled', () => {
    const html = reportHtml({
      title: 'r',
      quick: true,
      generated: 'now',
      versions: { latentlab: '0', node: '20' },
      threads: 2,
      command: 'latentlab reproduce --quick',
      fullCommand: 'latentlab reproduce',
      timings: [{ label: 'all', seconds: 1 }],
      findings: [{ topic: 't <1>', study: '6', latentlab: '7', section: 's', command: 'c' }],
      sections: [{ name: 's', title: 'S', question: 'q', command: 'c', figures: [{ id: 'f', title: 'F', caption: 'cap', svg: '<svg width="10" height="10"></svg>', png: 'figures/f.png' }], tables: [] }],
    });
    expect(html).toContain('QUICK RUN');
    expect(html).toContain('t &lt;1&gt;');
    expect(html).toContain('src="data:image/svg+xml;base64,');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('statistics', () => {
  it('Wilson intervals and Fisher exact tests match known values', () => {
    const [low, high] = wilsonInterval(0, 10);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(0.2775, 4);
    expect(fisherExactTest(3, 3, 0, 3)).toBeCloseTo(0.1, 10);
    expect(fisherExactTest(1, 9, 11, 14)).toBeCloseTo(0.002759, 5);
    expect(fisherExactTest(5, 10, 5, 10)).toBeCloseTo(1, 10);
  });
});
