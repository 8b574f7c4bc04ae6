/** The HTML report: one self-contained page (styles inline, charts as data-URI SVG images), readable offline. */

export interface ReportFigure {
  id: string;
  title: string;
  caption: string;
  svg: string;
  /** The PNG beside the report, relative to it. */
  png: string;
}

export interface ReportTable {
  id: string;
  title: string;
  caption?: string;
  columns: string[];
  rows: string[][];
}

export interface ReportSection {
  name: string;
  title: string;
  question: string;
  /** The command that reproduces this section's figures and numbers. */
  command: string;
  figures: ReportFigure[];
  tables: ReportTable[];
}

export interface ReportFinding {
  topic: string;
  study: string;
  latentlab: string;
  section: string;
  command: string;
}

export interface ReportContent {
  title: string;
  quick: boolean;
  generated: string;
  versions: Record<string, string>;
  threads: number;
  /** The command that made this report, and the one for the full version. */
  command: string;
  fullCommand: string;
  timings: { label: string; seconds: number }[];
  findings: ReportFinding[];
  sections: ReportSection[];
}

const STYLE = `
body { font-family: 'DejaVu Sans', 'Liberation Sans', Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; line-height: 1.45; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 44px 0 6px; border-bottom: 2px solid #eee; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 26px 0 6px; } p { margin: 6px 0; }
.meta { color: #666; font-size: 13px; }
.quick { background: #fff3cd; border: 2px solid #f29e2e; padding: 10px 14px; margin: 14px 0; font-weight: bold; }
.question { color: #444; font-style: italic; border-left: 3px solid #ccc; padding-left: 10px; }
code { background: #f2f2f2; padding: 1px 5px; border-radius: 3px; font-size: 13px; }
table { border-collapse: collapse; margin: 10px 0; font-size: 13px; width: 100%; }
th, td { border: 1px solid #ddd; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 16px 0 28px; } figure img { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; color: #444; margin-top: 6px; } .command { font-size: 12px; color: #555; margin-top: 4px; }
nav ul { columns: 2; font-size: 14px; }
`;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An SVG as an <img>: its ids stay its own (inline SVGs of vega would share clip-path ids). */
function svgImage(svg: string, alt: string): string {
  const width = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1];
  const data = Buffer.from(svg, 'utf8').toString('base64');
  return `<img alt="${escapeHtml(alt)}" ${width ? `width="${width}" ` : ''}src="data:image/svg+xml;base64,${data}">`;
}

function table(t: ReportTable): string {
  const numeric = (cell: string) => /^[-\d.,/% ]+$/.test(cell);
  return [
    `<h3 id="${t.id}">${escapeHtml(t.title)}</h3>`,
    t.caption ? `<p class="meta">${escapeHtml(t.caption)}</p>` : '',
    '<table><thead><tr>',
    ...t.columns.map((c) => `<th>${escapeHtml(c)}</th>`),
    '</tr></thead><tbody>',
    ...t.rows.map((row) => `<tr>${row.map((cell) => `<td${numeric(cell) ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}

function section(s: ReportSection): string {
  return [
    `<h2 id="${s.name}">${escapeHtml(s.title)}</h2>`,
    `<p class="question">${escapeHtml(s.question)}</p>`,
    `<p class="command">Reproduce this section: <code>${escapeHtml(s.command)}</code></p>`,
    ...s.figures.map(
      (f) =>
        `<figure id="${f.id}"><h3>${escapeHtml(f.title)}</h3>${svgImage(f.svg, f.title)}<figcaption>${escapeHtml(f.caption)}</figcaption>` +
        `<div class="command">Figure <code>${f.id}</code> (<a href="${escapeHtml(f.png)}">PNG</a>): <code>${escapeHtml(s.command)}</code></div></figure>`,
    ),
    ...s.tables.map(table),
  ].join('\n');
}

export function reportHtml(r: ReportContent): string {
  const quickBanner = r.quick
    ? `<div class="quick">QUICK RUN: fewer seeds (and fewer epochs where noted) than the full study, so every spread below is rougher and some numbers differ. For the real figures run <code>${escapeHtml(r.fullCommand)}</code>.</div>`
    : '';
  const total = r.timings.reduce((sum, t) => sum + t.seconds, 0);
  const findings: ReportTable = {
    id: 'study-vs-latentlab',
    title: 'The study vs latentlab',
    caption: 'Every number and claim of the digest next to what latentlab measures: over seeds, with medians and [min-max] ranges, not best runs.',
    columns: ['topic', 'the study', 'latentlab', 'reproduce with'],
    rows: r.findings.map((f) => [f.topic, f.study, f.latentlab, f.command]),
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}${r.quick ? ' (quick run)' : ''}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(r.title)}${r.quick ? ' — quick run' : ''}</h1>
<p class="meta">Generated ${escapeHtml(r.generated)} by <code>${escapeHtml(r.command)}</code>; latentlab ${escapeHtml(r.versions.latentlab ?? '?')}, Node ${escapeHtml(r.versions.node ?? '?')}${r.versions.kernels ? `, ${escapeHtml(r.versions.kernels)} wasm kernels` : ''}, ${r.threads} worker threads.
Wall time ${total.toFixed(0)} s: ${r.timings.map((t) => `${escapeHtml(t.label)} ${t.seconds.toFixed(1)} s`).join(', ')}.</p>
${quickBanner}
<nav><ul><li><a href="#study-vs-latentlab">The study vs latentlab</a></li>${r.sections.map((s) => `<li><a href="#${s.name}">${escapeHtml(s.title)}</a></li>`).join('')}</ul></nav>
${table(findings)}
${r.sections.map(section).join('\n')}
</main></body></html>
`;
}
