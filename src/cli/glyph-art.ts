/** Text pictures of binary images, for terminals: '#' ink, '.' paper. */

const INK = '#';
const PAPER = '.';
const MISSING = 'o';
const EXTRA = 'x';

export const ART_LEGEND = `${INK} ink, ${PAPER} paper, ${MISSING} ink the model left out, ${EXTRA} ink the model added`;

/** Lines of one image, binarized at 0.5. */
export function art(pixels: ArrayLike<number>, width: number, height: number): string[] {
  return Array.from({ length: height }, (_, r) =>
    Array.from({ length: width }, (_, c) => (pixels[r * width + c] >= 0.5 ? INK : PAPER)).join(''),
  );
}

/** Lines of an output drawn against its target: wrong pixels show as 'o' (missing ink) or 'x' (extra ink). */
export function diffArt(output: ArrayLike<number>, target: ArrayLike<number>, width: number, height: number): string[] {
  return Array.from({ length: height }, (_, r) =>
    Array.from({ length: width }, (_, c) => {
      const i = r * width + c;
      const want = target[i] >= 0.5;
      const got = output[i] >= 0.5;
      if (want === got) return want ? INK : PAPER;
      return want ? MISSING : EXTRA;
    }).join(''),
  );
}

/** Pictures side by side, each column padded to its own width. */
export function sideBySide(columns: string[][], gap = '   '): string[] {
  const height = Math.max(...columns.map((c) => c.length));
  const widths = columns.map((c) => Math.max(0, ...c.map((line) => line.length)));
  return Array.from({ length: height }, (_, r) => columns.map((c, i) => (c[r] ?? '').padEnd(widths[i])).join(gap).trimEnd());
}
