import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../io/files.js';
import { versions } from '../io/versions.js';
import { chartSvg, compileChart, svgToPng } from '../plot/render.js';
import { reportHtml, type ReportFinding, type ReportSection } from '../plot/report-html.js';
import { shippedExperiment } from './experiment-file.js';
import { loadExperimentResults, runExperiment, type TrialDocument } from './run-experiment.js';
import { selectStudies } from './studies.js';
import { studyContext, sweepResults } from './study-context.js';
import type { LeaderboardRow, TrialRecord } from './leaderboard.js';
import type { Figure } from './study.js';
import { openSweep, runSweep, type SweepProgress } from './sweep.js';

const FIGURES_STAGE = 'figures and report';

export interface ReproduceOptions {
  quick: boolean;
  /** Study names; all when absent. */
  only?: string[];
  /** Default out/reproduce (out/reproduce-quick with quick). */
  outDir?: string;
  threads: number;
  /** Rebuild figures and report from the results on disk, training nothing. */
  reportOnly?: boolean;
  onEvent?(event: ReproduceEvent): void;
}

export type ReproduceEvent =
  | { type: 'experiment'; name: string; done: number; total: number; reused: boolean }
  | { type: 'sweep'; name: string; progress: SweepProgress }
  | { type: 'figure'; id: string; seconds: number; warnings: string[] }
  | { type: 'stage'; label: string; seconds: number };

export interface ReproduceSummary {
  reportFile: string;
  figureFiles: string[];
  timings: { label: string; seconds: number }[];
}

function defaultReproduceDir(quick: boolean): string {
  return join('out', quick ? 'reproduce-quick' : 'reproduce');
}

/** The command line that reproduces a study (or everything), as the report prints it. */
function reproduceCommand(quick: boolean, study?: string): string {
  return `latentlab reproduce${quick ? ' --quick' : ''}${study ? ` --only ${study}` : ''}`;
}

/**
 * Runs every experiment and sweep of the chosen studies (finished runs on disk are reused), then
 * builds each study's figures and findings from the results and writes the HTML report with every
 * chart as SVG and PNG.
 */
export async function reproduce(options: ReproduceOptions): Promise<ReproduceSummary> {
  const { quick, threads, onEvent } = options;
  const outDir = options.outDir ?? defaultReproduceDir(quick);
  const runsDir = join(outDir, 'runs');
  const sweepsDir = join(outDir, 'sweeps');
  const reportDir = join(outDir, 'report');
  const selected = selectStudies(options.only);
  // A report rebuilt from results keeps the training times of the run that made them.
  const timings: { label: string; seconds: number }[] = options.reportOnly ? previousTrainingTimes(join(reportDir, 'findings.json')) : [];
  const timed = async <T>(label: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    timings.push({ label, seconds });
    onEvent?.({ type: 'stage', label, seconds });
    return result;
  };

  const experimentNames = [...new Set(selected.flatMap((s) => s.experiments))];
  const sweepNames = [...new Set(selected.flatMap((s) => s.sweeps ?? []))];
  const experiments = new Map(experimentNames.map((name) => [name, shippedExperiment(name)]));
  const sweepSpecs = new Map(sweepNames.map((name) => [name, shippedExperiment(name)]));
  const results = new Map<string, TrialDocument[]>();
  const sweepFile = (name: string) => join(sweepsDir, `${name}.sqlite`);

  for (const [name, spec] of experiments) {
    const documents = options.reportOnly
      ? loadExperimentResults(spec, runsDir, quick)
      : await timed(`experiment ${name}`, () =>
          runExperiment(spec, { outDir: runsDir, quick, threads, onTrial: (done, total, _trial, outcome) => onEvent?.({ type: 'experiment', name, done, total, reused: outcome === 'reused' }) }),
        );
    results.set(name, documents);
  }
  if (!options.reportOnly) {
    for (const [name, spec] of sweepSpecs) {
      const sweep = await openSweep(spec, quick, sweepFile(name));
      try {
        await timed(`sweep ${name}`, () => runSweep(sweep, threads, (progress) => onEvent?.({ type: 'sweep', name, progress })));
      } finally {
        await sweep.store.close();
      }
    }
  }

  const sweeps = new Map<string, { records: TrialRecord[]; board: LeaderboardRow[] }>();
  for (const name of sweepSpecs.keys()) sweeps.set(name, await sweepResults(sweepFile(name)));
  const context = studyContext(results, sweeps);

  const sections: ReportSection[] = [];
  const findings: ReportFinding[] = [];
  const figureFiles: string[] = [];
  await timed(FIGURES_STAGE, async () => {
    for (const study of selected) {
      const output = study.build(context);
      const command = reproduceCommand(quick, study.name);
      const figures = [];
      for (const figure of output.figures) {
        const started = performance.now();
        const written = await writeFigure(figure, join(reportDir, 'figures'));
        figureFiles.push(written.png);
        figures.push({ id: figure.id, title: figure.title, caption: figure.caption, svg: written.svg, png: relative(reportDir, written.png) });
        onEvent?.({ type: 'figure', id: figure.id, seconds: (performance.now() - started) / 1000, warnings: written.warnings });
      }
      sections.push({ name: study.name, title: study.title, question: study.question, command, figures, tables: output.tables ?? [] });
      findings.push(...output.findings.map((f) => ({ ...f, section: study.title, command })));
    }
  });

  const reportFile = join(reportDir, 'index.html');
  const html = reportHtml({
    title: 'latentlab reproduces "Generative autoencoder, DAE & VAE"',
    quick,
    generated: new Date().toISOString(),
    versions: versions(),
    threads,
    command: `${reproduceCommand(quick)}${options.only?.length ? ` --only ${options.only.join(' ')}` : ''}${options.reportOnly ? ' --report-only' : ''}`,
    fullCommand: reproduceCommand(false),
    timings,
    findings,
    sections,
  });
  writeFileAtomic(reportFile, html);
  writeFileAtomic(join(reportDir, 'findings.json'), `${JSON.stringify({ quick, timings, findings }, null, 1)}\n`);
  return { reportFile, figureFiles, timings };
}

/** A figure's chart as <id>.svg, <id>.png and its Vega-Lite spec <id>.vl.json; returns the SVG, the PNG's path and the compiler's warnings. */
async function writeFigure(figure: Figure, dir: string): Promise<{ svg: string; png: string; warnings: string[] }> {
  const { vega, warnings } = await compileChart(figure.chart);
  const svg = await chartSvg(vega);
  const png = join(dir, `${figure.id}.png`);
  writeFileAtomic(join(dir, `${figure.id}.svg`), svg);
  writeFileAtomic(png, svgToPng(svg));
  writeFileAtomic(join(dir, `${figure.id}.vl.json`), `${JSON.stringify(figure.chart)}\n`);
  return { svg, png, warnings };
}

/** The experiment and sweep times a previous report recorded (none when there is no readable one). */
function previousTrainingTimes(findingsFile: string): { label: string; seconds: number }[] {
  if (!existsSync(findingsFile)) return [];
  try {
    const { timings } = JSON.parse(readFileSync(findingsFile, 'utf8')) as { timings?: { label: string; seconds: number }[] };
    return (timings ?? []).filter((t) => t.label !== FIGURES_STAGE);
  } catch {
    return [];
  }
}
