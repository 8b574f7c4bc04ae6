/**
 * The page's state in its address, so a link rebuilds what it shows and a reload keeps it: the view,
 * its preset and form fields (seed and epochs among them), the epoch its run had reached (the page
 * trains the same run to it again: runs are deterministic), the plane's zoom and pinned point.
 * Only the active view writes it, all of it at once.
 */

/** The link the page was opened with (read once: the page rewrites its address as it goes). */
export const openedLink: URLSearchParams = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);

/** The view's part of the link: every parameter but `view`. */
export type LinkParams = Record<string, string>;

/** Numbers of a link, written short but exact (17 significant digits at most, as JSON writes them). */
export const linkNumbers = (values: readonly number[]) => values.map((value) => String(value)).join(',');

/** The numbers a parameter holds, or null when it is missing or not `count` finite numbers. */
export function readNumbers(text: string | null, count: number): number[] | null {
  if (text === null) return null;
  const values = text.split(',').map(Number);
  return values.length === count && values.every(Number.isFinite) ? values : null;
}

/** Replaces the page's address (not its history) by the view's link. */
export function writeLink(view: string, params: LinkParams): void {
  const search = new URLSearchParams({ view, ...params }).toString();
  if (location.search !== `?${search}`) history.replaceState(history.state, '', `?${search}`);
}
