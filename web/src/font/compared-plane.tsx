import { useEffect, useState } from 'preact/hooks';
import { exploredModel, trainingData, type ExploredModel } from '../training/explored-model.js';
import { codeActivation } from '../training/explored-model.js';
import { modelOf } from '../training/model-parameters.js';
import type { ModelSession } from '../training/use-model-session.js';
import { STILL_MARKS } from '../plane-marks.js';
import { LatentPlane } from './latent-plane.js';
import { fitView } from './plane-geometry.js';

/** "Compare with": a past run of the session whose plane goes beside this one's. */
export function ComparePicker({ session, compared, onCompare }: { session: ModelSession; compared: number | null; onCompare(run: number | null): void }) {
  const current = session.training.state.run;
  const past = session.runs.filter((run) => run.run !== current && run.snapshot);
  if (past.length === 0) return null;
  return (
    <label class="compare-picker" title="a past run's plane beside this one's, each fitted to its codes">
      compare with{' '}
      <select
        name="compare"
        value={compared === null ? '' : String(compared)}
        onInput={(event) => {
          const value = (event.currentTarget as HTMLSelectElement).value;
          onCompare(value === '' ? null : Number(value));
          event.currentTarget.blur();
        }}
      >
        <option value="">none</option>
        {past.map((run) => (
          <option key={run.run} value={String(run.run)}>
            {run.settings} ({run.epoch} epochs)
          </option>
        ))}
      </select>
    </label>
  );
}

/** A past run's plane (its last model, measured by the explore worker), beside the current one. */
export function ComparedPlane({ session, run, size }: { session: ModelSession; run: number | null; size: number }) {
  const past = session.runs.find((candidate) => candidate.run === run);
  const [explored, setExplored] = useState<ExploredModel | null>(null);
  useEffect(() => {
    setExplored(null);
    if (!past?.snapshot) return;
    let current = true;
    const { snapshot } = past;
    const data = trainingData(past.datasetName, past.title);
    session.explorer
      .measure(snapshot, past.datasetName)
      .then((measured) => {
        if (current) setExplored(exploredModel(modelOf(snapshot), data, measured));
      })
      .catch((problem: Error) => session.setError(problem.message));
    return () => {
      current = false;
    };
  }, [past?.run, past?.snapshot]);
  if (!past) return null;
  return (
    <figure class="plane-figure" data-testid="compared-plane" data-run={past.run}>
      {explored ? (
        <LatentPlane
          explored={explored}
          view={fitView(explored.codes, codeActivation(explored))}
          size={size}
          {...STILL_MARKS}
          newGlyphs={null}
          highlighted={null}
          grid={null}
          onZoom={(_factor, _about) => fitView(explored.codes, codeActivation(explored))}
        />
      ) : (
        <div class="empty" style={{ width: `${size}px`, height: `${size}px` }} />
      )}
      <figcaption>
        <code>{past.settings}</code>, {past.epoch} epochs
      </figcaption>
    </figure>
  );
}
