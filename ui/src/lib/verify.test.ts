import { describe, expect, it } from 'vitest';

import { recordHeadline, verifySummary } from './verify';

describe('verifySummary', () => {
  it('reports an intact log', () => {
    const s = verifySummary({
      chains: 3,
      events: 42,
      breaks: [],
      cases: 2,
      state_mismatches: [],
      evidence_files: 2,
      evidence_problems: [],
      times_backwards: [],
      anchors: [],
      last_trusted_time: null,
    });
    expect(s.ok).toBe(true);
    expect(s.headline).toBe(
      'No tampering found: 2 cases match their history, 2 attached files unchanged (42 recorded changes checked).',
    );
    expect(s.problems).toEqual([]);
  });

  it('says nothing is stored yet for an empty folder, not "all 0 records intact"', () => {
    const s = verifySummary({
      chains: 0,
      events: 0,
      breaks: [],
      cases: 0,
      state_mismatches: [],
      evidence_files: 0,
      evidence_problems: [],
      times_backwards: [],
      anchors: [],
      last_trusted_time: null,
    });
    expect(s.ok).toBe(true);
    expect(s.headline).toBe('Nothing is stored yet.');
  });

  it('lists every break, changed row and evidence problem', () => {
    const s = verifySummary({
      chains: 2,
      events: 10,
      breaks: [
        { kind: 'altered', stream: 'c1', seq: 4 },
        { kind: 'head_mismatch', stream: 'global', expected: 5, found: 4, expected_head_prefix: 'abcd' },
      ],
      cases: 1,
      state_mismatches: [
        {
          case_id: 'c1',
          subject: 'Ann Example',
          what: 'item interview.camera',
          problem: 'its outcome is "pass" but its history says "concern": it was changed outside the app',
        },
      ],
      evidence_files: 1,
      evidence_problems: [{ case_id: 'c1', evidence_id: 'e1', name: 'scan.png', problem: 'the file is missing' }],
      times_backwards: [],
      anchors: [],
      last_trusted_time: null,
    });
    expect(s.ok).toBe(false);
    expect(s.headline).toMatch(/^4 problems found/);
    expect(s.problems).toHaveLength(4);
    expect(s.problems[0]).toContain('record 4 was altered');
    expect(s.problems[1]).toContain('The app-wide history');
    expect(s.problems[2]).toBe(
      'item interview.camera (Ann Example, case c1): its outcome is "pass" but its history says "concern": it was changed outside the app.',
    );
    expect(s.problems[3]).toContain('scan.png');
  });
});

describe('verifySummary with anchors', () => {
  it('lists a time running backwards and an anchor the history no longer extends', () => {
    const s = verifySummary({
      chains: 1,
      events: 3,
      breaks: [],
      cases: 1,
      state_mismatches: [],
      evidence_files: 0,
      evidence_problems: [],
      times_backwards: ['event 3 of c1 says 2025-06-01T09:00:00.000Z, earlier than event 2 before it'],
      anchors: [
        {
          created_at: '2026-12-01T10:00:00.000Z',
          stamped_at: '2026-12-01T10:00:01Z',
          authority_trusted: true,
          problems: ['the history of case c1 has 2 events, fewer than the 4 anchored: it was rolled back or cut'],
          deleted: [],
        },
      ],
      last_trusted_time: null,
    });
    expect(s.ok).toBe(false);
    expect(s.problems).toHaveLength(2);
    expect(s.problems[1]).toContain('rolled back');
  });
});

describe('recordHeadline', () => {
  const base = {
    message: 'long message from the core',
    case_id: 'c1',
    subject: 'Alex Kim',
    fingerprint: null,
    differences: [],
    signer: 'Acme Ltd',
    trusted_by: null,
    exported_by: 'Jane',
    signed_at: '2026-12-01T08:38:27.422Z',
    time_source: 'time from the exporting computer\'s own clock',
    time_trusted: false,
  };
  it('says verified in one sentence with the signer', () => {
    expect(recordHeadline({ ...base, status: 'verified' })).toBe(
      'Verified: signed for Acme Ltd, unchanged since, and identical to the stored case.',
    );
  });
  it('keeps the core message for every failure', () => {
    expect(recordHeadline({ ...base, status: 'changed_after_signing' })).toBe('long message from the core');
  });
});
