import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ashaPromotions, rungEpochs, type RungResult } from '../../src/experiments/asha.js';
import { expandExperiment, parseExperiment } from '../../src/experiments/experiment-spec.js';
import { runTrial } from '../../src/io/trial-worker.js';
import { compareTrials, latestResults, type TrialRecord } from '../../src/experiments/leaderboard.js';
import { nextJobs, openSweep, runSweep, sweepLeaderboard, sweepTrials, type Sweep } from '../../src/experiments/sweep.js';

describe('ASHA rungs', () => {
  it('grow by the reduction factor from minEpochs and end at the spec\'s epochs', () => {
    expect(rungEpochs(100, 3, 2000)).toEqual([100, 300, 900, 2000]);
    expect(rungEpochs(100, 3, 900)).toEqual([100, 300, 900]);
    expect(rungEpochs(500, 2, 400)).toEqual([400]);
    expect(() => rungEpochs(0, 3, 10)).toThrow('asha minEpochs must be a positive whole number, got 0');
    expect(() => rungEpochs(10, 1, 100)).toThrow('asha reduction must be a whole number of at least 2, got 1');
  });
});

/** A hand-made rung table: [key, rung, loss, can go on]. */
type Row = [string, number, number, boolean?];
const table = (rows: Row[]) => rows.map(([key, rung, loss, canContinue = true]) => ({ key, rung, loss, canContinue }));
const byLoss = (a: { loss: number }, b: { loss: number }) => a.loss - b.loss;

/** The promotions for a table, where `promoted` lists the trials already sent to a higher rung (key -> rung). */
function promote(rows: Row[], promoted: Record<string, number> = {}, rungs = 3, reduction = 3) {
  return ashaPromotions<RungResult & { loss: number }>(table(rows), rungs, reduction, byLoss, (key) => promoted[key]);
}

describe('ASHA promotions on hand-made rung tables', () => {
  it('promote nothing until a rung has reduction results, then its best', () => {
    expect(promote([['a', 0, 0.5], ['b', 0, 0.2]])).toEqual([]);
    expect(promote([['a', 0, 0.5], ['b', 0, 0.2], ['c', 0, 0.9]])).toEqual([{ key: 'b', rung: 1 }]);
  });

  it('promote the best floor(n / reduction) of a rung, never twice', () => {
    const rung0: Row[] = [['a', 0, 0.5], ['b', 0, 0.2], ['c', 0, 0.9], ['d', 0, 0.1], ['e', 0, 0.7], ['f', 0, 0.3]];
    expect(promote(rung0)).toEqual([{ key: 'd', rung: 1 }, { key: 'b', rung: 1 }]);
    expect(promote(rung0, { d: 1 })).toEqual([{ key: 'b', rung: 1 }]);
    expect(promote(rung0, { d: 1, b: 1 })).toEqual([]);
  });

  it('a late better result takes a slot: the earlier promotion stands (asynchronous), and the newcomer goes too', () => {
    // a was promoted when a, b, c were in; d comes in better than a: top 1 of 4 is d.
    expect(promote([['a', 0, 0.3], ['b', 0, 0.5], ['c', 0, 0.9], ['d', 0, 0.1]], { a: 1 })).toEqual([{ key: 'd', rung: 1 }]);
  });

  it('higher rungs are promoted from their own results, highest first; the top rung never', () => {
    const rows: Row[] = [
      ['a', 0, 0.5], ['b', 0, 0.2], ['c', 0, 0.9], ['d', 0, 0.1], ['e', 0, 0.7], ['f', 0, 0.3],
      ['d', 1, 0.05], ['b', 1, 0.15], ['x', 1, 0.01],
      ['x', 2, 0.001], ['y', 2, 0.002], ['z', 2, 0.003],
    ];
    expect(promote(rows, { d: 1, b: 1, x: 2 })).toEqual([]);
    expect(promote(rows, { d: 1, b: 1 })).toEqual([{ key: 'x', rung: 2 }]);
    expect(promote(rows, {})).toEqual([{ key: 'x', rung: 2 }, { key: 'd', rung: 1 }, { key: 'b', rung: 1 }]);
  });

  it('a trial that cannot go on (goal met, diverged) keeps its place in the ranking but is not promoted', () => {
    expect(promote([['a', 0, 0.0, false], ['b', 0, 0.2], ['c', 0, 0.9]])).toEqual([]);
    expect(promote([['a', 0, 0.0, false], ['b', 0, 0.2], ['c', 0, 0.9], ['d', 0, 0.3], ['e', 0, 0.4], ['f', 0, 0.5]])).toEqual([{ key: 'b', rung: 1 }]);
  });
});

describe('a sweep with an ASHA schedule', () => {
  const experiment = parseExperiment({
    name: 'asha-test',
    title: 'ASHA on a few widths',
    kind: 'autoencoder',
    preset: 'ae-font',
    base: { training: { epochs: 900, optimizer: { name: 'adam', lr: 0.003 } } },
    axes: [{ name: 'width', paths: ['model.encoder', 'model.decoder'], values: [[4], [8], [12]] }],
    seeds: { first: 1, count: 3 },
    schedule: { name: 'asha', minEpochs: 100, reduction: 3 },
  });

  it('trains every trial to the first rung, promotes the best by going on from their checkpoints, and ends each at the numbers of a full run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-asha-'));
    const sweep = await openSweep(experiment, false, join(dir, 'asha.sqlite'));
    const grid = await openSweep({ ...experiment, schedule: undefined }, false, join(dir, 'grid.sqlite'));
    try {
      await runSweep(sweep, 1);
      await runSweep(grid, 1);
      const results = await sweep.store.results();
      const byRung = [0, 1, 2].map((rung) => results.filter((r) => r.rung === rung));
      expect(byRung[0]).toHaveLength(9);
      // Asynchronous: a trial is promoted as soon as it ranks in the best third of its rung so far, so
      // more than floor(n/3) may go on, but the best floor(n/3) of every rung's final table always do.
      for (const rung of [0, 1]) {
        const best = [...byRung[rung]].sort(compareTrials).slice(0, Math.floor(byRung[rung].length / 3));
        expect(best.length).toBeGreaterThan(0);
        for (const trial of best) expect(byRung[rung + 1].map((r) => r.key)).toContain(trial.key);
        expect(byRung[rung + 1].length).toBeLessThan(byRung[rung].length);
      }
      expect(new Set(byRung[1].map((r) => r.summary?.epochs))).toEqual(new Set([300]));
      // Each job started once: a promoted trial went on from its model file, never from zero.
      expect(await sweep.store.starts()).toHaveLength(results.length);
      const top = byRung[2][0];
      const curve = (await sweep.store.result(top.key, 2)) as { lossCurve: [number, number][]; epochs: number; finalLoss: number };
      expect(curve.lossCurve.at(-1)?.[0]).toBe(900);
      // The trial that reached the top rung ends exactly as the same trial trained 900 epochs in one go.
      const full = (await grid.store.results()).find((r) => r.key === top.key)!;
      expect({ ...top.summary, trainSeconds: 0 }).toEqual({ ...full.summary, trainSeconds: 0 });
      // A rung-1 trial is the grid's trial stopped at 300 epochs: its loss curve is the start of the full one.
      const rung1 = (await sweep.store.result(byRung[1][0].key, 1)) as { lossCurve: [number, number][] };
      const whole = (await grid.store.result(byRung[1][0].key)) as { lossCurve: [number, number][] };
      expect(rung1.lossCurve[0]).toEqual(whole.lossCurve[0]);
    } finally {
      await sweep.store.close();
      await grid.store.close();
    }
  });

  it('a promotion goes on from the model file of the rung below, and ends bit for bit as the trial trained in one go', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-asha-'));
    const trial = expandExperiment(experiment)[4];
    const at = (epochs: number) => ({ kind: trial.kind, spec: { ...trial.spec, training: { ...trial.spec.training, epochs } }, checkpointEvery: 100 });
    const promoted = join(dir, 'promoted.json');
    runTrial({ ...at(300), modelFile: promoted });
    const checkpoints: number[] = [];
    runTrial({ ...at(900), modelFile: promoted }, { onCheckpoint: (epochs) => checkpoints.push(epochs) });
    expect(checkpoints).toEqual([400, 500, 600, 700, 800]); // from epoch 300 on: a fresh run would checkpoint at 100 first
    const once = join(dir, 'once.json');
    runTrial({ ...at(900), modelFile: once });
    expect(readFileSync(promoted, 'utf8')).toBe(readFileSync(once, 'utf8'));
  });

  it('random search trains a seeded pick of whole variants within its budget', () => {
    const random = { ...experiment, schedule: undefined, search: { name: 'random' as const, trials: 7, seed: 5 } };
    const picked = sweepTrials(random, false);
    expect(picked).toHaveLength(6); // 2 variants of 3 seeds fit in 7 trials
    expect(new Set(picked.map((t) => t.variant.index)).size).toBe(2);
    expect(sweepTrials(random, false).map((t) => t.key)).toEqual(picked.map((t) => t.key));
    const picks = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => [...new Set(sweepTrials({ ...random, search: { ...random.search, seed } }, false).map((t) => t.variant.index))].join());
    expect(new Set(picks).size).toBeGreaterThan(1); // the pick depends on the seed
    expect(() => sweepTrials({ ...random, search: { ...random.search, trials: 2 } }, false)).toThrow('random search: a budget of 2 trials is less than one variant\'s 3 seeds');
  });
});

describe('ASHA promoting whole variants, on hand-made rung tables', () => {
  // 3 variants x 2 seeds; rungs 100, 200, 400 epochs; the best half of the variants of a rung go on.
  const experiment = parseExperiment({
    name: 'asha-variants',
    title: 'ASHA by variant',
    kind: 'autoencoder',
    preset: 'ae-font',
    base: { training: { epochs: 400 } },
    axes: [{ name: 'width', paths: ['model.encoder', 'model.decoder'], values: [[4], [8], [12]] }],
    seeds: { first: 1, count: 2 },
    schedule: { name: 'asha', minEpochs: 100, reduction: 2, promote: 'variant' },
  });
  let sweep: Sweep;
  beforeAll(async () => {
    sweep = await openSweep(experiment, false, join(mkdtempSync(join(tmpdir(), 'latentlab-asha-')), 'variants.sqlite'));
  });
  afterAll(() => sweep.store.close());

  /** A result: variant index (width 4, 8, 12), seed, rung, wrong pixels; `goal` when it met the goal and stopped there. */
  const result = (variant: number, seed: number, rung: number, wrongPixels: number, goal = false): TrialRecord => {
    const trial = sweep.trials.find((t) => t.variant.index === variant && t.seed === seed)!;
    const epochs = goal ? [60, 150, 300][rung] : [100, 200, 400][rung];
    return {
      key: trial.key,
      variant: trial.variant.label,
      variantIndex: variant,
      values: trial.variant.values,
      seed,
      rung,
      status: 'finished',
      summary: { finalLoss: wrongPixels / 1000, epochs, stoppedEarly: goal, trainSeconds: 1, wrongPixels, success: goal },
    };
  };
  /** The promotions due (jobs above rung 0) as "variant/seed@rung", given the results and the jobs `taken` ("key@rung"). */
  const promotions = (results: TrialRecord[], taken: string[] = []) =>
    nextJobs(sweep, results, new Set(taken))
      .filter((job) => job.rung > 0)
      .map((job) => `${sweep.byKey.get(job.key)!.variant.index}/${sweep.byKey.get(job.key)!.seed}@${job.rung}`);

  it('start variants in a seeded order, each with its seeds together', () => {
    const starts = nextJobs(sweep, [], new Set()).map((j) => sweep.byKey.get(j.key)!);
    expect(starts).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) expect([starts[i].variant.index, starts[i].seed, starts[i + 1].seed]).toEqual([starts[i + 1].variant.index, 1, 2]);
  });

  it('promote nothing until reduction variants have all their seeds in at a rung, then the better variant with all its seeds', () => {
    // Variant 0 is in; variant 1 has one seed of two: no variant is compared with another yet.
    expect(promotions([result(0, 1, 0, 50), result(0, 2, 0, 60), result(1, 1, 0, 10)], [])).toEqual([]);
    // Variant 1 complete: its median 25 wrong pixels beats variant 0's 55, so both its seeds go on; variant 0's wait.
    expect(promotions([result(0, 1, 0, 50), result(0, 2, 0, 60), result(1, 1, 0, 10), result(1, 2, 0, 40)])).toEqual(['1/1@1', '1/2@1']);
  });

  it('rank variants by their rung leaderboard rows: a variant whose seed met the goal beats lower median wrong pixels, and only its other seed goes on', () => {
    const results = [result(0, 1, 0, 1, true), result(0, 2, 0, 90), result(1, 1, 0, 10), result(1, 2, 0, 40)];
    expect(promotions(results)).toEqual(['0/2@1']);
    // Once promoted, never again: variant 0's rung-1 job is taken.
    expect(promotions(results, [`${result(0, 2, 1, 0).key}@1`])).toEqual([]);
  });

  it('a variant that ended below a rung counts there with its last result; the top rung promotes nothing', () => {
    const results = [
      result(0, 1, 0, 1, true), result(0, 2, 0, 90), result(1, 1, 0, 10), result(1, 2, 0, 40), result(2, 1, 0, 70), result(2, 2, 0, 80),
      // Rung 1: variant 0 (seed 1 ended at rung 0 with the goal) and variant 1 (promoted late: it was the best half of 3 at rung 0).
      result(0, 2, 1, 30), result(1, 1, 1, 5), result(1, 2, 1, 7),
    ];
    // Rung 1 has two variants in: variant 0 (1 of 2 met the goal) beats variant 1 (none): its seed 2 goes to rung 2.
    expect(promotions(results)).toEqual(['0/2@2']);
    expect(promotions([...results, result(0, 2, 2, 3)])).toEqual([]);
  });

  it('a sweep promotes whole variants: every seed of a variant ends at the same rung, and the leaderboard ranks those trained further first', async () => {
    const small = { ...experiment, name: 'asha-variants-run', base: { training: { epochs: 400, optimizer: { name: 'adam', lr: 0.003 } } } };
    const run = await openSweep(small, false, join(mkdtempSync(join(tmpdir(), 'latentlab-asha-')), 'run.sqlite'));
    try {
      const board = await runSweep(run, 1);
      const latest = latestResults(await run.store.results());
      const rungOf = new Map<number, Set<number>>();
      for (const r of latest) rungOf.set(r.variantIndex, new Set([...(rungOf.get(r.variantIndex) ?? []), r.rung]));
      for (const rungs of rungOf.values()) expect(rungs.size).toBe(1); // no seed is left behind (none of these meets the goal)
      expect(latest.every((r) => !r.summary?.success)).toBe(true);
      const reached = board.map((row) => [...rungOf.get(row.variantIndex)!][0]);
      expect(Math.max(...reached)).toBeGreaterThan(0);
      expect(reached).toEqual([...reached].sort((a, b) => b - a)); // equally unsuccessful: those trained further first
      expect(board.map((row) => row.pruned)).toEqual(reached.map((rung) => (rung === 2 ? 0 : 2)));
    } finally {
      await run.store.close();
    }
  });

  it('the leaderboard counts pruned trials as not successful, and of equal success rates ranks first the variant trained further', () => {
    const results = [
      result(0, 1, 0, 1, true), result(0, 2, 0, 90), result(1, 1, 0, 10), result(1, 2, 0, 40),
      result(0, 2, 1, 30), result(1, 1, 1, 5, true), result(1, 2, 1, 7), result(1, 2, 2, 2),
    ];
    const board = sweepLeaderboard(sweep, results);
    // Variant 1: one success, its other seed trained to the top rung; variant 0: one success, seed 2 pruned at rung 1.
    expect(board.map((row) => [row.variantIndex, row.successes, row.pruned])).toEqual([[1, 1, 0], [0, 1, 1]]);
  });
});
