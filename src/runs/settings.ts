/** Plain JSON settings objects: merged, and set by dotted path ("training.optimizer.lr"). */

export type Settings = Record<string, unknown>;

export function isSettings(value: unknown): value is Settings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `override` merged over `base`, recursively for objects; arrays and numbers replace. An object
 * that names a different `name` (an optimizer, a noise model) replaces the old one whole, since
 * the old one's fields would not fit it.
 */
export function mergeSettings(base: Settings, override: Settings): Settings {
  const out: Settings = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    const sameKind = isSettings(current) && isSettings(value) && (value.name === undefined || value.name === current.name);
    out[key] = sameKind ? mergeSettings(current, value) : structuredClone(value);
  }
  return out;
}

/** A copy of `target` with `value` at `path`; missing objects on the way are created. */
export function setPath(target: Settings, path: string, value: unknown): Settings {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...target, [head]: structuredClone(value) };
  const inner = target[head];
  return { ...target, [head]: setPath(isSettings(inner) ? inner : {}, rest.join('.'), value) };
}

/** A setter of the value at `path`, e.g. for one flag of `train`. */
export function setFlag(path: string): (target: Settings, value: unknown) => Settings {
  return (target, value) => setPath(target, path, value);
}

/** JSON with object keys sorted, so equal settings give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isSettings(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
