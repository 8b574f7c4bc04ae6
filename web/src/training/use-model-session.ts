import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ModelFile, ModelKindName } from '../../../src/models/checkpoint.js';
import { modelKind, preset } from '../../../src/runs/kinds.js';
import { isSettings } from '../../../src/runs/settings.js';
import { runName } from '../../../src/runs/run-name.js';
import { exportFormats, type ExportPart } from '../../../src/models/export/format.js';
import { DATASET_FORMAT } from '../../../src/data/dataset-file.js';
import { downloadBytes, downloadText } from '../download.js';
import { droppedFiles, isPictureDrop } from '../own-data/dropped-files.js';
import { openedLink, writeLink, type LinkParams } from '../link.js';
import { fileData, readModelFile, trainingData, type ShownData } from './explored-model.js';
import type { LossHistory } from './loss-history.js';
import { snapshotOf, type ModelSnapshot } from './model-parameters.js';
import { kindOfPreset, linkedForm, SettingsError, settingsFromPreset, settingsText, specFromSettings, type RunSettings } from './run-settings.js';
import { appendToTimeline, type TimelineEntry } from './timeline.js';
import { useExplored } from './use-explored.js';
import { useShortcuts } from '../use-shortcuts.js';
import { useTraining } from './use-training.js';

/** A model file opened on the page: its text (what Download saves again), what it holds, and whether its training can go on. */
export interface LoadedFile {
  name: string;
  text: string;
  file: ModelFile;
  /** Its model's parameters and its data, as the views show them. */
  snapshot: ModelSnapshot;
  data: ShownData;
  /** Why the run cannot be continued here, or null when it can. */
  notContinuable: string | null;
}

/** What the app gives every view. */
export interface ViewProps {
  /** The view's name in the page's link (link.ts). */
  name: string;
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

/** A run of this session, kept to compare: its name, settings, losses and last model. */
export interface PastRun {
  run: number;
  title: string;
  /** Its settings, as `latentlab train` flags over its preset. */
  settings: string;
  losses: LossHistory;
  epoch: number;
  snapshot: ModelSnapshot | null;
  datasetName: string;
}

/** Runs kept to compare (the current one among them). */
const KEPT_RUNS = 5;

/**
 * One view's model, for every view and every kind: the training form and its live run in the worker,
 * or a model file opened or dropped on the page (continued in the worker when it holds its training
 * state), or a model of the run's timeline scrubbed back to; `explored` is whichever is on show,
 * measured by the explore worker. Space, R and O work while the view is active; a model file of
 * another kind goes to `onOtherKind`. The active view keeps the page's link (link.ts) up to date, and
 * a view opened from a link trains its run again to the linked epoch.
 */
export function useModelSession({ name, presets, active, openedFile, onOtherKind }: SessionOptions) {
  const kind = kindOfPreset(presets[0]);
  const [linked] = useState(() => (openedLink.get('view') === name ? linkedForm(openedLink, presets) : null));
  const [presetName, setPresetName] = useState(linked?.preset ?? presets[0]);
  const [settings, setSettings] = useState<RunSettings>(() => linked?.settings ?? settingsFromPreset(presets[0]));
  const training = useTraining();
  const [loaded, setLoaded] = useState<LoadedFile | null>(null);
  /** The total epochs a continued run trains to, as typed. */
  const [continueEpochs, setContinueEpochs] = useState('');
  const [error, setError] = useState<string | null>(null);
  /** Problems of the form's fields, by field name, shown beside them. */
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  /** The run in the worker: its name in titles (the CLI's folder name for a preset's run) and its model file's name. */
  const [runNames, setRunNames] = useState({ title: '', fileName: '' });
  const [dropping, setDropping] = useState(false);
  /** Epochs a second at most, or null for as fast as the worker trains. */
  const [speed, setSpeed] = useState<number | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  /** The epoch of the timeline entry on show instead of the live model, or null. */
  const [scrubbed, setScrubbed] = useState<number | null>(null);
  const [runs, setRuns] = useState<PastRun[]>([]);
  /** The plane's part of the link (zoom and pinned point), given by the view. */
  const [planeLink, setPlaneLink] = useState<LinkParams>({});
  /** "Your own data" is open, with the files dropped or opened for it (PNG pictures, a folder, a dataset file), or null. */
  const [ownData, setOwnData] = useState<{ files: File[] } | null>(null);
  const { state } = training;

  const data = useMemo(
    () => loaded?.data ?? (state.spec ? trainingData(state.spec.data.dataset, runNames.title) : null),
    [loaded, state.spec, runNames.title],
  );
  const live = !loaded && scrubbed === null;
  /** The timeline's entry on show instead of the live model: the scrubbed epoch's (the first at or after it, if thinning dropped it), or null. */
  const past = scrubbed === null ? null : (timeline.find((entry) => entry.epoch >= scrubbed) ?? null);
  const shownSnapshot = loaded ? loaded.snapshot : (past?.snapshot ?? state.snapshot);
  /** Changes whenever a new run starts or a file is opened: views reset their zoom, pins and scans. */
  const source = loaded ? `file:${loaded.name}:${state.run}` : `run:${state.run}`;
  const { explored, client } = useExplored(
    shownSnapshot,
    data,
    source,
    () => {
      if (active && live) training.wantModel();
    },
    (problem) => setError(problem.message),
  );

  // The timeline: every model the run sent, for scrubbing back.
  useEffect(() => {
    setScrubbed(null);
    setTimeline([]);
  }, [state.run]);
  useEffect(() => {
    const { snapshot, snapshotEpoch } = state;
    if (snapshot) setTimeline((entries) => appendToTimeline(entries, { epoch: snapshotEpoch, snapshot }));
    // While scrubbed back, the page keeps asking for the run's models (for the timeline).
    if (snapshot && !live) requestAnimationFrame(() => training.wantModel());
  }, [state.snapshot]);
  // A view made active again asks for the model it stopped asking for while hidden.
  useEffect(() => {
    if (active) training.wantModel();
  }, [active]);

  // The runs to compare: the current one kept up to date, the last KEPT_RUNS in all.
  useEffect(() => {
    if (!state.spec || state.epoch === 0 || !runNames.title) return;
    const run: PastRun = {
      run: state.run,
      title: runNames.title,
      settings: runNames.title.startsWith('continued') ? runNames.title : settingsText(settings, presetName),
      losses: state.losses,
      epoch: state.epoch,
      snapshot: state.snapshot,
      datasetName: state.spec.data.dataset,
    };
    setRuns((previous) => [...previous.filter((past) => past.run !== run.run), run].slice(-KEPT_RUNS));
  }, [state.run, state.snapshot, state.status]);

  const choosePreset = (name: string) => {
    setPresetName(name);
    setSettings(settingsFromPreset(name));
    setFieldErrors({});
  };
  const changeSettings = (changed: RunSettings) => {
    setSettings(changed);
    setFieldErrors({});
  };
  /** Starts a run of the form's settings (pausing at `pauseAt`, a link's epoch, unless null); a bad field is marked beside it. */
  const start = (pauseAt: number | null = null, form = settings, formPreset = presetName) => {
    try {
      const { kind: runKind, spec } = specFromSettings(form, formPreset);
      const name = runName(formPreset, runKind.parseSpec(preset(formPreset).spec), spec);
      setRunNames({ title: name, fileName: `${name}-model.json` });
      setError(null);
      setFieldErrors({});
      setLoaded(null);
      training.start(runKind.name, spec, speed, pauseAt);
    } catch (problem) {
      if (problem instanceof SettingsError) {
        setFieldErrors(problem.fields);
        setError(null);
      } else setError((problem as Error).message);
    }
  };
  const startPauseResume = () => {
    if (state.status === 'running') training.pause();
    else if (state.status === 'paused') training.unpause();
    else start();
  };
  /** Trains `epochs` more epochs and pauses: from a paused run, or a new one. */
  const step = (epochs: number) => {
    if (state.status === 'paused' || state.status === 'running') training.step(epochs);
    else start(epochs);
  };
  const changeSpeed = (changed: number | null) => {
    setSpeed(changed);
    training.setSpeed(changed);
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
      training.resumeFile(loaded.text, loaded.file, spec, epochs, speed);
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
      const fileShown = fileData(opened.name, file);
      training.reset();
      setLoaded({ name: opened.name, text, file, snapshot: snapshotOf(file), data: fileShown, notContinuable: whyNotContinuable(file, fileShown) });
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
      const known = exportFormats.find((candidate) => candidate === format);
      if (!known) throw new RangeError(`unknown export format "${format}"`);
      const exporter = exporters[known];
      const file = loaded?.file ?? readModelFile(name, text);
      if (format === 'csv' && !file.training) throw new RangeError('This model file holds no training state, so it has no loss history to save as losses.csv.');
      for (const exported of exportedForPage(format, exporter(file, part))) downloadBytes(exportName(name, format, exported.name), exported.bytes);
      setError(null);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  const openPicker = () => document.querySelector<HTMLInputElement>('.view.active [data-testid="model-file-input"]')?.click();

  /** The view's link: its form, the epoch its run reached (not for a model opened from a file), the plane's part. */
  const linkParams = (): LinkParams => {
    const params: LinkParams = { preset: presetName, ...settings, ...planeLink };
    if (!loaded && state.spec && state.epoch > 0 && !runNames.title.startsWith('continued')) params.epoch = String(state.epoch);
    return params;
  };
  const link = () => {
    const search = new URLSearchParams({ view: name, ...linkParams() });
    return `${location.origin}${location.pathname}?${search}`;
  };
  // The active view keeps the address up to date: at once for its settings, pauses and the plane, every second while it trains.
  const latestLink = useRef(linkParams);
  latestLink.current = linkParams;
  useEffect(() => {
    if (!active) return;
    writeLink(name, linkParams());
    if (state.status !== 'running') return;
    const timer = setInterval(() => writeLink(name, latestLink.current()), 1000);
    return () => clearInterval(timer);
  }, [active, presetName, settings, planeLink, state.status, state.run, loaded]);
  // A view opened from a link with an epoch trains that run again to that epoch.
  useEffect(() => {
    if (linked?.epoch) start(linked.epoch, linked.settings, linked.preset);
  }, []);

  // A file opened in another view and handed over to this one.
  useEffect(() => {
    if (openedFile) void openFile(openedFile.file);
  }, [openedFile]);

  useShortcuts(active, { ' ': startPauseResume, r: training.reset, o: openPicker });
  useEffect(() => {
    if (!active) return;
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
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  return {
    name,
    kind,
    presets,
    preset: presetName,
    choosePreset,
    settings,
    setSettings: changeSettings,
    fieldErrors,
    training,
    explored,
    explorer: client,
    loaded,
    source,
    error,
    setError,
    dropping,
    ownData,
    setOwnData,
    startPauseResume,
    step,
    speed,
    setSpeed: changeSpeed,
    timeline,
    scrubbed,
    /** The epoch of the past snapshot on show (scrubbed back to), or null when the run's newest model is. */
    pastEpoch: loaded ? null : (past?.epoch ?? null),
    scrub: setScrubbed,
    runs,
    setPlaneLink,
    link,
    linked,
    openFile,
    download,
    downloadExport,
    continueEpochs,
    setContinueEpochs,
    continueTraining,
  };
}

export type ModelSession = ReturnType<typeof useModelSession>;

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
function whyNotContinuable(file: ModelFile, shown: ShownData): string | null {
  if (!file.training) {
    return file.version === 1
      ? 'This is a version-1 model file: it holds the model but not its training state (optimizer, random numbers), so it can be explored here but not continued.'
      : 'This model file holds no training state, so it can be explored here but not continued.';
  }
  if (file.training.stoppedEarly) return `This run stopped early at epoch ${file.training.epochsDone}, by its stop rule: it is complete and cannot be continued.`;
  if (!shown.dataset) return `Its training data, "${file.data.name}", are not in the page, so it cannot be continued here (latentlab train --resume can).`;
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
