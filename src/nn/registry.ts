/** Looks a name up in a registry, or throws an error that lists the valid names. */
export function lookup<T>(registry: Readonly<Record<string, T>>, name: string, what: string): T {
  if (!Object.prototype.hasOwnProperty.call(registry, name)) {
    throw new RangeError(`unknown ${what} "${name}"; valid: ${Object.keys(registry).join(', ')}`);
  }
  return registry[name];
}
