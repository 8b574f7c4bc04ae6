import { Component, type ComponentChildren } from 'preact';
import type { ModelKindName } from '../../src/models/checkpoint.js';
import { useEffect, useState } from 'preact/hooks';
import { DenoisingView } from './denoise/denoising-view.js';
import { Explainer } from './explain/explainer.js';
import { Tour, TOURS } from './explain/tour.js';
import { FontView } from './font/font-view.js';
import { openedLink } from './link.js';
import { DARK_QUERY } from './palette.js';
import { VaeView } from './vae/vae-view.js';

export type ViewName = 'font' | 'denoise' | 'vae';

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
  const [touring, setTouring] = useState(false);
  // The canvases draw in the colours of the system's scheme: a change of scheme redraws the page.
  const [, setScheme] = useState(false);
  useEffect(() => {
    const query = matchMedia(DARK_QUERY);
    const onChange = () => setScheme(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
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
  /** Tabs as ARIA tabs: arrow keys (and Home, End) move to the next tab and show its view. */
  const onTabKey = (event: KeyboardEvent) => {
    const at = VIEWS.findIndex(({ name }) => name === view);
    const next: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: VIEWS.length - 1 };
    if (!(event.key in next)) return;
    event.preventDefault();
    const { name } = VIEWS[(next[event.key] + VIEWS.length) % VIEWS.length];
    setView(name);
    document.getElementById(`tab-${name}`)?.focus();
  };
  const panel = (name: ViewName, content: ComponentChildren) => (
    // Unnamed: axe-core counts a named tab panel as content outside the landmarks (the view's title is the header's h2).
    <div role="tabpanel" id={`panel-${name}`} hidden={view !== name}>
      {content}
      <Explainer view={name} />
    </div>
  );
  return (
    <>
      <header class="top">
        <h1>
          latentlab <span>explorer</span>
        </h1>
        <nav role="tablist" aria-label="Views" onKeyDown={onTabKey}>
          {VIEWS.map(({ name, title }) => (
            <button
              key={title}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-controls={`panel-${name}`}
              aria-selected={name === view}
              tabIndex={name === view ? 0 : -1}
              onClick={() => setView(name)}
            >
              {title}
            </button>
          ))}
        </nav>
        {/* The view's title, for the page's outline (h1, the view, then its sections). */}
        <h2 class="sr-only">{VIEWS.find(({ name }) => name === view)?.title}</h2>
        <p class="keys">{KEYS[view]}</p>
        <div class="help">
          <a href={`#explain-${view}`} title="what the view shows: the encoder, the 2-D code, the decoder, and what every mark means">
            What am I looking at?
          </a>
          <button type="button" class="small" onClick={() => setTouring(true)} title="a guided first run: trains the study's setting and points at what to look at">
            Guided first run
          </button>
        </div>
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
        {panel('font', <FontView {...viewProps('font')} />)}
        {panel('denoise', <DenoisingView {...viewProps('denoise')} />)}
        {panel('vae', <VaeView {...viewProps('vae')} />)}
      </ErrorBoundary>
      {touring ? (
        <aside aria-label="Guided first run">
          <Tour key={view} steps={TOURS[view]} onClose={() => setTouring(false)} />
        </aside>
      ) : null}
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
