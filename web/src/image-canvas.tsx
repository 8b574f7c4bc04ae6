import { useLayoutEffect, useRef } from 'preact/hooks';
import { drawCells } from './canvas.js';

interface ImageCanvasProps {
  values: ArrayLike<number>;
  width: number;
  height: number;
  /** CSS pixels per image pixel. */
  cell: number;
  binary: boolean;
  marked?: ArrayLike<boolean>;
  label: string;
}

/** Pixels to draw as ink on white: a luminance image (1 = white, an emoji's) is flipped first. */
export const asInk = (values: ArrayLike<number>, mode: 'ink' | 'luminance' | undefined): ArrayLike<number> => (mode === 'luminance' ? Array.from(values, (v) => 1 - v) : values);

/** One image drawn as cells, in grey levels or binarized; the binarized bits are in data-bits for tests and tools. */
export function ImageCanvas({ values, width, height, cell, binary, marked, label }: ImageCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = width * cell * ratio;
    element.height = height * cell * ratio;
    const context = element.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawCells(context, values, { width, height }, 0, 0, cell, { binary, marked });
  });
  const bits = binary ? Array.from(values, (v) => (v >= 0.5 ? 1 : 0)).join('') : undefined;
  return <canvas ref={canvas} class="image" style={{ width: `${width * cell}px`, height: `${height * cell}px` }} role="img" aria-label={label} data-bits={bits} />;
}

/**
 * An image shown twice side by side, as a panel reads a model's output: in grey levels, and binarized
 * at 0.5 with `marked` pixels framed (the binarized figure's test id is `${name}-binary`).
 */
export function GreyAndBinary({ values, width, height, cell, marked, name }: Omit<ImageCanvasProps, 'binary' | 'label'> & { name: string }) {
  return (
    <div class="decoded-images">
      <figure>
        <ImageCanvas values={values} width={width} height={height} cell={cell} binary={false} label={`${name} grey levels`} />
        <figcaption>grey levels</figcaption>
      </figure>
      <figure data-testid={`${name}-binary`}>
        <ImageCanvas values={values} width={width} height={height} cell={cell} binary marked={marked} label={`${name}, binarized at 0.5`} />
        <figcaption>binarized</figcaption>
      </figure>
    </div>
  );
}
