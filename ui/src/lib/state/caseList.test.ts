import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { CaseSummary } from '../api';
import { CaseListState } from './caseList.svelte';

beforeEach(() => {
  invoke.mockReset();
});

describe('CaseListState', () => {
  it('ignores an answer that arrives after a newer one', async () => {
    const resolvers: ((v: CaseSummary[]) => void)[] = [];
    invoke.mockImplementation(() => new Promise((r) => resolvers.push(r)));
    const s = new CaseListState();
    s.text = 'a';
    const older = s.refresh();
    s.text = 'ab';
    const newer = s.refresh();
    resolvers[1]!([{ display_name: 'newer' } as CaseSummary]);
    await newer;
    resolvers[0]!([{ display_name: 'older' } as CaseSummary]);
    await older;
    expect(s.cases.map((c) => c.display_name)).toEqual(['newer']);
    expect(s.loading).toBe(false);
  });

  it('sends only the filters that are set', () => {
    const s = new CaseListState();
    expect(s.filter()).toEqual({ text: '' });
    expect(s.filtering).toBe(false);
    s.text = '  jane ';
    s.kind = 'company';
    s.decision = 'escalate';
    expect(s.filter()).toEqual({ text: 'jane', kind: 'company', decision: 'escalate' });
    expect(s.filtering).toBe(true);
  });
});
