import type { ComponentChildren } from 'preact';

type Shown = 'ae' | 'dae' | 'vae';

/**
 * The encoder -> 2-D code -> decoder of the view's model, drawn: an image goes in on the left,
 * narrows to two numbers, and widens back to an image. A denoising autoencoder's input is a noisy
 * copy; a VAE's code is a Gaussian (mean and spread) that a point is drawn from.
 */
export function AutoencoderDiagram({ shown }: { shown: Shown }) {
  const input = shown === 'dae' ? 'noisy image' : 'image';
  const code = shown === 'vae' ? ['mean μ, spread σ', 'z = μ + σ·ε'] : ['2-D code', '(z₁, z₂)'];
  return (
    <svg class="diagram" viewBox="0 0 576 110" role="img" aria-label={`${input} → encoder → ${code.join(' ')} → decoder → reconstructed image`}>
      <rect x="4" y="30" width="70" height="50" rx="6" class="box" />
      <text x="39" y="59" class="label">
        {input}
      </text>
      <path d="M 84 55 L 100 55" class="arrow" />
      <path d="M 104 15 L 204 40 L 204 70 L 104 95 Z" class="net" />
      <text x="150" y="59" class="label">
        encoder
      </text>
      <path d="M 208 55 L 226 55" class="arrow" />
      <rect x="230" y="28" width="120" height="54" rx="27" class="code" />
      <text x="290" y="50" class="label">
        {code[0]}
      </text>
      <text x="290" y="68" class="label">
        {code[1]}
      </text>
      <path d="M 354 55 L 372 55" class="arrow" />
      <path d="M 376 40 L 476 15 L 476 95 L 376 70 Z" class="net" />
      <text x="430" y="59" class="label">
        decoder
      </text>
      <path d="M 480 55 L 496 55" class="arrow" />
      <rect x="500" y="30" width="72" height="50" rx="6" class="box" />
      <text x="536" y="52" class="label">
        recon-
      </text>
      <text x="536" y="66" class="label">
        struction
      </text>
    </svg>
  );
}

const TEXT: Record<string, { shown: Shown; lead: string; items: [string, ComponentChildren][] }> = {
  font: {
    shown: 'ae',
    lead: 'An autoencoder squeezes each 5x7 glyph (35 pixels) through a code of two numbers and draws it back. Because the code has two numbers, every glyph has a place on a plane: the plane in the middle.',
    items: [
      ['The letters', "each glyph's 2-D code: where the encoder puts it. As training goes on they spread out so that the decoder can tell them apart."],
      [
        'Their marks',
        <>
          how well the decoder redraws the glyph from its code, after rounding each pixel at 0.5 as the study counts: <i class="dot exact" /> a circle, exact;{' '}
          <i class="dot one" /> a triangle, 1 wrong pixel; <i class="dot many" /> a square, 2 or more.
        </>,
      ],
      ['The grid', 'faint images the decoder draws at a 13x13 grid of points: its map of the whole plane, also between and beyond the glyphs.'],
      ['The diamonds', "new glyphs (Find new glyphs): points whose image is 3 or more pixels from every glyph, images the font never had."],
      ['The loss', 'how far the reconstructions are from the glyphs (mean squared error, or binary cross-entropy), per epoch, on a log scale: it falls as the model learns.'],
      ['The right column', 'the image decoded under the pointer or at the pinned point; drag from one letter to another for the images along the line.'],
    ],
  },
  denoise: {
    shown: 'dae',
    lead: 'A denoising autoencoder is trained on noisy copies of the glyphs and asked for the clean ones, so it learns to remove noise. Here you draw the input yourself.',
    items: [
      ['The noise', 'flip-count noise at level p inverts round(35·p) random pixels of the glyph: p = 0.1 flips 3 of 35 (the study trains at 0.1 and 0.2).'],
      ['The pad', 'the input: click or drag to flip pixels; the ones that differ from the clean glyph are framed in orange.'],
      ['Denoised by the model', 'its output in grey levels and rounded at 0.5; pixels that differ from the clean glyph are framed in red.'],
      ['Nearest clean glyph', 'the reference denoiser: the training glyph with the fewest pixels different from the input. The model should do at least as well.'],
      ['The small plane', "where the noisy input's code lands, with a line from the clean glyph's code: a good denoiser keeps it close."],
    ],
  },
  vae: {
    shown: 'vae',
    lead: 'A variational autoencoder (VAE) encodes each image not as one point but as a Gaussian, q(z|x): a mean and a spread. Training draws a code from it, so nearby codes must decode to similar images, and a KL term keeps every Gaussian close to the prior N(0, I).',
    items: [
      ['The plane', 'the manifold: the image decoded at the centre of each cell of an 11x11 grid. The decoder draws something everywhere, blending the emojis between their means.'],
      ['Orange dots and ellipses', "each emoji's mean and its 1-sigma ellipse: the region its codes are drawn from while training."],
      ['Blue circles', "the prior N(0, I) at 1 and 2 sigma: where the KL term pulls every Gaussian, and where samples come from."],
      ['KL', 'how far an emoji’s Gaussian is from the prior. β weighs it against the reconstruction: a larger β pulls the means to the centre and the ellipses towards the unit circle, a smaller one lets the emojis spread apart.'],
      ['Samples from the prior', 'codes drawn from N(0, I) and decoded: the images the model invents. Marked on the plane as blue crosses.'],
      ['Reconstruction', 'binary cross-entropy (or squared error) of each emoji against its reconstruction, summed over pixels, per epoch.'],
    ],
  },
};

/** Below a view: what it shows, with the model drawn as a diagram and every mark of the plane explained. */
export function Explainer({ view }: { view: string }) {
  const text = TEXT[view];
  return (
    <section class="explainer" id={`explain-${view}`} aria-labelledby={`explain-${view}-title`}>
      <h2 id={`explain-${view}-title`}>What am I looking at?</h2>
      <p>{text.lead}</p>
      <AutoencoderDiagram shown={text.shown} />
      <dl>
        {text.items.map(([term, meaning]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
