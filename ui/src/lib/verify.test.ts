import { describe, expect, it } from 'vitest';

import { verifySummary } from './verify';

describe('verifySummary', () => {
  it('reports an intact log', () => {
    const s = verifySummary({ chains: 3, events: 42, breaks: [], evidence_files: 2, evidence_problems: [] });
    expect(s.ok).toBe(true);
    expect(s.headline).toMatch(/^All 42 records intact/);
    expect(s.problems).toEqual([]);
  });

  it('lists every break and evidence problem', () => {
    const s = verifySummary({
      chains: 2,
      events: 10,
      breaks: [
        { kind: 'altered', stream: 'c1', seq: 4 },
        { kind: 'head_mismatch', stream: 'global', expected: 5, found: 4, expected_head_prefix: 'abcd' },
      ],
      evidence_files: 1,
      evidence_problems: [{ case_id: 'c1', evidence_id: 'e1', name: 'scan.png', problem: 'the file is missing' }],
    });
    expect(s.ok).toBe(false);
    expect(s.headline).toMatch(/^3 problems found/);
    expect(s.problems).toHaveLength(3);
    expect(s.problems[0]).toContain('record 4 was altered');
    expect(s.problems[1]).toContain('The app-wide history');
    expect(s.problems[2]).toContain('scan.png');
  });
});
