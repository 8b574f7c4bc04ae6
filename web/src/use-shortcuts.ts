import { useEffect, useRef } from 'preact/hooks';

/**
 * A view's keyboard shortcuts while it is active: `actions` by key (event.key). The actions are taken
 * from the latest render at each key press, not from the render that added the listener (effects run
 * only after a paint): a key pressed right after a change (a preset chosen, G pressed twice quickly, a
 * point pinned) acts on the new state, never on an older render's.
 */
export function useShortcuts(active: boolean, actions: Record<string, () => void>): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (ignoredKey(event)) return;
      const action = latest.current[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}

/** Keys typed into a form control, pressing a focused button, or with a modifier are not shortcuts. */
export function ignoredKey(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement;
  if (event.ctrlKey || event.metaKey || event.altKey || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return true;
  return target.tagName === 'BUTTON' && (event.key === ' ' || event.key === 'Enter');
}
