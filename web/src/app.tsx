import { Component, type ComponentChildren } from 'preact';
import type { ModelKindName } from '../../src/models/checkpoint.js';
import { useEffect, useState } from 'preact/hooks';
import { DenoisingView } from './denoise/denoising-view.js';
import { FontView } from './font/font-view.js';
import { openedLink } from './link.js';
import { VaeView } from './vae/vae-view.js';

type ViewName = 'font' | 'denoise' | 'vae';

const VIEWS: { name: ViewName; title: string }[] = [
  { name: 'font', title: 'Font autoencoder' },
  { name: 'denoise', title: 'Denoising pad' },
  { name: 'vae', title: 'VAE (emoji)' },
];

const KEYS: Record<ViewName, string> = {
  font: 'Space start/pause · R reset · F find glyphs · G grid · O open · Esc clear',
  denoise: 'Space start/pause · R reset · O open · pad: arrows, Enter',
  vae: 'Space start/pause · R reset · O open · click the plane to decode · Esc clear',
};

/** The view that shows each kind of model, when a model file of that kind is opened in another view. */
const VIEW_OF_KIND: Record<ModelKindName, ViewName> = { autoencoder: 'font', vae: 'vae' };

/** The explorer: one view per model family, and a page-level error line instead of a blank page. */
export function App() {
  const [view, setView] = useState<ViewName>(() => VIEWS.find(({ name }) => name === openedLink.get('view'))?.name ?? 'font');
  const [pageError, setPageError] = useState<string | null>(null);
  /** A model file opened in a view that does not show its kind, handed to the one that does. */
  const [handedOver, setHandedOver] = useState<{ view: ViewName; opened: { file: File } } | null>(null);
  const onOtherKind = (file: File, kind: ModelKindName) => {
    setHandedOver({ view: VIEW_OF_KIND[kind], opened: { file } });
    setView(VIEW_OF_KIND[kind]);
  };
  const viewProps = (name: ViewName) => ({ name, active: view === name, openedFile: handedOver?.view === name ? handedOver.opened : null, onOtherKind });
  useEffect(() => {
    const onError = (event: ErrorEvent) => setPageError(event.message);
    const onRejection = (event: PromiseRejectionEvent) => setPageError(String((event.reason as Error)?.message ?? event.reason));
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    return () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    };
  }, []);
  return (
    <>
      <header class="top">
        <h1>
          latentlab <span>explorer</span>
        </h1>
        <nav role="tablist">
          {VIEWS.map(({ name, title }) => (
            <button
              key={title}
              type="button"
              role="tab"
              aria-selected={name === view}
              onClick={() => setView(name)}
            >
              {title}
            </button>
          ))}
        </nav>
        <p class="keys">{KEYS[view]}</p>
      </header>
      {pageError ? (
        <div class="error page-error" role="alert">
          <span>Something went wrong: {pageError}</span>
          <button type="button" class="small" onClick={() => setPageError(null)} aria-label="dismiss">
            ✕
          </button>
        </div>
      ) : null}
      <ErrorBoundary>
        <FontView {...viewProps('font')} />
        <DenoisingView {...viewProps('denoise')} />
        <VaeView {...viewProps('vae')} />
      </ErrorBoundary>
    </>
  );
}

/** Shows a view's rendering error with a way back, instead of an empty page. */
class ErrorBoundary extends Component<{ children: ComponentChildren }, { error: Error | null }> {
  override state = { error: null as Error | null };

  override componentDidCatch(error: Error): void {
    console.error(error);
    this.setState({ error });
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div class="error crashed" role="alert">
        <p>This view stopped: {error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
