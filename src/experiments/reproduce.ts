import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../cli/files.js';
import { loadDataset } from '../cli/load-dataset.js';
import { loadModel } from '../cli/model-file.js';
import { versions } from '../cli/versions.js';
import type { Dataset } from '../data/dataset.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { chartSvg, svgToPng } from '../plot/render.js';
import { reportHtml, type ReportFinding, type ReportSection } from '../plot/report-html.js';
import type { AutoencoderRunSpec } from './autoencoder-spec.js';
import { shippedExperiment } from './experiment-file.js';
import { leaderboard } from './leaderboard.js';
import type { FinishedDocument, ResultDocument } from './result-document.js';
import { loadExperimentResults, runExperiment } from './run-experiment.js';
import { pendingStudies, selectStudies } from './studies.js';
import type { StudyContext } from './study.js';
import { openSweep, runSweep, type SweepProgress } from './sweep.js';
import { SweepStore } from './sweep-store.js';

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
  | { type: 'figure'; id: string; seconds: number }
  | { type: 'stage'; label: string; seconds: number };

export interface ReproduceSummary {
  reportFile: string;
  figureFiles: string[];
  timings: { label: string; seconds: number }[];
}

export function defaultReproduceDir(quick: boolean): string {
  return join('out', quick ? 'reproduce-quick' : 'reproduce');
}

/** The command line that reproduces a study (or everything), as the report prints it. */
export function reproduceCommand(quick: boolean, study?: string): string {
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
  const timings: { label: string; seconds: number }[] = [];
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
  const results = new Map<string, ResultDocument[]>();
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
      const store = openSweep(spec, quick, sweepFile(name));
      try {
        await timed(`sweep ${name}`, () => runSweep(store, threads, (progress) => onEvent?.({ type: 'sweep', name, progress })));
      } finally {
        store.close();
      }
    }
  }

  const models = new Map<string, Autoencoder>();
  const datasets = new Map<string, Dataset>();
  const context: StudyContext = {
    quick,
    results(name) {
      const documents = results.get(name);
      if (!documents) throw new Error(`study asked for experiment "${name}", which it does not list`);
      return documents;
    },
    sweep(name) {
      if (!existsSync(sweepFile(name))) throw new Error(`no sweep store ${sweepFile(name)}; run without --report-only first`);
      const store = SweepStore.open(sweepFile(name));
      try {
        const records = store.records();
        if (records.length < store.gridSize) throw new Error(`sweep ${sweepFile(name)} has ${records.length} of ${store.gridSize} trials; run without --report-only to finish it`);
        return { records, board: leaderboard(records) };
      } finally {
        store.close();
      }
    },
    model(document: FinishedDocument) {
      const file = document.files.model;
      if (!models.has(file)) models.set(file, loadModel(file).model);
      return models.get(file) as Autoencoder;
    },
    dataset(document: FinishedDocument) {
      const data = (document.spec as unknown as AutoencoderRunSpec).data;
      const key = JSON.stringify(data);
      if (!datasets.has(key)) datasets.set(key, loadDataset(data));
      return datasets.get(key) as Dataset;
    },
  };

  const sections: ReportSection[] = [];
  const findings: ReportFinding[] = [];
  const figureFiles: string[] = [];
  await timed('figures and report', async () => {
    for (const study of selected) {
      const output = study.build(context);
      const command = reproduceCommand(quick, study.name);
      const figures = [];
      for (const figure of output.figures) {
        const started = performance.now();
        const svg = await chartSvg(figure.chart);
        const files = { svg: join(reportDir, 'figures', `${figure.id}.svg`), png: join(reportDir, 'figures', `${figure.id}.png`), spec: join(reportDir, 'figures', `${figure.id}.vl.json`) };
        writeFileAtomic(files.svg, svg);
        writeFileAtomic(files.png, svgToPng(svg));
        writeFileAtomic(files.spec, `${JSON.stringify(figure.chart)}\n`);
        figureFiles.push(files.png);
        figures.push({ id: figure.id, title: figure.title, caption: figure.caption, svg, png: relative(reportDir, files.png) });
        onEvent?.({ type: 'figure', id: figure.id, seconds: (performance.now() - started) / 1000 });
      }
      sections.push({ name: study.name, title: study.title, question: study.question, command, figures, tables: output.tables ?? [], notes: output.notes ?? [] });
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
    pending: options.only?.length ? [] : pendingStudies,
  });
  writeFileAtomic(reportFile, html);
  writeFileAtomic(join(reportDir, 'findings.json'), `${JSON.stringify({ quick, timings, findings }, null, 1)}\n`);
  return { reportFile, figureFiles, timings };
}
