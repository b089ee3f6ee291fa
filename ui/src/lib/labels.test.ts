import { describe, expect, it } from 'vitest';

import type { Assessment } from './api';
import {
  OUTCOMES,
  assessmentText,
  count,
  decisionWord,
  deletionSentence,
  fieldLabel,
  fieldSentence,
  outcomeLabel,
  outcomeText,
  outcomeWordOf,
  severityWord,
} from './labels';

describe('outcome labels', () => {
  it('give every outcome a word and a distinct symbol', () => {
    expect(OUTCOMES.map((o) => outcomeText(o))).toEqual([
      '○ Pending',
      '✓ Pass',
      '⚠ Concern',
      '✗ Fail',
      '— Not applicable',
    ]);
    const symbols = new Set(OUTCOMES.map((o) => outcomeLabel(o).symbol));
    expect(symbols.size).toBe(OUTCOMES.length);
  });

  it('name outcomes found in untyped payloads, and pass anything else through', () => {
    expect(outcomeWordOf('not_applicable')).toBe('Not applicable');
    expect(outcomeWordOf('bogus')).toBe('bogus');
    expect(outcomeWordOf(undefined)).toBe('undefined');
  });
});

describe('assessment text', () => {
  it.each<[Assessment, string]>([
    ['critical_pending', 'Critical checks are still pending: no assessment until they are done.'],
    ['failed_checks', 'Checks failed: do not proceed, or escalate, unless each failure is resolved.'],
    ['concerns', 'Concerns were raised: resolve them, or proceed only with stated conditions.'],
    ['no_red_flags_yet', 'No red flags so far, but some checks are still pending.'],
    ['no_red_flags', 'All pre-hire checks are done and none raised a red flag.'],
  ])('%s', (a, text) => {
    expect(assessmentText(a)).toBe(text);
  });
});

describe('words', () => {
  it('for decisions and severities', () => {
    expect(decisionWord('proceed_with_conditions')).toBe('Proceed with conditions');
    expect(decisionWord('do_not_proceed')).toBe('Do not proceed');
    expect(severityWord('critical')).toBe('Critical');
  });

  it('for field names, known and unknown', () => {
    expect(fieldLabel('display_name')).toBe('Display name');
    expect(fieldLabel('payout_bank_country')).toBe('Payout bank country');
    expect(fieldLabel('some_new_field')).toBe('Some new field');
  });
});

describe('fieldSentence', () => {
  it('continues a lower-case backend message after the label', () => {
    expect(fieldSentence('Display name', 'is required')).toBe('Display name is required.');
  });

  it('separates a message that starts with a value', () => {
    expect(fieldSentence('Country', "'XX' is not an ISO 3166 two-letter country code (for example GB, US, DE)")).toBe(
      "Country: 'XX' is not an ISO 3166 two-letter country code (for example GB, US, DE).",
    );
  });

  it('does not double the full stop, and copes with an empty message', () => {
    expect(fieldSentence('Notes', 'is too long.')).toBe('Notes is too long.');
    expect(fieldSentence('Notes', '  ')).toBe('Notes is not valid.');
  });
});

describe('deletionSentence', () => {
  const impact = {
    display_name: 'Jane Roe',
    answered_items: 12,
    evidence_files: 1,
    evidence_links: 0,
    decisions: 2,
    events: 31,
    keep_until: '2036-12-01',
    within_retention: false,
  };
  it('says exactly what is lost, with singular and plural', () => {
    expect(count(1, 'link')).toBe('1 link');
    expect(count(2, 'history', 'histories')).toBe('2 histories');
    expect(deletionSentence(impact)).toBe(
      "This permanently deletes the case 'Jane Roe': 12 answered items, 1 attached file, 0 links, " +
        '2 decisions and its history of 31 events. The deletion itself stays in the audit log.',
    );
  });
  it('says the history stays until the end of the retention period', () => {
    expect(deletionSentence({ ...impact, within_retention: true })).toBe(
      "This permanently deletes the case 'Jane Roe': 12 answered items, 1 attached file, 0 links " +
        'and 2 decisions. Its history of 31 events is kept until 2036-12-01, the end of its ' +
        'retention period. The deletion itself stays in the audit log.',
    );
  });
});
