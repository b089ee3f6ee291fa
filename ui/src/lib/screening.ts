// Words and small derivations for screening results, shared by the case screen and the
// lists screen.

import type { Disposition, Hit, HitView, ListUsed } from './api';

export const DISPOSITIONS: readonly Disposition[] = ['false_positive', 'true_match', 'needs_review'];

const DISPOSITION: Record<Disposition, string> = {
  true_match: 'True match',
  false_positive: 'False positive',
  needs_review: 'Needs review',
};

export function dispositionWord(d: Disposition): string {
  return DISPOSITION[d];
}

const REASON: Record<string, string> = {
  exact: 'same',
  romanisation: 'Korean romanisation variant',
  reading: 'reading of a Chinese character',
  consonants: 'same consonants',
  phonetic: 'sounds alike',
  initial: 'initial',
  spelling: 'similar spelling',
};

export function reasonWord(r: string): string {
  return REASON[r] ?? r.replace(/_/g, ' ');
}

/** What a hit is, in words: a watchlist hit is never called a sanctions match. */
export function hitLabel(h: Hit): string {
  if (isContextOnly(h)) return 'Context: a person charged, not sanctioned (never a match)';
  if (h.list === 'watchlist') return 'Watchlist red flag (public reporting, not a sanctions match)';
  return h.strength === 'strong' ? 'Strong potential match' : 'Potential match';
}

export function listTitle(lists: readonly ListUsed[], list: string): string {
  return lists.find((l) => l.list === list)?.title ?? list;
}

/** A watchlist hit on a person charged but not sanctioned: shown, never judged. */
export function isContextOnly(h: Hit): boolean {
  return h.list === 'watchlist' && h.entry.standing === 'charged';
}

/** A hit still waiting for a reviewer: no disposition, a lapsed one, or "needs review".
 *  Context-only hits never wait for one. */
export function isOpen(h: HitView): boolean {
  if (isContextOnly(h.hit)) return false;
  const d = h.disposition;
  return !d || !d.current || d.disposition === 'needs_review';
}

export function score(n: number): string {
  return n.toFixed(2);
}

/** OFAC's guidance for reviewing a potential match, in five steps. */
export const OFAC_STEPS: readonly string[] = [
  'Is the match against the SDN list or another OFAC list? Hits on other lists (and on the watchlist) carry different obligations.',
  'How much of the name matched? A hit on one common name part alone is weak.',
  "Compare the listed entry's details with what you know: date and place of birth, nationality, addresses, identifiers.",
  'Does anything else connect the subject to the entry (same e-mail, website, phone, wallet, employer)?',
  'If you still cannot rule it out, do not proceed: record "Needs review" and seek legal advice or contact OFAC.',
];
