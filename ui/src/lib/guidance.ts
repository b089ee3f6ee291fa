// Whether an item's guidance is folded to its one-line summary. A person reads the
// guidance once; after that it only takes space. It folds by itself once the item is
// answered, and a person's own choice to fold or unfold an item is remembered, per person,
// in this window's storage (guidance is the same text for every case, so it is kept by
// item, not by case).

const PREFIX = 'bonafide.guidance.';

type Choice = 'folded' | 'open';

function storageKey(person: string): string {
  return PREFIX + person;
}

function read(person: string): Record<string, Choice> {
  try {
    const raw = localStorage.getItem(storageKey(person));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Choice>) : {};
  } catch {
    // Storage that cannot be read (or was edited by hand) only costs the memory.
    return {};
  }
}

/** Whether the guidance of `itemId` shows folded for `person`. */
export function guidanceFolded(person: string, itemId: string, answered: boolean): boolean {
  const choice = read(person)[itemId];
  if (choice) return choice === 'folded';
  return answered;
}

/** Remembers that `person` folded (or unfolded) the guidance of `itemId`. */
export function rememberGuidance(person: string, itemId: string, folded: boolean): void {
  const choices = read(person);
  choices[itemId] = folded ? 'folded' : 'open';
  try {
    localStorage.setItem(storageKey(person), JSON.stringify(choices));
  } catch {
    // A full or unavailable storage: the choice lasts as long as the page.
  }
}

/** The first sentence of a text, for the folded summary line. */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return (m?.[1] ?? text).trim();
}
