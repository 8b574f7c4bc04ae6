import { useRef } from 'preact/hooks';
import type { ExploredModel } from './explored-model.js';

interface ModelPanelProps {
  explored: ExploredModel | null;
  onOpen(file: File): void;
  onDownload(): void;
}

/** Open a model file made by the CLI (or by this page), or download the one on screen in the same format. */
export function ModelPanel({ explored, onOpen, onDownload }: ModelPanelProps) {
  const input = useRef<HTMLInputElement>(null);
  const architecture = explored?.model.network.sizes.join('-');
  return (
    <section class="model-panel">
      <h3>Model file</h3>
      <div class="buttons">
        <button type="button" onClick={() => input.current?.click()} title="open a model.json written by latentlab train or by this page (O)">
          Open…
        </button>
        <button type="button" onClick={onDownload} disabled={!explored} title="save the model on screen as a latentlab model file">
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
        {explored
          ? `${explored.source.kind === 'file' ? `from ${explored.source.name}` : `trained here (${explored.source.name})`}: ${architecture}, ${explored.image.name}`
          : 'or drop a model file anywhere on the page'}
      </p>
    </section>
  );
}
