import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { CaseFilter, CaseSummary } from '../api';
import { CaseListState } from '../state/caseList.svelte';
import CaseList from './CaseList.svelte';

function summary(overrides: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: '01J0000000000000000000000A',
    kind: 'person',
    display_name: 'Jane Roe',
    status: 'open',
    decision: null,
    decided_at: null,
    created_at: new Date(Date.now() - 3_600_000).toISOString(),
    updated_at: new Date(Date.now() - 3 * 60_000).toISOString(),
    answered: 12,
    total: 41,
    red_flags: 2,
    monitoring_overdue: 0,
    retention: { years: 10, from: 'opened', since: '2026-11-24', keep_until: '2036-11-24', due: false },
    ...overrides,
  };
}

/** A backend with these cases; list_cases filters by text like the real one, roughly. */
function backend(cases: CaseSummary[]) {
  invoke.mockImplementation(async (cmd: string, args?: { filter: CaseFilter }) => {
    if (cmd !== 'list_cases') throw { code: 'internal', message: `unexpected ${cmd}`, fields: [] };
    const text = args?.filter.text.toLowerCase() ?? '';
    return cases.filter((c) => c.display_name.toLowerCase().includes(text));
  });
}

beforeEach(() => {
  invoke.mockReset();
});

describe('CaseList', () => {
  it('shows the newest hundred of a long list, and the rest a hundred at a time', async () => {
    backend(Array.from({ length: 250 }, (_, i) => summary({ id: `case-${i}`, display_name: `Applicant ${i}` })));
    render(CaseList, { list: new CaseListState(), onOpen: vi.fn(), onNew: vi.fn() });
    expect(await screen.findAllByTestId('case-row')).toHaveLength(100);
    expect(screen.getByText(/150 older cases are not shown/)).toBeTruthy();
    await fireEvent.click(screen.getByTestId('show-more-cases'));
    expect(screen.getAllByTestId('case-row')).toHaveLength(200);
    expect(screen.getByTestId('show-more-cases').textContent).toContain('Show 50 more');
    await fireEvent.click(screen.getByTestId('show-more-cases'));
    expect(screen.getAllByTestId('case-row')).toHaveLength(250);
    expect(screen.queryByTestId('show-more-cases')).toBeNull();
  });

  it('explains what to do when there are no cases at all', async () => {
    backend([]);
    const onNew = vi.fn();
    render(CaseList, { list: new CaseListState(), onOpen: vi.fn(), onNew });
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No cases yet');
    // Said once, by the heading; the text below explains instead of repeating it.
    expect(empty.textContent?.match(/No cases yet/g)).toHaveLength(1);
    expect(empty.textContent).toContain('Start a case');
    expect(empty.textContent).toContain('Export the PDF record');
    expect(screen.queryByTestId('no-matches')).toBeNull();
    expect(screen.queryAllByTestId('case-row')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('start-first-case'));
    expect(onNew).toHaveBeenCalledOnce();
  });

  it('says "no matches" (not the empty state) when a search finds nothing, after a short pause', async () => {
    backend([summary()]);
    render(CaseList, { list: new CaseListState(), onOpen: vi.fn(), onNew: vi.fn() });
    expect(await screen.findAllByTestId('case-row')).toHaveLength(1);

    const search = screen.getByTestId('case-search') as HTMLInputElement;
    search.value = 'zz';
    await fireEvent.input(search);
    search.value = 'zzz';
    await fireEvent.input(search);
    // Debounced: nothing asked yet.
    expect(invoke).toHaveBeenCalledTimes(1);

    const none = await screen.findByTestId('no-matches');
    expect(none.textContent).toContain('No case matches');
    expect(screen.queryByTestId('empty-state')).toBeNull();
    // Two keystrokes, one request.
    expect(invoke).toHaveBeenCalledTimes(2);
    expect(invoke).toHaveBeenLastCalledWith('list_cases', { filter: { text: 'zzz' } });

    await fireEvent.click(screen.getByRole('button', { name: 'Clear search and filters' }));
    expect(await screen.findAllByTestId('case-row')).toHaveLength(1);
    expect(search.value).toBe('');
  });

  it('shows each case with progress, red flags, decision and a relative time, and opens it', async () => {
    const xss = '<img src=x onerror=alert(1)>';
    backend([
      summary(),
      summary({
        id: '01J0000000000000000000000B',
        display_name: xss,
        kind: 'company',
        decision: 'do_not_proceed',
        status: 'decided',
        red_flags: 0,
      }),
    ]);
    const onOpen = vi.fn();
    const { container } = render(CaseList, { list: new CaseListState(), onOpen, onNew: vi.fn() });
    const rows = await screen.findAllByTestId('case-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Jane Roe');
    expect(rows[0]!.textContent).toContain('12/41');
    expect(rows[0]!.textContent).toContain('3 minutes ago');
    expect(rows[0]!.querySelector('time')?.getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(rows[1]!.textContent).toContain(xss);
    expect(rows[1]!.textContent).toContain('Do not proceed');
    expect(rows[1]!.textContent).toContain('Company');
    expect(container.querySelector('img')).toBeNull();

    await fireEvent.click(rows[1]!);
    expect(onOpen).toHaveBeenCalledWith('01J0000000000000000000000B');
  });

  it('passes the filters to the backend and shows its errors in an alert', async () => {
    invoke.mockRejectedValueOnce({ code: 'storage', message: 'The database is locked.', fields: [] });
    const list = new CaseListState();
    render(CaseList, { list, onOpen: vi.fn(), onNew: vi.fn() });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The database is locked.');

    backend([]);
    const status = screen.getByLabelText('Status') as HTMLSelectElement;
    status.value = 'decided';
    await fireEvent.change(status);
    await waitFor(() =>
      expect(invoke).toHaveBeenLastCalledWith('list_cases', { filter: { text: '', status: 'decided' } }),
    );
    expect(await screen.findByTestId('no-matches')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
