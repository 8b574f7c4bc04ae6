import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { layerLayouts } from '../../../src/nn/network.js';
import { inferLayers } from '../../../src/nn/wasm-inference.js';
import { Matrix } from '../../../src/tensor/matrix.js';
import type { ExploredModel } from '../training/explored-model.js';
import type { Point } from './plane-geometry.js';

/** The panel's drawing width, in CSS pixels. */
const WIDTH = 274;
const WEIGHTS_HEIGHT = 150;
const DIAGRAM_HEIGHT = 92;

/** A value's colour on a diverging scale: blue below zero, red above, white at zero; `scale` is the largest magnitude. */
function diverging(value: number, scale: number): [number, number, number] {
  const t = scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
  return t >= 0 ? [255, Math.round(255 * (1 - t * 0.85)), Math.round(255 * (1 - t))] : [Math.round(255 * (1 + t)), Math.round(255 * (1 + t * 0.55)), 255];
}

const largest = (values: ArrayLike<number>) => {
  let top = 0;
  for (let i = 0; i < values.length; i++) top = Math.max(top, Math.abs(values[i]));
  return top;
};

/**
 * Look inside the autoencoder: its layers drawn with their widths; the weights of a chosen layer as
 * an image (one row per output, one column per input; red positive, blue negative); the activations
 * of every layer for a chosen training glyph (from the input) or for the pinned point of the plane
 * (from the code, through the decoder).
 */
export function NetworkPanel({ explored, pinned }: { explored: ExploredModel; pinned: Point | null }) {
  const [open, setOpen] = useState(false);
  if (explored.kind !== 'autoencoder') return null;
  const { sizes } = explored.model.network;
  return (
    <details class="network" data-testid="network" data-layers={sizes.join('-')} open={open} onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <h3>Inside the network</h3> <span class="hint">{sizes.join('-')}</span>
      </summary>
      {/* Drawn only while open: a wide network's weights and activations are costly to draw with every report. */}
      {open ? <NetworkInside explored={explored} pinned={pinned} /> : null}
    </details>
  );
}

function NetworkInside({ explored, pinned }: { explored: ExploredModel; pinned: Point | null }) {
  const [layer, setLayer] = useState(0);
  const [input, setInput] = useState('glyph:0');
  if (explored.kind !== 'autoencoder') return null;
  const { network, parameters } = explored.model;
  const { sizes, activations } = network;
  const shownLayer = Math.min(layer, sizes.length - 2);
  const labels = explored.image.labels;
  const fromPin = input === 'pinned' && pinned !== null;
  const glyph = Math.min(Number(input.slice('glyph:'.length)) || 0, labels.length - 1);
  return (
    <>
      <LayerDiagram sizes={sizes} codeLayer={explored.model.codeLayer} selected={shownLayer} />
      <div class="weight-picker" role="group" aria-label="weights to show">
        {sizes.slice(1).map((outputs, l) => (
          <button key={l} type="button" class="small" aria-pressed={l === shownLayer} onClick={() => setLayer(l)} title={`the weights from layer ${l} (${sizes[l]} wide) to layer ${l + 1} (${outputs} wide), ${activations[l]}`}>
            {sizes[l]}→{outputs}
          </button>
        ))}
      </div>
      <WeightsImage parameters={parameters} layout={layerLayouts(network)[shownLayer]} />
      <label class="activation-input">
        <span>Activations for</span>
        <select name="activationInput" value={fromPin ? 'pinned' : `glyph:${glyph}`} onInput={(event) => setInput((event.currentTarget as HTMLSelectElement).value)}>
          {explored.dataset
            ? labels.map((label, i) => (
                <option key={label} value={`glyph:${i}`}>
                  glyph {label}
                </option>
              ))
            : null}
          <option value="pinned" disabled={pinned === null}>
            the pinned point{pinned ? '' : ' (click the plane)'}
          </option>
        </select>
      </label>
      {fromPin || explored.dataset ? <Activations explored={explored} start={fromPin ? { code: pinned } : { glyph }} /> : <p class="hint">Pin a point on the plane to see the decoder's layers.</p>}
    </>
  );
}

/** The layers as bars whose heights grow with their widths, the code layer in orange, the chosen weights between two of them. */
function LayerDiagram({ sizes, codeLayer, selected }: { sizes: number[]; codeLayer: number; selected: number }) {
  const widest = Math.max(...sizes);
  const step = WIDTH / sizes.length;
  const x = (l: number) => step * (l + 0.5);
  const height = (size: number) => 6 + (DIAGRAM_HEIGHT - 26) * Math.sqrt(size / widest);
  const middle = (DIAGRAM_HEIGHT - 14) / 2;
  return (
    <svg class="layer-diagram" width={WIDTH} height={DIAGRAM_HEIGHT} role="img" aria-label={`layers ${sizes.join('-')}: the input, the encoder's hidden layers, the ${sizes[codeLayer]}-D code, the decoder's, the output`}>
      <rect x={x(selected)} y={middle - height(Math.min(sizes[selected], sizes[selected + 1])) / 2} width={step} height={height(Math.min(sizes[selected], sizes[selected + 1]))} class="chosen-weights" />
      {sizes.map((size, l) => (
        <g key={l}>
          <rect x={x(l) - 5} y={middle - height(size) / 2} width={10} height={height(size)} rx={2} class={l === codeLayer ? 'code-layer' : 'layer'} />
          <text x={x(l)} y={DIAGRAM_HEIGHT - 2} text-anchor="middle">
            {size}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** One layer's weight matrix as an image: outputs down, inputs across, scaled to the panel. */
function WeightsImage({ parameters, layout }: { parameters: Float64Array; layout: ReturnType<typeof layerLayouts>[number] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { inputs, outputs } = layout;
  const weights = parameters.subarray(layout.weights, layout.biases);
  const scale = largest(weights);
  // Whole screen pixels per weight when they fit, else the image is shrunk to the panel.
  const cell = Math.max(1, Math.min(12, Math.floor(Math.min(WIDTH / inputs, WEIGHTS_HEIGHT / outputs))));
  const width = Math.min(WIDTH, inputs * cell);
  const height = Math.min(WEIGHTS_HEIGHT, outputs * cell);
  useLayoutEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const image = new ImageData(inputs, outputs);
    // Weights are stored inputs x outputs, row-major: weight (i, o) at i * outputs + o.
    for (let o = 0; o < outputs; o++) {
      for (let i = 0; i < inputs; i++) {
        const [r, g, b] = diverging(weights[i * outputs + o], scale);
        const at = (o * inputs + i) * 4;
        image.data[at] = r;
        image.data[at + 1] = g;
        image.data[at + 2] = b;
        image.data[at + 3] = 255;
      }
    }
    const scratch = document.createElement('canvas');
    scratch.width = inputs;
    scratch.height = outputs;
    scratch.getContext('2d')!.putImageData(image, 0, 0);
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.round(width * ratio);
    element.height = Math.round(height * ratio);
    const context = element.getContext('2d')!;
    context.imageSmoothingEnabled = width < inputs || height < outputs;
    context.drawImage(scratch, 0, 0, element.width, element.height);
  }, [parameters, layout.weights, inputs, outputs]);
  return (
    <figure class="weights">
      <canvas
        ref={canvas}
        style={{ width: `${width}px`, height: `${height}px` }}
        role="img"
        aria-label={`weights from ${inputs} inputs to ${outputs} outputs, largest magnitude ${scale.toPrecision(3)}`}
        data-inputs={inputs}
        data-outputs={outputs}
        data-scale={scale}
      />
      <figcaption>
        {outputs} outputs × {inputs} inputs · red &gt; 0 &gt; blue, up to ±{scale.toPrecision(3)}
      </figcaption>
    </figure>
  );
}

/** Every layer's activations for a glyph (all layers) or a point of the plane (the code, then the decoder's layers), one strip a layer. */
function Activations({ explored, start }: { explored: ExploredModel; start: { glyph: number } | { code: Point } }) {
  if (explored.kind !== 'autoencoder') return null;
  const { network, parameters, codeLayer } = explored.model;
  const key = 'glyph' in start ? `glyph:${start.glyph}` : `code:${start.code.join(',')}`;
  const layers = useMemo(() => {
    if ('glyph' in start) {
      const row = Matrix.fromRows([explored.dataset!.inputs.row(start.glyph)]);
      return [{ layer: 0, values: row.data }, ...inferLayers(network, parameters, row).map((m, l) => ({ layer: l + 1, values: m.data }))];
    }
    const code = Matrix.fromRows([start.code]);
    return [{ layer: codeLayer, values: code.data }, ...inferLayers(network, parameters, code, codeLayer).map((m, l) => ({ layer: codeLayer + l + 1, values: m.data }))];
  }, [explored, key]);
  return (
    <div class="activations" data-testid="activations" data-input={key}>
      {layers.map(({ layer, values }) => (
        <ActivationStrip key={layer} layer={layer} values={values} activation={layer === 0 ? 'input' : network.activations[layer - 1]} code={layer === codeLayer} />
      ))}
    </div>
  );
}

/** One layer's activations as a strip of cells on the diverging scale of its largest magnitude. */
function ActivationStrip({ layer, values, activation, code }: { layer: number; values: Float64Array; activation: string; code: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scale = largest(values);
  const perRow = Math.min(values.length, 128);
  const rows = Math.ceil(values.length / perRow);
  const cell = Math.max(2, Math.min(14, Math.floor((WIDTH - 70) / perRow)));
  useLayoutEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.round(perRow * cell * ratio);
    element.height = Math.round(rows * cell * ratio);
    const context = element.getContext('2d')!;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    values.forEach((value, i) => {
      const [r, g, b] = diverging(value, scale);
      context.fillStyle = `rgb(${r}, ${g}, ${b})`;
      context.fillRect((i % perRow) * cell, Math.floor(i / perRow) * cell, cell, cell);
    });
  }, [values]);
  return (
    <div class={`activation${code ? ' code' : ''}`} data-layer={layer} data-values={JSON.stringify(Array.from(values))}>
      <span title={`layer ${layer}: ${values.length} values, ${activation}`}>
        {layer === 0 ? 'input' : code ? 'code' : `layer ${layer}`} <small>{values.length}</small>
      </span>
      <canvas ref={canvas} style={{ width: `${perRow * cell}px`, height: `${rows * cell}px` }} role="img" aria-label={`layer ${layer}: ${values.length} activations (${activation}), largest magnitude ${scale.toPrecision(3)}`} />
    </div>
  );
}
