import { useEffect, useLayoutEffect, useState } from 'preact/hooks';

/** One step of a guided first run: what to look at (an element of the active view), what to read, and what the step does. */
export interface TourStep {
  target: string;
  title: string;
  text: string;
  /** Done when the step is reached (e.g. choose the study's preset and start training). */
  run?(): void;
}

const inView = (selector: string) => document.querySelector<HTMLElement>(`.view.active ${selector}`);

/** Chooses a preset in the active view's form as a person would (the form reacts to the select's input event), after a reset. */
function showPreset(name: string): void {
  const select = inView('select[name="preset"]') as HTMLSelectElement | null;
  if (!select) return;
  const reset = inView('button[title="R"]');
  if (reset && !(reset as HTMLButtonElement).disabled) reset.click();
  select.value = name;
  select.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Chooses a preset, then starts it once the form shows its settings. */
function trainPreset(name: string): void {
  showPreset(name);
  requestAnimationFrame(() => inView('[data-testid="start"]')?.click());
}

export const TOURS: Record<string, TourStep[]> = {
  font: [
    {
      target: '.training-form',
      title: "The study's setting",
      text: 'The preset ae-font is the setting of the university study this project started from: 35 pixels, hidden layers of 20, a 2-D code, tanh, mean squared error, Adam at 0.0005, 19300 epochs, seed 1. Next trains it, here in your browser.',
      run: () => showPreset('ae-font'),
    },
    {
      target: '.plane-box',
      title: 'Watch the codes spread',
      text: 'Each letter is where the encoder puts that glyph on the 2-D plane. They start in a clump and spread out as the model learns; a circle means the glyph is redrawn exactly, a triangle 1 wrong pixel, a square more.',
      run: () => trainPreset('ae-font'),
    },
    {
      target: '.loss-chart',
      title: 'The loss falls',
      text: 'The mean squared error between the glyphs and their reconstructions, per epoch, on a log scale. The study stops at 19300 epochs; wrong pixels are counted under the chart.',
    },
    {
      target: '.panel.right',
      title: 'Point anywhere',
      text: 'Move the pointer over the plane (or tap it): the decoder draws the image of any point, also between the glyphs. The nearest glyph is named; 3 or more pixels from every glyph is a new glyph.',
    },
    {
      target: '.strip',
      title: 'Drag from one letter to another',
      text: 'The images the decoder draws along the line between two codes: how one glyph morphs into another.',
    },
    {
      target: '.new-glyphs',
      title: 'Invent glyphs',
      text: 'Find new glyphs scans the plane for images the font never had; the most glyph-like are marked with diamonds. Below the view, "What am I looking at?" explains every mark.',
    },
  ],
  denoise: [
    {
      target: '.training-form',
      title: 'A denoising autoencoder',
      text: 'dae-font learns to turn noisy glyphs back into clean ones (flip-count noise: p = 0.1 flips 3 of 35 pixels). Next trains it; it takes a few seconds.',
      run: () => showPreset('dae-font'),
    },
    {
      target: '.pad',
      title: 'Draw the input',
      text: 'Click or drag to flip pixels of the glyph, or use Add noise. The model denoises it as you draw.',
      run: () => trainPreset('dae-font'),
    },
    {
      target: '.panel.right',
      title: 'The model against the reference',
      text: "The model's output, rounded at 0.5, with wrong pixels framed in red; the nearest clean glyph beside the pad is the reference denoiser it should match.",
    },
  ],
  vae: [
    {
      target: '.training-form',
      title: 'A variational autoencoder',
      text: 'vae-emoji encodes eight 20x20 emojis as Gaussians on a 2-D plane. β weighs the KL term that keeps the Gaussians near N(0, I). Next trains it.',
      run: () => showPreset('vae-emoji'),
    },
    {
      target: '.plane-box',
      title: 'The manifold forms',
      text: "The plane shows the image decoded in each cell. Orange dots are the emojis' means, with their 1-sigma ellipses; the blue circles are the prior at 1 and 2 sigma.",
      run: () => trainPreset('vae-emoji'),
    },
    {
      target: '.loss-chart',
      title: 'Two terms',
      text: 'Reconstruction (how well each emoji is redrawn) and KL (how far its Gaussian is from the prior) per epoch; the loss is reconstruction + β·KL.',
    },
    {
      target: '.panel.right',
      title: 'Hover, drag, sample',
      text: 'Point at the plane to decode a point, drag from one emoji to another to interpolate, and draw samples from the prior: images the model invents.',
    },
  ],
};

/** About the height of a step's card, to place it. */
const CARD_HEIGHT = 220;

/** A guided first run: a card beside each step's element (outlined), Back / Next / Done; Esc closes. Rendered in a labelled landmark. */
export function Tour({ steps, onClose }: { steps: TourStep[]; onClose(): void }) {
  const [at, setAt] = useState(0);
  const [box, setBox] = useState<DOMRect | null>(null);
  const step = steps[at];

  useEffect(() => step.run?.(), [at]);
  useLayoutEffect(() => {
    // An element taller than the screen leaves with its card (at the bottom) is scrolled to the top, so the card covers its end, not its start.
    const element = inView(step.target);
    element?.scrollIntoView({ block: element.getBoundingClientRect().height + CARD_HEIGHT > window.innerHeight ? 'start' : 'nearest' });
    // The element may move or be replaced (the page reflows as training starts): it is looked up again.
    const place = () => setBox(inView(step.target)?.getBoundingClientRect() ?? null);
    place();
    const timer = setInterval(place, 300);
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    return () => {
      clearInterval(timer);
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
    };
  }, [at]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  // Beside the element when there is room on its right, else below it, else above it, else at the bottom of the screen.
  const width = Math.min(320, window.innerWidth - 16);
  const left = box && `${Math.max(8, Math.min(box.left, window.innerWidth - width - 8))}px`;
  const style = !box
    ? { left: '8px', bottom: '8px' }
    : box.right + width + 16 <= window.innerWidth
      ? { left: `${box.right + 8}px`, top: `${Math.max(8, Math.min(box.top, window.innerHeight - CARD_HEIGHT))}px` }
      : box.bottom + CARD_HEIGHT <= window.innerHeight
        ? { left, top: `${box.bottom + 8}px` }
        : box.top >= CARD_HEIGHT + 8
          ? { left, bottom: `${window.innerHeight - box.top + 8}px` }
          : { left: '8px', bottom: '8px' };
  return (
    <>
      {box ? <div class="tour-highlight" style={{ left: `${box.left - 4}px`, top: `${box.top - 4}px`, width: `${box.width + 8}px`, height: `${box.height + 8}px` }} /> : null}
      <div class="tour" role="dialog" aria-labelledby="tour-title" aria-describedby="tour-text" style={{ ...style, width: `${width}px` }} data-testid="tour" data-step={at} data-target={step.target}>
        <p class="hint">
          Guided first run · {at + 1} / {steps.length}
        </p>
        <h2 id="tour-title">{step.title}</h2>
        <p id="tour-text">{step.text}</p>
        <div class="buttons">
          <button type="button" onClick={() => setAt(at - 1)} disabled={at === 0}>
            Back
          </button>
          {at + 1 < steps.length ? (
            <button type="button" class="primary" onClick={() => setAt(at + 1)} autoFocus>
              Next
            </button>
          ) : (
            <button type="button" class="primary" onClick={onClose}>
              Done
            </button>
          )}
          <button type="button" class="small" onClick={onClose} aria-label="close the guided run">
            ✕
          </button>
        </div>
      </div>
    </>
  );
}
