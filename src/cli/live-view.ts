/**
 * A block of lines redrawn in place on a terminal (cursor up, clear, print), at most every
 * `intervalMs`; the final frame is always drawn.
 */
export class LiveView {
  private drawnLines = 0;
  private lastDraw = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs = 150,
  ) {}

  draw(lines: string[], final = false): void {
    const now = Date.now();
    if (!final && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    const width = this.stream.columns || 120; // 0 when the terminal does not say
    const clipped = lines.map((line) => (line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line));
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : '';
    this.stream.write(`${up}\r\x1b[0J${clipped.join('\n')}\n`);
    this.drawnLines = clipped.length;
  }

  /** Leaves the current frame on screen: the next draw starts below it. */
  commit(): void {
    this.drawnLines = 0;
    this.lastDraw = 0;
  }
}

/** "1:05" or "12:30" or "1:02:03". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** A text progress bar: [########------] */
export function bar(fraction: number, width = 24): string {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
}
