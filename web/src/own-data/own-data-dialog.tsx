import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { parseDataset, serializeDataset, type DatasetFile } from '../../../src/data/dataset-file.js';
import type { PixelMode } from '../../../src/data/dataset.js';
import { checkPictureSide, pictureProblems, picturesDataset, pictureToGray, PICTURE_SIDES, resizeArea, type GrayImage, type RgbaImage } from '../../../src/data/pictures.js';
import { PixelPad } from '../denoise/pixel-pad.js';
import { downloadText } from '../download.js';
import { asInk, ImageCanvas } from '../image-canvas.js';
import { addOwnDataset } from '../training/page-datasets.js';
import { readPicture } from './read-picture.js';

/** One picture of the dataset being made: its label, where it came from, and its pixels before resizing. */
interface Picture {
  label: string;
  origin: string;
  /** A PNG as decoded (resized to the dataset's size when built), or grey pixels (drawn here, or a dataset file's). */
  source: { rgba: RgbaImage } | { gray: GrayImage };
  drawn: boolean;
}

/** Side of the pictures at first: the shipped emoji sets'. */
const DEFAULT_SIZE = 20;
/** The drawing pad is about this many CSS pixels wide. */
const PAD_WIDTH = 240;

interface OwnDataDialogProps {
  /** Files dropped on the page or handed over (PNG pictures, a dataset file), read when the dialog opens. */
  files: File[];
  /** The dataset was added to the page under this name: the form trains on it. */
  onUse(name: string): void;
  onClose(): void;
}

/**
 * "Your own data": a dataset made in the page from PNG files or a folder of them, pictures drawn on a
 * pad, or a dataset file made by `latentlab dataset`. Every picture goes through src/data/pictures.ts
 * as `latentlab dataset images` does (on white, grey, square, resized) and the same checks (size,
 * near-blank, identical, labels); the result can be downloaded in the CLI's dataset file format and
 * trained on in the page (an autoencoder or a VAE). Loaded on first use, apart from the page's bundle.
 */
export function OwnDataDialog({ files, onUse, onClose }: OwnDataDialogProps) {
  const [pictures, setPictures] = useState<Picture[]>([]);
  const [name, setName] = useState('my-pictures');
  const [sizeText, setSizeText] = useState(String(DEFAULT_SIZE));
  /** A dataset file opened here fixes the size, the mode and the credits. */
  const [opened, setOpened] = useState<{ size: number; mode: PixelMode; credits: string } | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [drawing, setDrawing] = useState<number[] | null>(null);
  const [drawnLabel, setDrawnLabel] = useState('');
  const inputs = { png: useRef<HTMLInputElement>(null), folder: useRef<HTMLInputElement>(null), dataset: useRef<HTMLInputElement>(null) };
  const dialog = useRef<HTMLDivElement>(null);

  let size: number | null = null;
  let sizeProblem: string | null = null;
  try {
    size = opened?.size ?? checkPictureSide(Number(sizeText));
  } catch (error) {
    sizeProblem = (error as Error).message;
  }
  const pad = drawing && size && drawing.length === size * size ? drawing : size ? new Array<number>(size * size).fill(0) : null;

  /** Every picture at the dataset's size, as grey levels (1 = white). */
  const sized = useMemo(() => (size ? pictures.map((picture) => ({ label: picture.label, pixels: atSize(picture, size!).pixels })) : []), [pictures, size]);
  const problems = size ? pictureProblems(sized, size) : [];
  const mode: PixelMode = opened?.mode ?? (pictures.length > 0 && pictures.every((picture) => picture.drawn) ? 'ink' : 'luminance');
  const ready = size !== null && pictures.length > 0 && problems.length === 0 && name.trim() !== '';

  const add = async (chosen: File[]) => {
    const found: Picture[] = [];
    const failed: string[] = [];
    const pngs = chosen.filter((file) => /\.png$/i.test(file.name));
    const others = chosen.filter((file) => !/\.png$/i.test(file.name));
    // In a folder, files other than PNG pictures are left out (as `latentlab dataset images` does); a dataset file among them is opened.
    for (const file of others) {
      if (/\.json$/i.test(file.name)) await openDataset(file).catch((error: Error) => failed.push(error.message));
      else if (!file.webkitRelativePath.includes('/')) failed.push(`${file.name}: not a PNG picture or a dataset file`);
    }
    for (const file of pngs.sort((a, b) => (a.webkitRelativePath || a.name).localeCompare(b.webkitRelativePath || b.name))) {
      try {
        found.push({ label: file.name.replace(/\.png$/i, ''), origin: file.webkitRelativePath || file.name, source: { rgba: await readPicture(file) }, drawn: false });
      } catch (error) {
        failed.push((error as Error).message);
      }
    }
    const folder = pngs.find((file) => file.webkitRelativePath.includes('/'))?.webkitRelativePath.split('/')[0];
    if (folder && pictures.length === 0 && !opened) setName(folder);
    setPictures((current) => [...current, ...found]);
    setErrors(failed);
  };

  const openDataset = async (file: File) => {
    let read: DatasetFile;
    try {
      read = parseDataset(await file.text());
    } catch (error) {
      throw new Error(`${file.name}: ${(error as Error).message}`);
    }
    const { dataset, origins, credits } = read;
    if (dataset.width !== dataset.height) throw new Error(`${file.name}: its pictures are ${dataset.width}x${dataset.height}; the page makes square ones`);
    const ink = dataset.mode === 'ink';
    setOpened({ size: dataset.width, mode: dataset.mode ?? 'ink', credits });
    setName(dataset.name);
    setSizeText(String(dataset.width));
    setPictures(
      dataset.labels.map((label, i) => ({
        label,
        origin: origins[i],
        source: { gray: { width: dataset.width, height: dataset.height, pixels: Float64Array.from(dataset.inputs.row(i), (v) => (ink ? 1 - v : v)) } },
        drawn: ink,
      })),
    );
  };

  useEffect(() => {
    if (files.length > 0) void add(files);
    dialog.current?.focus();
  }, [files]);

  const build = (): { text: string; name: string } | null => {
    if (!ready || !size) return null;
    try {
      const dataset = picturesDataset(name.trim(), sized, size, mode);
      const origins = pictures.map((picture) => picture.origin);
      const credits = opened?.credits ?? `Pictures from ${describeSources(pictures)}; composited on white, converted to grayscale (Rec. 709 luminance), padded to a square and resized to ${size}x${size} by the latentlab explorer.`;
      return { text: serializeDataset({ dataset, credits, origins }), name: dataset.name };
    } catch (error) {
      setErrors([(error as Error).message]);
      return null;
    }
  };
  const use = () => {
    const built = build();
    if (!built) return;
    try {
      onUse(addOwnDataset(built.text));
    } catch (error) {
      setErrors([(error as Error).message]);
    }
  };
  const download = () => {
    const built = build();
    if (built) downloadText(`${built.name}.json`, built.text);
  };
  const addDrawing = () => {
    if (!pad || !size || !pad.includes(1)) return;
    const label = drawnLabel.trim() || `drawing-${pictures.filter((picture) => picture.drawn).length + 1}`;
    setPictures((current) => [...current, { label, origin: 'drawn in the latentlab explorer', source: { gray: { width: size, height: size, pixels: Float64Array.from(pad, (v) => 1 - v) } }, drawn: true }]);
    setDrawing(null);
    setDrawnLabel('');
  };
  const problemOf = (index: number) => problems.filter((problem) => problem.index === index).map((problem) => problem.message);

  return (
    <div class="dialog-backdrop">
      <div
        ref={dialog}
        class="dialog own-data"
        role="dialog"
        aria-modal="true"
        aria-labelledby="own-data-title"
        tabIndex={-1}
        data-testid="own-data"
        data-pictures={pictures.length}
        data-problems={problems.length}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          event.stopPropagation();
        }}
        onDragOver={(event) => event.preventDefault()}
      >
        <header>
          <h2 id="own-data-title">Your own data</h2>
          <button type="button" class="small" onClick={onClose} aria-label="close">
            ✕
          </button>
        </header>
        <p class="hint">
          PNG pictures (files, or a whole folder), pictures you draw, or a dataset file made by <code>latentlab dataset</code>. Each picture is put on white,
          turned grey, padded to a square and resized, as <code>latentlab dataset images</code> does; near-blank and identical pictures are refused. Drop
          files or a folder anywhere on the page.
        </p>
        <div class="own-data-body">
          <section>
            <div class="own-data-fields">
              <label title="the dataset's name: how the Data field and model files name it">
                <span>Name</span>
                <input name="ownName" type="text" autoComplete="off" value={name} onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)} />
              </label>
              <label title={`the side of the square pictures, ${PICTURE_SIDES.min} to ${PICTURE_SIDES.max} pixels (latentlab dataset images --size)`}>
                <span>Size (pixels)</span>
                <input name="ownSize" type="text" inputMode="numeric" autoComplete="off" value={sizeText} disabled={opened !== null} onInput={(event) => setSizeText((event.currentTarget as HTMLInputElement).value)} />
              </label>
            </div>
            {sizeProblem ? <p class="field-error">{sizeProblem}</p> : null}
            <div class="buttons wrap">
              <button type="button" onClick={() => inputs.png.current?.click()}>
                PNG files…
              </button>
              <button type="button" onClick={() => inputs.folder.current?.click()}>
                A folder…
              </button>
              <button type="button" onClick={() => inputs.dataset.current?.click()} title="a dataset file made by latentlab dataset (or downloaded here)">
                Dataset file…
              </button>
            </div>
            <FileInput inputRef={inputs.png} testId="own-png-input" accept=".png,image/png" multiple onFiles={add} />
            <FileInput inputRef={inputs.folder} testId="own-folder-input" folder onFiles={add} />
            <FileInput inputRef={inputs.dataset} testId="own-dataset-input" accept=".json,application/json" onFiles={add} />
            {pad && size ? (
              <>
                <h3 class="draw-title">Draw a picture</h3>
                <PixelPad values={pad} clean={pad} width={size} height={size} cell={Math.max(4, Math.floor(PAD_WIDTH / size))} onChange={setDrawing} />
                <div class="buttons wrap">
                  <input name="drawnLabel" type="text" autoComplete="off" placeholder="label" aria-label="label of the drawing" value={drawnLabel} onInput={(event) => setDrawnLabel((event.currentTarget as HTMLInputElement).value)} />
                  <button type="button" onClick={addDrawing} disabled={!pad.includes(1)}>
                    Add drawing
                  </button>
                  <button type="button" onClick={() => setDrawing(null)}>
                    Clear
                  </button>
                </div>
              </>
            ) : null}
          </section>
          <section class="own-pictures">
            <h3>
              {pictures.length} picture{pictures.length === 1 ? '' : 's'}
              {size ? `, ${size}x${size}` : ''}
              {pictures.length > 0 ? `, ${mode === 'ink' ? 'ink (drawn)' : 'grey levels'}` : ''}
            </h3>
            {pictures.length === 0 ? <p class="hint">None yet: add PNG files or a folder, draw, or open a dataset file.</p> : null}
            <ul class="picture-list">
              {sized.map((picture, i) => {
                const wrong = problemOf(i);
                return (
                  <li key={`${i}-${picture.label}`} class={wrong.length ? 'has-problem' : undefined} title={wrong.join('\n') || pictures[i].origin}>
                    <ImageCanvas values={asInk(picture.pixels, 'luminance')} width={size!} height={size!} cell={Math.max(1, Math.round(40 / size!))} binary={false} label={picture.label} />
                    <span>{picture.label}</span>
                    <button type="button" class="small" aria-label={`remove ${picture.label}`} onClick={() => setPictures((current) => current.filter((_, j) => j !== i))}>
                      ✕
                    </button>
                  </li>
                );
              })}
            </ul>
            {problems.length > 0 || errors.length > 0 ? (
              <ul class="problems" role="alert" data-testid="own-data-problems">
                {[...errors, ...problems.map((problem) => problem.message)].map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </section>
        </div>
        <footer class="buttons">
          <button type="button" onClick={download} disabled={!ready} data-testid="own-data-download" title="save it as a dataset file (latentlab-dataset, version 1): latentlab train --data FILE trains on it">
            Download dataset file
          </button>
          <button type="button" class="primary" onClick={use} disabled={!ready} data-testid="own-data-use" title="add it to the page's datasets and choose it in the Data field">
            Train on it
          </button>
        </footer>
      </div>
    </div>
  );
}

/** A picture at the dataset's size: a PNG decoded and put through the CLI's steps, grey pixels resized if they are not at it. */
function atSize(picture: Picture, size: number): GrayImage {
  if ('rgba' in picture.source) return pictureToGray(picture.source.rgba, size);
  const { gray } = picture.source;
  return gray.width === size && gray.height === size ? gray : resizeArea(gray, size, size);
}

function describeSources(pictures: Picture[]): string {
  const folders = [...new Set(pictures.filter((picture) => !picture.drawn).map((picture) => (picture.origin.includes('/') ? picture.origin.split('/')[0] : 'files')))];
  const drawn = pictures.some((picture) => picture.drawn);
  return [...folders.map((folder) => (folder === 'files' ? 'PNG files' : `the folder ${folder}`)), ...(drawn ? ['drawings made in the page'] : [])].join(' and ');
}

interface FileInputProps {
  inputRef: { current: HTMLInputElement | null };
  testId: string;
  accept?: string;
  multiple?: boolean;
  folder?: boolean;
  onFiles(files: File[]): void;
}

function FileInput({ inputRef, testId, accept, multiple, folder, onFiles }: FileInputProps) {
  // webkitdirectory is not in Preact's typings: set on the element.
  const ref = (element: HTMLInputElement | null) => {
    inputRef.current = element;
    if (element && folder) element.webkitdirectory = true;
  };
  return (
    <input
      ref={ref}
      type="file"
      hidden
      accept={accept}
      multiple={multiple || folder}
      data-testid={testId}
      onChange={(event) => {
        const input = event.currentTarget as HTMLInputElement;
        onFiles(Array.from(input.files ?? []));
        input.value = '';
      }}
    />
  );
}
