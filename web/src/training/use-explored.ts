import { useEffect, useRef, useState } from 'preact/hooks';
import { ExploreClient } from './explore-client.js';
import { exploredModel, type ExploredModel, type ShownData } from './explored-model.js';
import { modelOf, type ModelSnapshot } from './model-parameters.js';

/**
 * The model on show (of the run or file `source`), measured off the main thread: each new snapshot goes to the explore worker,
 * and the view gets it with its codes and wrong pixels once measured. `onDrawn` is called a frame
 * after a model is shown (the page is ready for the next), and `client` does the views' other
 * heavy passes (the decoded grid, the scan) on the same model.
 */
export function useExplored(
  snapshot: ModelSnapshot | null,
  data: ShownData | null,
  source: string,
  onDrawn: () => void,
  onError: (error: Error) => void,
): { explored: ExploredModel | null; client: ExploreClient } {
  const client = useRef<ExploreClient | null>(null);
  client.current ??= new ExploreClient();
  const [explored, setExplored] = useState<ExploredModel | null>(null);
  const drawn = useRef(onDrawn);
  drawn.current = onDrawn;
  const failed = useRef(onError);
  failed.current = onError;

  useEffect(() => () => client.current?.terminate(), []);
  useEffect(() => {
    if (!snapshot || !data) {
      setExplored(null);
      return;
    }
    let current = true;
    let frame = 0;
    const model = modelOf(snapshot);
    client
      .current!.show(snapshot, data.datasetName, source)
      .then((measured) => {
        if (!current) return;
        setExplored(exploredModel(model, data, measured));
        frame = requestAnimationFrame(() => drawn.current());
      })
      .catch((error: Error) => {
        if (current) failed.current(error);
      });
    return () => {
      current = false;
      cancelAnimationFrame(frame);
    };
  }, [snapshot, data]);
  return { explored, client: client.current };
}
