import { useEffect, useMemo, useState } from 'preact/hooks';
import { parseModel } from '../../../src/models/checkpoint.js';
import { downloadText } from '../download.js';
import { exploredFromFile, exploredFromTraining, modelFileText, type ExploredModel } from './explored-model.js';
import { settingsFromPreset, specFromSettings, type RunSettings } from './run-settings.js';
import { useTraining } from './use-training.js';

/**
 * One view's model: the training form and its live run, or a model file opened or dropped on the
 * page; `explored` is whichever came last. Space, R and O work while the view is active. A VAE model
 * file goes to `onVaeFile` (the app opens it in the VAE view).
 */
export function useModelSession(presets: readonly string[], active: boolean, onVaeFile: (file: File) => void) {
  const [preset, setPreset] = useState(presets[0]);
  const [settings, setSettings] = useState<RunSettings>(() => settingsFromPreset(presets[0]));
  const training = useTraining();
  const [loaded, setLoaded] = useState<ExploredModel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [runName, setRunName] = useState('');
  const [dropping, setDropping] = useState(false);
  const { state } = training;

  const explored = useMemo(
    () => loaded ?? (state.spec && state.parameters ? exploredFromTraining(state.spec, state.parameters, runName) : null),
    [loaded, state.spec, state.parameters, runName],
  );
  /** Changes whenever a new run starts or a file is opened: views reset their zoom, pins and scans. */
  const source = loaded ? `file:${loaded.source.name}:${state.run}` : `run:${state.run}`;

  const choosePreset = (name: string) => {
    setPreset(name);
    setSettings(settingsFromPreset(name));
  };
  const start = () => {
    try {
      const spec = specFromSettings(settings, preset);
      const fromPreset = JSON.stringify(settingsFromPreset(preset)) === JSON.stringify(settings);
      setRunName(`${fromPreset ? preset : 'custom'}-seed${spec.training.seed}`);
      setError(null);
      setLoaded(null);
      training.start(spec);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  const startPauseResume = () => {
    if (state.status === 'running') training.pause();
    else if (state.status === 'paused') training.resume();
    else start();
  };
  const openFile = async (file: File) => {
    try {
      const text = await file.text();
      if (isVaeFile(text)) {
        onVaeFile(file);
        return;
      }
      const model = exploredFromFile(file.name, text);
      training.reset();
      setLoaded(model);
      setError(null);
    } catch (problem) {
      setError((problem as Error).message);
    }
  };
  const download = () => {
    if (!explored) return;
    downloadText(explored.source.kind === 'file' ? explored.source.name : `${explored.source.name}-model.json`, modelFileText(explored));
  };
  const openPicker = () => document.querySelector<HTMLInputElement>('.view.active [data-testid="model-file-input"]')?.click();

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
      const file = event.dataTransfer?.files[0];
      if (file) void openFile(file);
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

  return { presets, preset, choosePreset, settings, setSettings, training, explored, loaded, source, error, setError, dropping, startPauseResume, openFile, download };
}

export type ModelSession = ReturnType<typeof useModelSession>;

/** Keys typed into a form control, pressing a focused button, or with a modifier are not shortcuts. */
export function ignoredKey(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement;
  if (event.ctrlKey || event.metaKey || event.altKey || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return true;
  return target.tagName === 'BUTTON' && (event.key === ' ' || event.key === 'Enter');
}

/** True for a valid VAE model file (anything else goes to the autoencoder's reader, whose errors say what is wrong). */
function isVaeFile(text: string): boolean {
  try {
    return parseModel(text).kind === 'vae';
  } catch {
    return false;
  }
}
