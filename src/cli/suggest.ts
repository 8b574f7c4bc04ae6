/** The number of single-character edits (insert, delete, replace, swap two neighbours) from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The name nearest to a mistyped one (at most 2 edits, or a prefix of it), or undefined when none is near. */
export function closestName(typed: string, names: readonly string[]): string | undefined {
  const scored = names.map((name) => ({ name, distance: name.startsWith(typed) && typed.length >= 2 ? 0.5 : editDistance(typed, name) }));
  const best = scored.sort((x, y) => x.distance - y.distance)[0];
  return best && best.distance <= Math.min(2, Math.max(1, Math.floor(typed.length / 2))) ? best.name : undefined;
}
