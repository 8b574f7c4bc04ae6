import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ModelFile, ModelKindName } from '../../../src/models/checkpoint.js';
import { modelKind, preset } from '../../../src/runs/kinds.js';
import { isSettings } from '../../../src/runs/settings.js';
import { runName } from '../../../src/runs/run-name.js';
import type { ExportPart } from '../../../src/models/export/format.js';
import { DATASET_FORMAT } from '../../../src/data/dataset-file.js';
import { downloadBytes, downloadText } from '../download.js';
import { droppedFiles, isPictureDrop } from '../own-data/dropped-files.js';
import { exploredFromFile, exploredFromTraining, readModelFile, type ExploredModel } from './explored-model.js';
import { kindOfPreset, settingsFromPreset, specFromSettings, type RunSettings } from './run-settings.js';
import { useTraining } from './use-training.js';

/** A model file opened on the page: its text (what Download saves again), what it holds, and whether its training can go on. */
export interface LoadedFile {
  name: string;
  text: string;
  file: ModelFile;
  explored: ExploredModel;
  /** Why the run cannot be continued here, or null when it can. */
  notContinuable: string | null;
}

/** What the app gives every view. */
export interface ViewProps {
  active: boolean;
  /** A model file another view was given that this view shows (its kind), or null. */
  openedFile: { file: File } | null;
  /** Hands a model file of another kind to the view that shows that kind. */
  onOtherKind(file: File, kind: ModelKindName): void;
}

export interface SessionOptions extends ViewProps {
  /** The presets the view trains (all of one kind): its form's kind, fields and defaults. */
  presets: readonly string[];
}

/**
 * One view's model, for every view and every kind: the training form and its live run in the worker,
 * or a model file opened or dropped on the page (continued in the worker when it holds its training
 * state); `explored` is whichever came last. Space, R and O work while the view is active; a model
 * file of another kind goes to `onOtherKind`.
 */
export function useModelSession({ presets, active, openedFile, onOtherKind }: SessionOptions) {
  const kind = kindOfPreset(presets[0]);
  const [presetName, setPresetName] = useState(presets[0]);
  const [settings, setSettings] = useState<RunSettings>(() => settingsFromPreset(presets[0]));
  const training = useTraining();
  const [loaded, setLoaded] = useState<LoadedFile | null>(null);
  /** The total epochs a continued run trains to, as typed. */
  const [continueEpochs, setContinueEpochs] = useState('');
  const [error, setError] = useState<string | null>(null);
  /** The run in the worker: its name in titles (the CLI's folder name for a preset's run) and its model file's name. */
  const [runNames, setRunNames] = useState({ title: '', fileName: '' });
  const [dropping, setDropping] = useState(false);
  /** "Your own data" is open, with the files dropped or opened for it (PNG pictures, a folder, a dataset file), or null. */
  const [ownData, setOwnData] = useState<{ files: File[] } | null>(null);
  const { state } = training;

  const explored = useMemo(
    () => loaded?.explored ?? (state.model && state.spec ? exploredFromTraining(state.model, state.spec.data.dataset, runNames.title) : null),
    [loaded, state.model, state.spec, runNames.title],
  );
  /** Changes whenever a new run starts or a file is opened: views reset their zoom, pins and scans. */
  const source = loaded ? `file:${loaded.name}:${state.run}` : `run:${state.run}`;

  const choosePreset = (name: string) => {
    setPresetName(name);
    setSettings(settingsFromPreset(name));
  };
  const start = () => {
    try {
      const { kind: runKind, spec } = specFromSettings(settings, presetName);
      const name = runName(presetName, runKind.parseSpec(preset(presetName).spec), spec);
      setRunNames({ title: name, fileName: `${name}-model.json` });
      setError(null);
      setLoaded(null);
      training.start(runKind.name, spec);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  const startPauseResume = () => {
    if (state.status === 'running') training.pause();
    else if (state.status === 'paused') training.unpause();
    else start();
  };
  /** Continues the opened file's run to the epochs typed, in the worker. */
  const continueTraining = () => {
    if (!loaded || loaded.notContinuable) return;
    try {
      const epochs = Number(continueEpochs);
      const done = loaded.file.training?.epochsDone ?? 0;
      if (continueEpochs.trim() === '' || !Number.isInteger(epochs) || epochs <= done) {
        throw new RangeError(`continue to: the total epochs must be a whole number above the ${done} done, got "${continueEpochs}"`);
      }
      const spec = modelKind(loaded.file.kind).parseSpec(loaded.file.spec);
      setRunNames({ title: `continued from ${loaded.name}`, fileName: `${loaded.name.replace(/\.json$/i, '')}-continued.json` });
      setError(null);
      setLoaded(null);
      training.resumeFile(loaded.text, loaded.file, spec, epochs);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  const openFile = async (opened: File) => {
    try {
      const text = await opened.text();
      if (isDatasetFile(text)) {
        setOwnData({ files: [opened] });
        return;
      }
      const file = readModelFile(opened.name, text);
      if (file.kind !== kind) {
        onOtherKind(opened, file.kind);
        return;
      }
      const explored = exploredFromFile(opened.name, file);
      training.reset();
      setLoaded({ name: opened.name, text, file, explored, notContinuable: whyNotContinuable(file, explored) });
      setContinueEpochs(String(defaultEpochs(file)));
      setError(null);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  /** The model file on screen: its name and text (for a run in the worker, asked of the worker). */
  const modelFileText = async (): Promise<{ name: string; text: string }> =>
    loaded ? { name: loaded.name, text: loaded.text } : { name: runNames.fileName, text: await training.modelFile() };
  const download = async () => {
    if (!explored) return;
    try {
      const { name, text } = await modelFileText();
      downloadText(name, text);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  /**
   * Downloads the model on screen in an export format (see `latentlab export`): each of the export's
   * files, named after the model file ("ae-font-seed1-model.json" gives "ae-font-seed1-encoder.onnx").
   * The exporters (and protobufjs) load when first asked for, so the page's first load stays small.
   */
  const downloadExport = async (format: string, part: ExportPart) => {
    if (!explored) return;
    try {
      const [{ exporters }, { name, text }] = await Promise.all([import('../../../src/models/export/formats.js'), modelFileText()]);
      const exporter = exporters[format];
      if (!exporter) throw new RangeError(`unknown export format "${format}"`);
      const file = loaded?.file ?? readModelFile(name, text);
      if (format === 'csv' && !file.training) throw new RangeError('This model file holds no training state, so it has no loss history to save as losses.csv.');
      for (const exported of exportedForPage(format, exporter(file, part))) downloadBytes(exportName(name, format, exported.name), exported.bytes);
      setError(null);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  const openPicker = () => document.querySelector<HTMLInputElement>('.view.active [data-testid="model-file-input"]')?.click();

  // A file opened in another view and handed over to this one.
  useEffect(() => {
    if (openedFile) void openFile(openedFile.file);
  }, [openedFile]);

  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (ignoredKey(event)) return;
      const actions: Record<string, () => void> = { ' ': startPauseResume, r: training.reset, o: openPicker };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      setDropping(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget === null) setDropping(false);
    };
    const drop = (event: DragEvent) => {
      event.preventDefault();
      setDropping(false);
      if (!event.dataTransfer) return;
      // PNG pictures or a folder go to "Your own data"; a single JSON file is a model file (or a dataset file: see openFile).
      void droppedFiles(event.dataTransfer).then((files) => {
        if (isPictureDrop(files)) setOwnData({ files });
        else if (files[0]) void openFile(files[0]);
      });
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  return {
    kind,
    presets,
    preset: presetName,
    choosePreset,
    settings,
    setSettings,
    training,
    explored,
    loaded,
    source,
    error,
    setError,
    dropping,
    ownData,
    setOwnData,
    startPauseResume,
    openFile,
    download,
    downloadExport,
    continueEpochs,
    setContinueEpochs,
    continueTraining,
  };
}

export type ModelSession = ReturnType<typeof useModelSession>;

/** Keys typed into a form control, pressing a focused button, or with a modifier are not shortcuts. */
export function ignoredKey(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement;
  if (event.ctrlKey || event.metaKey || event.altKey || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return true;
  return target.tagName === 'BUTTON' && (event.key === ' ' || event.key === 'Enter');
}

/** Whether a JSON text is a dataset file (made by `latentlab dataset` or this page) rather than a model file. */
function isDatasetFile(text: string): boolean {
  try {
    const json: unknown = JSON.parse(text);
    return isSettings(json) && json.format === DATASET_FORMAT;
  } catch {
    return false;
  }
}

/** Why a model file's run cannot be continued in the page, or null when it can. */
function whyNotContinuable(file: ModelFile, explored: ExploredModel): string | null {
  if (!file.training) {
    return file.version === 1
      ? 'This is a version-1 model file: it holds the model but not its training state (optimizer, random numbers), so it can be explored here but not continued.'
      : 'This model file holds no training state, so it can be explored here but not continued.';
  }
  if (file.training.stoppedEarly) return `This run stopped early at epoch ${file.training.epochsDone}, by its stop rule: it is complete and cannot be continued.`;
  if (!explored.dataset) return `Its training data, "${file.data.name}", are not in the page, so it cannot be continued here (latentlab train --resume can).`;
  return null;
}

/** The total a continued run trains to at first: the rest of its planned epochs, or twice what it has done when it is finished. */
function defaultEpochs(file: ModelFile): number {
  const done = file.training?.epochsDone ?? 0;
  const { training } = file.spec;
  const planned = isSettings(training) && typeof training.epochs === 'number' ? training.epochs : 0;
  return planned > done ? planned : 2 * Math.max(done, 1);
}

/**
 * The files of an export the page downloads: all of them but a TensorFlow.js export of the whole
 * model, whose encoder/ and decoder/ folders a browser's download cannot make: its model.json and
 * weights.bin alone (the encoder and decoder are their own choices).
 */
function exportedForPage<T extends { name: string }>(format: string, files: T[]): T[] {
  return format === 'tfjs' ? files.filter((file) => !file.name.includes('/')) : files;
}

/**
 * An export's file as downloaded: the model file's name first ("ae-font-seed1-model.json" gives
 * "ae-font-seed1-model.safetensors"), but for TensorFlow.js, whose model.json names its weights.bin:
 * those keep their names, and go together in one folder.
 */
export function exportName(modelFileName: string, format: string, name: string): string {
  if (format === 'tfjs') return name;
  const stem = modelFileName.replace(/\.json$/i, '').replace(/-?model$/i, '');
  return stem ? `${stem}-${name}` : name;
}
