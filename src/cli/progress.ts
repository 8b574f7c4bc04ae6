import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(epoch: number, loss: number): void;
  stop(): void;
}

const REDRAW_MS = 100;

/**
 * A progress bar with epoch, loss and ETA when stdout is a terminal; otherwise a plain line at
 * every tenth of the run, on stdout (or stderr when stdout carries JSON).
 */
export function createProgress(totalEpochs: number, jsonOnStdout: boolean): Progress {
  if (process.stdout.isTTY && !jsonOnStdout) {
    const bar = new SingleBar(
      { format: 'epoch {value}/{total} {bar} loss {loss} | ETA {eta_formatted}', stream: process.stdout, hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(totalEpochs, 0, { loss: '-' });
    let last = 0;
    return {
      update(epoch, loss) {
        const now = Date.now();
        if (now - last < REDRAW_MS && epoch !== totalEpochs) return;
        last = now;
        bar.update(epoch, { loss: loss.toPrecision(4) });
      },
      stop: () => bar.stop(),
    };
  }
  const stream = jsonOnStdout ? process.stderr : process.stdout;
  const every = Math.max(1, Math.round(totalEpochs / 10));
  return {
    update(epoch, loss) {
      if (epoch % every === 0) stream.write(`epoch ${epoch}/${totalEpochs}  loss ${loss.toPrecision(4)}\n`);
    },
    stop() {},
  };
}
