import { describe, expect, it } from 'vitest';

import { verifySummary } from './verify';

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
    });
    expect(s.ok).toBe(true);
    expect(s.headline).toBe('All 42 records intact, 2 cases matching their history, 2 attached files unchanged.');
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
