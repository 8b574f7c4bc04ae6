import { describe, expect, it } from 'vitest';
import { leaderboardLines } from '../../src/cli/leaderboard-table.js';
import type { LeaderboardRow } from '../../src/experiments/leaderboard.js';

const row = (variant: string, successes: number, pruned: number): LeaderboardRow => ({
  variant,
  variantIndex: 0,
  values: {},
  trials: 4,
  diverged: 0,
  pruned,
  successes,
  successRate: successes / 4,
  meanSeconds: 1,
});

describe('leaderboardLines', () => {
  it('marks the variants stopped below the last rung on every seed, so that they are not read as finalists', () => {
    const lines = leaderboardLines([row('w35', 3, 1), row('w20', 0, 0), row('w30', 0, 4), row('w33', 0, 4)], 3);
    expect(lines.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      '# variant',
      '1 w35',
      '2 w20',
      '-- every',
      '3 w30',
      '... 1',
    ]);
    expect(lines[4]).toContain('0/4 (4 pruned)');
  });

  it('adds no such line when every variant trained on', () => {
    const lines = leaderboardLines([row('a', 4, 0), row('b', 2, 2)], 5);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain('--');
  });
});
