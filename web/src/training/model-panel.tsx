import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';

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
  /** The hidden file input, for views that open it from a keyboard shortcut. */
  inputRef?: RefObject<HTMLInputElement | null>;
}

/** "from m.json: 35-20-2-20-35, font-3" or "trained here (ae-font-seed1): ...": a model's line in the panel. */
export function describeModel(source: { kind: 'training' | 'file'; name: string }, layers: string, imageName: string): string {
  return `${source.kind === 'file' ? `from ${source.name}` : `trained here (${source.name})`}: ${layers}, ${imageName}`;
}

/** Open a model file made by the CLI (or by this page), or download the one on screen in the same format. */
export function ModelPanel({ description, emptyHint, openTitle, downloadTitle, onOpen, onDownload, inputRef }: ModelPanelProps) {
  const ownInput = useRef<HTMLInputElement>(null);
  const input = inputRef ?? ownInput;
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
