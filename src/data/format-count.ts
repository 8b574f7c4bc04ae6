/**
 * A count as a person reads it: 1203899 -> "1,203,899" (rounded to a whole number). Written out
 * rather than with toLocaleString, whose first call loads the locale data (about 30 ms of a
 * command that should take a few hundred).
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const digits = BigInt(Math.round(Math.abs(n))).toString();
  return `${n < 0 && digits !== '0' ? '-' : ''}${digits.replace(/\B(?=(\d{3})+$)/g, ',')}`;
}
