// Words and symbols for the backend's enumerations. Outcomes are always shown with a word
// AND a symbol, never by colour alone.

import type { DeliveryField } from './caseForm';
import type {
  Retention,
  Assessment,
  CaseFields,
  Decision,
  DeletionImpact,
  ItemMode,
  Outcome,
  Severity,
  SubjectKind,
} from './api';

export interface OutcomeLabel {
  word: string;
  symbol: string;
}

export const OUTCOMES: readonly Outcome[] = ['pending', 'pass', 'concern', 'fail', 'not_applicable'];

const OUTCOME_LABELS: Record<Outcome, OutcomeLabel> = {
  pending: { word: 'Pending', symbol: '○' },
  pass: { word: 'Pass', symbol: '✓' },
  concern: { word: 'Concern', symbol: '⚠' },
  fail: { word: 'Fail', symbol: '✗' },
  not_applicable: { word: 'Not applicable', symbol: '—' },
};

export function outcomeLabel(o: Outcome): OutcomeLabel {
  return OUTCOME_LABELS[o];
}

export function outcomeWord(o: Outcome): string {
  return OUTCOME_LABELS[o].word;
}

/** "✓ Pass" */
export function outcomeText(o: Outcome): string {
  const l = OUTCOME_LABELS[o];
  return `${l.symbol} ${l.word}`;
}

/** Accepts any value (audit payloads are untyped) and names it if it is an outcome. */
export function outcomeWordOf(v: unknown): string {
  return typeof v === 'string' && v in OUTCOME_LABELS ? OUTCOME_LABELS[v as Outcome].word : String(v);
}

const SEVERITY: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export function severityWord(s: Severity): string {
  return SEVERITY[s];
}

const MODE: Record<ItemMode, string> = {
  manual: 'Manual check',
  automated: 'Automated check',
  automated_and_manual: 'Automated and manual check',
};

export function modeWord(m: ItemMode): string {
  return MODE[m];
}

export function isAutomated(m: ItemMode): boolean {
  return m !== 'manual';
}

/** Shown on an automated item before any automated result has reached it. */
export const AUTOMATED_NOTICE =
  'No automated result yet: run the automated checks of this case, or record your own check here.';

export const DECISIONS: readonly Decision[] = [
  'proceed',
  'proceed_with_conditions',
  'do_not_proceed',
  'escalate',
];

const DECISION: Record<Decision, string> = {
  proceed: 'Proceed',
  proceed_with_conditions: 'Proceed with conditions',
  do_not_proceed: 'Do not proceed',
  escalate: 'Escalate',
};

export function decisionWord(d: Decision): string {
  return DECISION[d];
}

export function decisionWordOf(v: unknown): string {
  return typeof v === 'string' && v in DECISION ? DECISION[v as Decision] : String(v);
}

const KIND: Record<SubjectKind, string> = { person: 'Person', company: 'Company' };

export function kindWord(k: SubjectKind): string {
  return KIND[k];
}

const ASSESSMENT: Record<Assessment, string> = {
  critical_pending: 'Critical checks are still pending: no assessment until they are done.',
  failed_checks: 'Checks failed: do not proceed, or escalate, unless each failure is resolved.',
  concerns: 'Concerns were raised: resolve them, or proceed only with stated conditions.',
  no_red_flags_yet: 'No red flags so far, but some checks are still pending.',
  no_red_flags: 'All pre-hire checks are done and none raised a red flag.',
};

export function assessmentText(a: Assessment): string {
  return ASSESSMENT[a];
}

/** Labels of the case fields, for the form and for messages about them. */
export const FIELD_LABELS: Record<Exclude<keyof CaseFields, 'delivery'> | DeliveryField, string> = {
  kind: 'Kind',
  display_name: 'Display name',
  other_names: 'Other names and aliases',
  role: 'Role',
  emails: 'E-mails',
  phones: 'Phones',
  country: 'Country',
  city: 'City',
  websites: 'Websites and profiles',
  date_of_birth: 'Date of birth',
  company_name: 'Company name',
  principals: 'Principals',
  company_registration_number: 'Company registration number',
  company_country: 'Company country',
  payout_account_holder: 'Payout account holder',
  payout_account: 'Payout account',
  payout_bank_country: 'Payout bank country',
  wallets: 'Crypto wallets',
  shipping_address: 'Shipping address',
  sourcing_channel: 'Sourcing channel',
  notes: 'Notes',
  referee_emails: 'Referee e-mails',
  referee_phones: 'Referee phones',
  known_domains: 'Real domains',
  comparison_urls: 'Sites to compare',
  resume_text: 'Résumé text',
  consent_recorded: 'Consent',
  accounts: 'Work accounts',
  time_zone: 'Working time zone',
  id_address: 'Address on the ID',
  'delivery.ship_to_country': 'Ship-to country',
  'delivery.signed_by': 'Signed for by',
  'delivery.events': 'Redirect or hold events',
  'delivery.device_serial': 'Device serial',
  'delivery.first_checkin_ip': 'First check-in IP',
};

export function fieldLabel(field: string): string {
  return (FIELD_LABELS as Record<string, string>)[field] ?? capitalise(field.replace(/_/g, ' '));
}

export function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/**
 * A backend field message as a sentence. The backend says "is required" or "'XX' is not an
 * ISO 3166 two-letter country code", meant to follow the field's name.
 */
export function fieldSentence(label: string, message: string): string {
  const m = message.trim();
  if (m === '') return `${label} is not valid.`;
  const sentence = /^[a-z]/.test(m) ? `${label} ${m}` : `${label}: ${m}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** "1 link", "3 links". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What deleting a case loses, in one sentence for the confirmation dialog. */
export function deletionSentence(i: DeletionImpact): string {
  const what =
    `This permanently deletes the case '${i.display_name}': ` +
    `${count(i.answered_items, 'answered item')}, ${count(i.evidence_files, 'attached file')}, ` +
    `${count(i.evidence_links, 'link')}`;
  // Inside the retention period the history stays until the period ends (see the core's
  // `App::delete_case`).
  if (i.within_retention) {
    return (
      `${what} and ${count(i.decisions, 'decision')}. Its history of ${count(i.events, 'event')} ` +
      `is kept until ${i.keep_until}, the end of its retention period. The deletion itself stays in the audit log.`
    );
  }
  return (
    `${what}, ${count(i.decisions, 'decision')} ` +
    `and its history of ${count(i.events, 'event')}. The deletion itself stays in the audit log.`
  );
}

/** How long a case is kept, in words for the case header and the list. */
export function retentionText(r: Retention): string {
  const from = r.from === 'decision' ? 'the decision' : 'opening (no decision yet)';
  if (r.due) {
    return `Past retention: kept until ${r.keep_until} (${r.years} years after ${from}). Delete it only if you decide to.`;
  }
  return `Keep until ${r.keep_until} (${r.years} years after ${from})`;
}
