/**
 * The layer check of DESIGN.md: every import of every .ts/.tsx file under src/ and web/src is read
 * with the TypeScript compiler's import scanner and held against the table of which folder may
 * import which, the rule that Node built-ins appear only in io, experiments and cli, and the rule
 * that no files import each other in a circle (type-only imports included).
 *
 *     npx tsx scripts/check-layers.ts     (npm run check:layers)
 *
 * prints every problem and exits 1 if there is any. test/architecture/layers.test.ts runs it too.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** A row of the table: a folder under src/, or the explorer's web/src. */
type Layer = 'tensor' | 'nn' | 'data' | 'models' | 'eval' | 'runs' | 'plot' | 'io' | 'experiments' | 'cli' | 'web';

const SRC_LAYERS = ['tensor', 'nn', 'data', 'models', 'eval', 'runs', 'plot', 'io', 'experiments', 'cli'] as const;
const EVERYTHING_IN_SRC: readonly Layer[] = SRC_LAYERS;

/** Which layers each layer may import besides itself, lowest last (DESIGN.md's table). */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  tensor: [],
  nn: ['tensor'],
  data: ['tensor'],
  models: ['nn', 'data', 'tensor'],
  eval: ['models', 'nn', 'data', 'tensor'],
  runs: ['eval', 'models', 'nn', 'data', 'tensor'],
  plot: ['runs', 'eval', 'models', 'nn', 'data', 'tensor'],
  io: ['plot', 'runs', 'eval', 'models', 'nn', 'data', 'tensor'],
  experiments: ['io', 'plot', 'runs', 'eval', 'models', 'nn', 'data', 'tensor'],
  cli: EVERYTHING_IN_SRC,
  web: ['runs', 'plot', 'eval', 'models', 'nn', 'data', 'tensor'],
};

/** The layers whose files may import Node built-ins; everything else runs in a Web Worker too. */
const NODE_LAYERS: readonly Layer[] = ['io', 'experiments', 'cli'];

/** The folders checked, relative to the repository root. */
const CHECKED_ROOTS = ['src', 'web/src'];

/** One import of a checked file: the file it names (repo-relative, '/'-separated) or a package / Node built-in. */
type Import = { kind: 'file'; specifier: string; target: string } | { kind: 'package'; specifier: string };

/** A checked file and its imports. */
interface SourceFile {
  /** Repo-relative path with '/' separators, e.g. 'src/nn/stack.ts'. */
  path: string;
  imports: Import[];
}

/** The problems found, by rule, and how many files were read. */
export interface LayerReport {
  files: number;
  /** Files outside every row of the table, and imports against it. */
  tableBreaks: string[];
  /** Node built-ins imported outside io, experiments and cli. */
  nodeImports: string[];
  /** One line per knot of files that import each other. */
  cycles: string[];
}

/** Every problem the layer check finds under `root` (a repository with src/ and maybe web/src), one line each. */
export function layerProblems(root: string): string[] {
  const report = checkLayers(root);
  return [...report.tableBreaks, ...report.nodeImports, ...report.cycles];
}

/** The layer check under `root`, its problems sorted by rule. */
export function checkLayers(root: string): LayerReport {
  const files = readSourceFiles(root);
  return {
    files: files.length,
    tableBreaks: files.flatMap(tableBreaks),
    nodeImports: files.flatMap(nodeImports),
    cycles: importCycles(files),
  };
}

// ---- reading files and their imports ----

function readSourceFiles(root: string): SourceFile[] {
  const paths = CHECKED_ROOTS.flatMap((folder) => typeScriptFiles(root, folder));
  return paths.map((path) => ({ path, imports: readImports(root, path) }));
}

/** The .ts/.tsx files (not .d.ts) under `folder`, repo-relative, sorted. */
function typeScriptFiles(root: string, folder: string): string[] {
  const start = join(root, folder);
  if (!existsSync(start)) return [];
  const entries = readdirSync(start, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => repoPath(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** Every import, export-from, dynamic import and require of a file, type-only ones included. */
function readImports(root: string, path: string): Import[] {
  const text = readFileSync(join(root, path), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map(({ fileName: specifier }) => {
    if (!specifier.startsWith('.')) return { kind: 'package', specifier };
    return { kind: 'file', specifier, target: resolveRelative(root, path, specifier) };
  });
}

/**
 * The file a relative specifier names, repo-relative: './x.js' is './x.ts' or './x.tsx' when one
 * exists (NodeNext style), an extensionless one may also be a folder's index (bundler style); a
 * query such as '?raw' is dropped. A file that exists under none of these names keeps the name given.
 */
function resolveRelative(root: string, from: string, specifier: string): string {
  const named = resolve(root, dirname(from), specifier.replace(/[?#].*$/, ''));
  const stem = named.replace(/\.(js|jsx|mjs)$/, '');
  const candidates = [`${stem}.ts`, `${stem}.tsx`, named, join(named, 'index.ts'), join(named, 'index.tsx')];
  return repoPath(root, candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? named);
}

function repoPath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

// ---- the table ----

/** The layer a repo-relative path belongs to; undefined outside src/ and web/src, or in a folder the table lacks. */
function layerOf(path: string): Layer | undefined {
  if (path.startsWith('web/src/')) return 'web';
  const match = /^src\/([^/]+)\//.exec(path);
  return SRC_LAYERS.find((layer) => layer === match?.[1]);
}

/** Whether a repo-relative path is under one of the checked roots (anything else is not a layer import). */
function isChecked(path: string): boolean {
  return CHECKED_ROOTS.some((folder) => path.startsWith(`${folder}/`));
}

function describeLayer(layer: Layer): string {
  return layer === 'web' ? 'web/src' : layer;
}

function allowedList(layer: Layer): string {
  if (layer === 'cli') return 'cli may import anything in src';
  const allowed = MAY_IMPORT[layer];
  return allowed.length === 0 ? `${describeLayer(layer)} may import nothing` : `${describeLayer(layer)} may import ${allowed.join(', ')}`;
}

/** A file outside every row of the table, and each of its imports that the table forbids. */
function tableBreaks(file: SourceFile): string[] {
  const layer = layerOf(file.path);
  if (!layer) return [`${file.path} is in no layer of the table (src/ folders: ${SRC_LAYERS.join(', ')})`];
  const problems: string[] = [];
  for (const found of file.imports) {
    if (found.kind !== 'file' || !isChecked(found.target)) continue;
    const targetLayer = layerOf(found.target);
    if (targetLayer === layer || (targetLayer && MAY_IMPORT[layer].includes(targetLayer))) continue;
    problems.push(`${file.path} imports ${found.target} (${allowedList(layer)})`);
  }
  return problems;
}

// ---- Node built-ins ----

const NODE_BUILTINS = new Set(builtinModules);

/** 'node:fs', 'fs', 'fs/promises', 'worker_threads': a module Node provides, which a Web Worker lacks. */
function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]);
}

function nodeImports(file: SourceFile): string[] {
  const layer = layerOf(file.path);
  if (layer && NODE_LAYERS.includes(layer)) return [];
  return file.imports
    .filter((found) => found.kind === 'package' && isNodeBuiltin(found.specifier))
    .map((found) => `${file.path} imports ${found.specifier} (Node built-ins only in ${NODE_LAYERS.join(', ')})`);
}

// ---- cycles ----

/** One line per strongly connected knot of files: its shortest cycle, and the knot's other files if any. */
function importCycles(files: SourceFile[]): string[] {
  const graph = importGraph(files);
  return stronglyConnected(graph)
    .filter((knot) => knot.length > 1 || graph.get(knot[0])?.includes(knot[0]))
    .map((knot) => describeKnot(graph, knot));
}

/** File -> the checked files it imports (each once, sorted), for files that exist. */
function importGraph(files: SourceFile[]): Map<string, string[]> {
  const known = new Set(files.map((file) => file.path));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = file.imports.flatMap((found) => (found.kind === 'file' && known.has(found.target) ? [found.target] : []));
    graph.set(file.path, [...new Set(targets)].sort());
  }
  return graph;
}

/** Tarjan's strongly connected components, each sorted, in order of their first file. */
function stronglyConnected(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    lowest.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowest.set(node, Math.min(lowest.get(node) ?? 0, lowest.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowest.set(node, Math.min(lowest.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (lowest.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    components.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

/** "cycle: a.ts -> b.ts -> a.ts", the shortest one through the knot's first file, naming the rest of a bigger knot. */
function describeKnot(graph: Map<string, string[]>, knot: string[]): string {
  const cycle = shortestCycle(graph, knot[0], new Set(knot));
  const line = `cycle: ${[...cycle, knot[0]].join(' -> ')}`;
  const others = knot.filter((file) => !cycle.includes(file));
  return others.length === 0 ? line : `${line} (one of the cycles among ${knot.length} files; also ${others.join(', ')})`;
}

/** The files of the shortest path from `start` back to itself inside `knot`, `start` first (breadth first). */
function shortestCycle(graph: Map<string, string[]>, start: string, knot: Set<string>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const next of graph.get(node) ?? []) {
      if (!knot.has(next)) continue;
      if (next === start) return pathTo(cameFrom, start, node);
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, node);
      queue.push(next);
    }
  }
  return [start];
}

function pathTo(cameFrom: Map<string, string>, start: string, end: string): string[] {
  const path = [end];
  for (let node = end; node !== start; ) {
    const previous = cameFrom.get(node);
    if (previous === undefined) break;
    path.unshift(previous);
    node = previous;
  }
  return path;
}

// ---- the command ----

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const report = checkLayers(root);
  for (const problem of [...report.tableBreaks, ...report.nodeImports, ...report.cycles]) console.log(problem);
  console.log(
    `layers: ${report.files} files checked (${CHECKED_ROOTS.join(', ')}): ${report.tableBreaks.length} imports against the table, ` +
      `${report.nodeImports.length} node: imports outside ${NODE_LAYERS.join('/')}, ${report.cycles.length} cycles`,
  );
  if (report.tableBreaks.length + report.nodeImports.length + report.cycles.length > 0) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
