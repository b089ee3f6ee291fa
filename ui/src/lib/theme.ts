// The theme: the person's choice (system, light or dark) resolved to the palette the page
// uses. The page carries the resolved palette as `data-theme` on <html>, so the CSS has one
// dark block and "follow the system" is decided here, where the system's setting is known.

import type { Theme } from './api';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Light or dark, for a choice and the system's current setting. */
export function resolveTheme(choice: Theme, systemDark: boolean): 'light' | 'dark' {
  if (choice === 'system') return systemDark ? 'dark' : 'light';
  return choice;
}

function systemIsDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

/** Puts the palette for `choice` on the page. */
export function applyTheme(choice: Theme): void {
  document.documentElement.dataset.theme = resolveTheme(choice, systemIsDark());
}

/** Re-applies `current()` whenever the system switches between light and dark; returns the
 *  function that stops listening. */
export function followSystemTheme(current: () => Theme): () => void {
  if (typeof window.matchMedia !== 'function') return () => {};
  const query = window.matchMedia(DARK_QUERY);
  const changed = (): void => applyTheme(current());
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
}
