import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reproduce } from '../../src/experiments/reproduce.js';

describe('latentlab reproduce', () => {
  it('writes the report with the study-vs-latentlab table and each section\'s command', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'latentlab-reproduce-'));
    const summary = await reproduce({ quick: true, only: ['dae-floor'], outDir, threads: 1 });
    expect(summary.reportFile).toBe(join(outDir, 'report', 'index.html'));
    const html = readFileSync(summary.reportFile, 'utf8');
    expect(html).toContain('QUICK RUN');
    expect(html).toContain('The study vs latentlab');
    expect(html).toContain('latentlab reproduce --quick --only dae-floor');
    expect(html).toMatch(/&quot;l&quot; and &quot;\|&quot; differ in 2 pixels/);
    const findings = JSON.parse(readFileSync(join(outDir, 'report', 'findings.json'), 'utf8')) as { findings: { topic: string; latentlab: string }[] };
    const floor = findings.findings.find((f) => f.topic.startsWith('Reference denoiser floor at p = 0.2'));
    // 20,000 glyphs with 7 of 35 pixels flipped: the nearest glyph gets about 8% of them wrong.
    expect(Number(/([\d.]+)% wrong glyphs/.exec(floor!.latentlab)![1])).toBeGreaterThan(7);
    expect(Number(/([\d.]+)% wrong glyphs/.exec(floor!.latentlab)![1])).toBeLessThan(10);
  });

  it('--report-only names the experiment whose results are missing', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'latentlab-reproduce-'));
    await expect(reproduce({ quick: true, only: ['ae-layers'], outDir, threads: 1, reportOnly: true })).rejects.toThrow(/experiment "ae-layers" has 15 of 15 runs missing/);
    expect(existsSync(join(outDir, 'report', 'index.html'))).toBe(false);
  });

  it('refuses an unknown study, listing the studies', async () => {
    await expect(reproduce({ quick: true, only: ['ae-bset'], threads: 1 })).rejects.toThrow(/unknown study "ae-bset"; valid: ae-best, /);
  });
});
