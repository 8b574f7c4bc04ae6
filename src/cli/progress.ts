import { formatCount } from '../data/format-count.js';

export interface Progress {
  update(epoch: number, loss: number): void;
  stop(): void;
}

const REDRAW_MS = 100;

/**
 * Progress on stderr, so stdout carries only the report (or JSON): a bar with epoch, loss, training
 * speed (samples/s, when the rows per epoch are given) and ETA when stderr is a terminal (a
 * continued run starts at `firstEpoch`); otherwise a plain line at every tenth of the run. The bar's
 * package (and Node's readline under it) loads only for a terminal.
 */
export async function createProgress(totalEpochs: number, rowsPerEpoch?: number, firstEpoch = 0): Promise<Progress> {
  const started = Date.now();
  const speed = (epoch: number): string => {
    const seconds = (Date.now() - started) / 1000;
    return rowsPerEpoch && seconds > 0 ? ` | ${formatCount(Math.round(((epoch - firstEpoch) * rowsPerEpoch) / seconds))} samples/s` : '';
  };
  if (process.stderr.isTTY) {
    const { SingleBar, Presets } = await import('cli-progress');
    const bar = new SingleBar(
      { format: 'epoch {value}/{total} {bar} loss {loss}{speed} | ETA {eta_formatted}', stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(totalEpochs, firstEpoch, { loss: '-', speed: '' });
    let last = 0;
    return {
      update(epoch, loss) {
        const now = Date.now();
        if (now - last < REDRAW_MS && epoch !== totalEpochs) return;
        last = now;
        bar.update(epoch, { loss: loss.toPrecision(4), speed: speed(epoch) });
      },
      stop: () => bar.stop(),
    };
  }
  const every = Math.max(1, Math.round(totalEpochs / 10));
  return {
    update(epoch, loss) {
      if (epoch % every === 0) process.stderr.write(`epoch ${epoch}/${totalEpochs}  loss ${loss.toPrecision(4)}${speed(epoch)}\n`);
    },
    stop() {},
  };
}
