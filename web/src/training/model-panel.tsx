import type { RefObject } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import type { ExportPart } from '../../../src/models/export/format.js';

/** The export formats offered beside Download (latentlab export's), as a student reads them. */
const EXPORT_FORMATS: readonly { format: string; label: string; title: string }[] = [
  { format: 'safetensors', label: 'safetensors', title: 'the weights as named tensors (.safetensors), for PyTorch, JAX or numpy' },
  { format: 'onnx', label: 'ONNX', title: 'the network as an ONNX graph (.onnx), for onnxruntime and Netron' },
  { format: 'tfjs', label: 'TensorFlow.js', title: 'a TensorFlow.js Layers model: model.json and weights.bin, kept in one folder' },
  { format: 'csv', label: 'CSV losses', title: 'the loss of every epoch (losses.csv), for a spreadsheet' },
];
const EXPORT_PARTS: readonly { part: ExportPart; label: string }[] = [
  { part: 'all', label: 'whole model' },
  { part: 'encoder', label: 'encoder' },
  { part: 'decoder', label: 'decoder' },
];

interface ModelPanelProps {
  /** What the model on screen is, or null when there is none. */
  description: string | null;
  /** Shown when there is no model. */
  emptyHint: string;
  /** Tooltip of the Open button. */
  openTitle: string;
  /** Tooltip of the Download button. */
  downloadTitle: string;
  onOpen(file: File): void;
  onDownload(): void;
  /** Downloads the model on screen in an export format (its part: the whole model, the encoder or the decoder). */
  onExport?(format: string, part: ExportPart): void;
  /** The hidden file input, for views that open it from a keyboard shortcut. */
  inputRef?: RefObject<HTMLInputElement | null>;
}

/** "from m.json: 35-20-2-20-35, font-3" or "trained here (ae-font-seed1): ...": a model's line in the panel. */
export function describeModel(source: { kind: 'training' | 'file'; name: string }, layers: string, imageName: string): string {
  return `${source.kind === 'file' ? `from ${source.name}` : `trained here (${source.name})`}: ${layers}, ${imageName}`;
}

/** Open a model file made by the CLI (or by this page), or download the one on screen in the same format. */
export function ModelPanel({ description, emptyHint, openTitle, downloadTitle, onOpen, onDownload, onExport, inputRef }: ModelPanelProps) {
  const ownInput = useRef<HTMLInputElement>(null);
  const input = inputRef ?? ownInput;
  const [format, setFormat] = useState('safetensors');
  const [part, setPart] = useState<ExportPart>('all');
  /** Every view has its panel: ids of its own for the labels. */
  const id = useId();
  const chosen = EXPORT_FORMATS.find((option) => option.format === format) ?? EXPORT_FORMATS[0];
  /** CSV losses hold the run's loss history, not a network: no part to choose. */
  const hasParts = format !== 'csv';
  return (
    <section class="model-panel">
      <h3>Model file</h3>
      <div class="buttons">
        <button type="button" onClick={() => input.current?.click()} title={openTitle}>
          Open…
        </button>
        <button type="button" onClick={onDownload} disabled={description === null} title={downloadTitle}>
          Download
        </button>
      </div>
      {onExport && (
        <div class="export" data-testid="export">
          <label for={`${id}-format`}>Export as</label>
          <select id={`${id}-format`} name="exportFormat" value={format} title={chosen.title} onChange={(event) => setFormat((event.currentTarget as HTMLSelectElement).value)}>
            {EXPORT_FORMATS.map((option) => (
              <option key={option.format} value={option.format} title={option.title}>
                {option.label}
              </option>
            ))}
          </select>
          <span />
          <label for={`${id}-part`}>Part</label>
          <select
            id={`${id}-part`}
            name="exportPart"
            value={hasParts ? part : 'all'}
            disabled={!hasParts}
            title={hasParts ? 'the whole autoencoder (images → images), its encoder (images → codes) or its decoder (codes → images)' : 'the losses belong to the whole run'}
            onChange={(event) => setPart((event.currentTarget as HTMLSelectElement).value as ExportPart)}
          >
            {EXPORT_PARTS.map((option) => (
              <option key={option.part} value={option.part}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="button" data-testid="export-download" disabled={description === null} title={`download ${chosen.title}`} onClick={() => onExport(format, hasParts ? part : 'all')}>
            Save
          </button>
        </div>
      )}
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="model-file-input"
        onChange={(event) => {
          const file = (event.currentTarget as HTMLInputElement).files?.[0];
          if (file) onOpen(file);
          (event.currentTarget as HTMLInputElement).value = '';
        }}
      />
      <p class="hint" data-testid="model-source">
        {description ?? emptyHint}
      </p>
    </section>
  );
}
