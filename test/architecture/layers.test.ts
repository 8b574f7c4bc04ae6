import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLayers, layerProblems } from '../../scripts/check-layers.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

describe('the layers of DESIGN.md', () => {
  it('hold in this repository: no import against the table, no Node built-in below io, no cycle', () => {
    expect(layerProblems(repository)).toEqual([]);
  });
});

describe('the layer check', () => {
  const root = mkdtempSync(join(tmpdir(), 'latentlab-layers-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A small repository, each file's text given by its path. */
  const files: Record<string, string> = {
    'src/tensor/matrix.ts': 'export class Matrix {}\n',
    'src/tensor/threads.ts': "import { Worker } from 'worker_threads';\nexport const threads = Worker;\n",
    'src/nn/reader.ts': "import { readFileSync } from 'node:fs';\nimport { Matrix } from '../tensor/matrix.js';\nexport const read = [readFileSync, Matrix];\n",
    'src/nn/node.d.ts': "import type { Stats } from 'node:fs';\nexport type S = Stats;\n",
    'src/data/glyph.ts': "import type { Picture } from './picture.js';\nexport interface Glyph { picture?: Picture }\n",
    'src/data/picture.ts': "export type { Glyph } from './glyph.js';\nexport interface Picture { width: number }\n",
    'src/plot/chart.ts': "import { study } from '../experiments/study.js';\nimport { Matrix } from '../tensor/matrix.js';\nexport const chart = [study, Matrix];\n",
    'src/io/disk.ts': "import { readFileSync } from 'node:fs';\nimport { chart } from '../plot/chart.js';\nexport const disk = [readFileSync, chart];\n",
    'src/experiments/study.ts': "import type { Stats } from 'fs';\nexport const study = 1;\nexport type S = Stats;\n",
    'src/cli/main.ts': "import { study } from '../experiments/study.js';\nimport { disk } from '../io/disk.js';\nexport const main = [study, disk];\n",
    'web/src/view.tsx':
      "import emoji from '../../data/emoji-8.json?raw';\nimport { chart } from '../../src/plot/chart.js';\nimport { disk } from '../../src/io/disk.js';\n" +
      'export const view = [emoji, chart, disk];\n',
    'web/src/vite-env.d.ts': '/// <reference types="vite/client" />\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }

  it('reports each import against the table, each Node built-in below io and each cycle, type-only imports included', () => {
    expect(layerProblems(root)).toEqual([
      'src/plot/chart.ts imports src/experiments/study.ts (plot may import runs, eval, models, nn, data, tensor)',
      'web/src/view.tsx imports src/io/disk.ts (web/src may import runs, plot, eval, models, nn, data, tensor)',
      'src/nn/reader.ts imports node:fs (Node built-ins only in io, experiments, cli)',
      'src/tensor/threads.ts imports worker_threads (Node built-ins only in io, experiments, cli)',
      'cycle: src/data/glyph.ts -> src/data/picture.ts -> src/data/glyph.ts',
    ]);
  });

  it('reads every .ts/.tsx file but no .d.ts, and sorts problems by rule', () => {
    const report = checkLayers(root);
    expect([report.files, report.tableBreaks.length, report.nodeImports.length, report.cycles.length]).toEqual([10, 2, 2, 1]);
  });

  it('names the files of a bigger knot, a file outside the table, and a file that imports itself', () => {
    const knot = mkdtempSync(join(tmpdir(), 'latentlab-knot-'));
    try {
      const knotFiles: Record<string, string> = {
        'src/models/a.ts': "import './b.js';\n",
        'src/models/b.ts': "import './c.js';\nimport './d.js';\n",
        'src/models/c.ts': "import './a.js';\n",
        'src/models/d.ts': "import './b.js';\n",
        'src/models/self.ts': "export * from './self.js';\n",
        'src/util/helper.ts': "import '../models/a.js';\n",
      };
      for (const [path, text] of Object.entries(knotFiles)) {
        mkdirSync(dirname(join(knot, path)), { recursive: true });
        writeFileSync(join(knot, path), text);
      }
      expect(layerProblems(knot)).toEqual([
        'src/util/helper.ts is in no layer of the table (src/ folders: tensor, nn, data, models, eval, runs, plot, io, experiments, cli)',
        'cycle: src/models/a.ts -> src/models/b.ts -> src/models/c.ts -> src/models/a.ts (one of the cycles among 4 files; also src/models/d.ts)',
        'cycle: src/models/self.ts -> src/models/self.ts',
      ]);
    } finally {
      rmSync(knot, { recursive: true, force: true });
    }
  });
});
