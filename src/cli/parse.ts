import { InvalidArgumentError } from 'commander';

/** Parses a flag's number; the range is checked later by the spec schema, which names the field. */
export function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n)) throw new InvalidArgumentError(`expected a number, got "${value}"`);
  return n;
}

export function integer(value: string): number {
  const n = number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return n;
}

/** A comma-separated list of positive whole numbers, e.g. 35,20,2,20,35. */
export function widths(value: string): number[] {
  return value.split(',').map((part) => {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`layer widths must be positive whole numbers, got "${part}" in "${value}"`);
    return n;
  });
}

/** The most threads any command takes: more only adds waiting on a machine of a few cores. */
export const MAX_THREADS = 64;

/** A thread count: a whole number 1..MAX_THREADS. */
export function threadCount(value: string): number {
  const n = integer(value);
  if (n < 1 || n > MAX_THREADS) throw new InvalidArgumentError(`threads must be 1..${MAX_THREADS}, got ${n}`);
  return n;
}
