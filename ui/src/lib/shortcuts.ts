// The keyboard shortcuts: one table, read by the "?" overlay and by the handler, so the
// overlay can never list a key that does nothing.

import type { Outcome } from './api';
import type { Place } from './state/app.svelte';

/** What a shortcut does. */
export type Shortcut =
  | { kind: 'help' }
  | { kind: 'new-case' }
  | { kind: 'search' }
  | { kind: 'go'; place: Place }
  | { kind: 'item'; step: 1 | -1 }
  | { kind: 'section'; step: 1 | -1 }
  | { kind: 'outcome'; outcome: Outcome }
  | { kind: 'export' };

/** Rows of the overlay: the keys as written, and what they do. */
export const SHORTCUTS: { keys: string; does: string; where: string }[] = [
  { keys: '?', does: 'Show these shortcuts', where: 'Anywhere' },
  { keys: 'n', does: 'New case', where: 'Anywhere' },
  { keys: '/', does: 'Search cases', where: 'Anywhere' },
  { keys: 'g then c', does: 'Go to Cases', where: 'Anywhere' },
  { keys: 'g then a', does: 'Go to Needs attention', where: 'Anywhere' },
  { keys: 'g then l', does: 'Go to Sanctions lists', where: 'Anywhere' },
  { keys: 'g then r', does: 'Go to Records', where: 'Anywhere' },
  { keys: 'g then s', does: 'Go to Settings', where: 'Anywhere' },
  { keys: 'j / k', does: 'Next / previous item', where: 'A case' },
  { keys: '] / [', does: 'Next / previous section', where: 'A case' },
  { keys: '1 2 3 4 0', does: 'Pass, concern, fail, not applicable, pending for the focused item', where: 'A case' },
  { keys: 'e', does: 'Export the PDF record', where: 'A case' },
];

const GO: Record<string, Place> = { c: 'list', a: 'attention', l: 'lists', r: 'records', s: 'settings' };
const OUTCOME_KEYS: Record<string, Outcome> = {
  '1': 'pass',
  '2': 'concern',
  '3': 'fail',
  '4': 'not_applicable',
  '0': 'pending',
};

/** True when the key goes to something being typed into, which shortcuts must not steal. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(target.type);
  }
  return false;
}

/** The shortcut a key press means, given whether "g" was the key before it. Modifier keys
 *  (other than Shift, which "?" needs) leave the key to the system. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, afterG: boolean): Shortcut | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (afterG) {
    const place = GO[e.key];
    return place ? { kind: 'go', place } : null;
  }
  switch (e.key) {
    case '?':
      return { kind: 'help' };
    case 'n':
      return { kind: 'new-case' };
    case '/':
      return { kind: 'search' };
    case 'j':
      return { kind: 'item', step: 1 };
    case 'k':
      return { kind: 'item', step: -1 };
    case ']':
      return { kind: 'section', step: 1 };
    case '[':
      return { kind: 'section', step: -1 };
    case 'e':
      return { kind: 'export' };
  }
  const outcome = OUTCOME_KEYS[e.key];
  return outcome ? { kind: 'outcome', outcome } : null;
}
