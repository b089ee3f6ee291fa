import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { CaseView } from '../api';
import { CaseScreenState } from './caseScreen.svelte';

function view(note: string): CaseView {
  return {
    case: {
      id: 'c1',
      fields: {} as CaseView['case']['fields'],
      template_id: 't',
      template_version: 1,
      created_at: '',
      created_by: '',
      updated_at: '',
    },
    status: 'open',
    template_title: '',
    notice: '',
    sources: [],
    sections: [
      { id: 'A', title: 'A', summary: '', items: [] },
      { id: 'B', title: 'B', summary: '', items: [] },
    ],
    items: [{ item_id: 'x', outcome: 'pending', note, updated_at: null, updated_by: null }],
    evidence: [],
    decisions: [],
    decision_stale: false,
    retention: { years: 10, from: 'opened', since: '2026-11-24', keep_until: '2036-11-24', due: false },
    progress: { total: 1, answered: 0, sections: [] },
    summary: {
      counts: { pending: 1, pass: 0, concern: 0, fail: 0, not_applicable: 0 },
      red_flags: [],
      pending_before_decision: [],
      critical_pending: 0,
      assessment: 'no_red_flags_yet',
    },
    newer_edition: null,
  };
}

beforeEach(() => {
  invoke.mockReset();
});

describe('CaseScreenState', () => {
  it('runs changes one after another, so a late answer cannot overwrite a newer view', async () => {
    let release: (v: CaseView) => void = () => {};
    const calls: string[] = [];
    invoke.mockImplementation((_cmd: string, args: { note: string }) => {
      calls.push(args.note);
      if (args.note === 'first') return new Promise<CaseView>((r) => (release = r));
      return Promise.resolve(view(args.note));
    });
    const s = new CaseScreenState('c1');
    const first = s.setItem('x', null, 'first');
    const second = s.setItem('x', null, 'second');
    await Promise.resolve();
    // The second change waits for the first.
    expect(calls).toEqual(['first']);
    release(view('first'));
    await Promise.all([first, second]);
    expect(calls).toEqual(['first', 'second']);
    expect(s.itemStates.get('x')?.note).toBe('second');
  });

  it('keeps going after a failed change', async () => {
    invoke.mockRejectedValueOnce({ code: 'invalid_input', message: 'no', fields: [] });
    invoke.mockResolvedValueOnce(view('ok'));
    const s = new CaseScreenState('c1');
    await expect(s.setItem('x', 'not_applicable', null)).rejects.toMatchObject({ code: 'invalid_input' });
    await s.setItem('x', null, 'ok');
    expect(s.itemStates.get('x')?.note).toBe('ok');
  });

  it('opens the remembered section, or the first one when that is gone', async () => {
    invoke.mockResolvedValue(view(''));
    const s = new CaseScreenState('c1', 'B');
    await s.load();
    expect(s.sectionId).toBe('B');
    const t = new CaseScreenState('c1', 'Z');
    await t.load();
    expect(t.sectionId).toBe('A');
  });

  it('reports a missing case as not found', async () => {
    invoke.mockRejectedValue({ code: 'not_found', message: 'There is no such case.', fields: [] });
    const s = new CaseScreenState('gone');
    await s.load();
    expect(s.notFound).toBe(true);
    expect(s.loadError).toBe('There is no such case.');
  });
});
