import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({
  invoke,
  Channel: class {
    onmessage: (m: unknown) => void = () => {};
  },
}));

import type { MonitorView } from '../api';
import AfterHiringPanel from './AfterHiringPanel.svelte';

function view(overrides: Partial<MonitorView> = {}): MonitorView {
  return {
    case_id: 'c1',
    accounts: ['ana@corp.example'],
    imports: [],
    across_cases: [],
    delivery: { findings: [], not_assessed: [] },
    data_sources: ['@ip-location-db/asn 2.3.2026061719 (CC BY 4.0, 2026-06-17)'],
    plan: null,
    ...overrides,
  };
}

const imported = view({
  imports: [
    {
      id: 'i1',
      kind: 'sign_ins',
      format: 'sign-in CSV (time, account, ip)',
      file_name: 'signins.csv',
      sha256: 'a'.repeat(64),
      row_count: 5,
      matched_count: 4,
      imported_at: '2026-12-01T08:00:00.000Z',
      imported_by: 'Dana',
      row_label: 'line',
      assessment: {
        findings: [
          {
            kind: 'hosting_network',
            weight: 'concern',
            item_id: 'monitoring.access',
            summary: '1 sign-in came from a hosting or cloud network: Amazon Web Services (1).',
            rows: [{ line: 4, text: '2026-03-03T15:10:00Z  ana@corp.example  from 13.32.0.1 (AS16509)' }],
            row_count: 1,
            sources: ['AWS Peering Policy, Amazon Web Services, 2025'],
            other_cases: [],
          },
        ],
        not_assessed: ['Impossible travel was not assessed: this log gives no location for its sign-ins.'],
      },
    },
  ],
});

describe('after-hiring panel', () => {
  it('shows that nothing was imported, then an import with its finding, rows and what was not assessed', async () => {
    invoke.mockImplementation((cmd: string) =>
      Promise.resolve(cmd === 'get_monitor' ? view() : cmd === 'pick_monitor_file' ? imported : null),
    );
    const onImported = vi.fn();
    render(AfterHiringPanel, { caseId: 'c1', onImported });
    expect(await screen.findByTestId('monitor-empty')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('monitor-import'));
    const finding = await screen.findByTestId('monitor-finding');
    expect(finding.getAttribute('data-kind')).toBe('hosting_network');
    expect(screen.getByTestId('monitor-row').textContent).toContain('line 4');
    expect(screen.getByText(/Impossible travel was not assessed/)).toBeTruthy();
    expect(onImported).toHaveBeenCalledOnce();
    expect(invoke).toHaveBeenCalledWith('pick_monitor_file', expect.objectContaining({ caseId: 'c1' }));
  });

  it('shows how far a large import has got while it runs', async () => {
    let finish: (v: MonitorView) => void = () => {};
    invoke.mockImplementation((cmd: string, args: { onProgress?: { onmessage: (m: unknown) => void } }) => {
      if (cmd === 'get_monitor') return Promise.resolve(view());
      args.onProgress?.onmessage({ stage: 'reading', done: 50 * 1048576, total: 200 * 1048576 });
      return new Promise<MonitorView>((resolve) => (finish = resolve));
    });
    render(AfterHiringPanel, { caseId: 'c1', onImported: vi.fn() });
    await screen.findByTestId('monitor-empty');
    await fireEvent.click(screen.getByTestId('monitor-import'));
    const bar = await screen.findByTestId('monitor-progress');
    expect(bar.textContent).toContain('Reading 25% of 200.0 MB');
    finish(imported);
    await screen.findByTestId('monitor-finding');
    expect(screen.queryByTestId('monitor-progress')).toBeNull();
  });

  it('keeps the record when the dialog is cancelled and shows a refused file in one line', async () => {
    invoke.mockImplementation((cmd: string) => (cmd === 'get_monitor' ? Promise.resolve(view()) : Promise.resolve(null)));
    const onImported = vi.fn();
    render(AfterHiringPanel, { caseId: 'c1', onImported });
    await screen.findByTestId('monitor-empty');
    await fireEvent.click(screen.getByTestId('monitor-import'));
    expect(onImported).not.toHaveBeenCalled();
    invoke.mockImplementation((cmd: string) =>
      cmd === 'get_monitor'
        ? Promise.resolve(view())
        : Promise.reject({ code: 'invalid_input', message: 'line 3 of the sign-in CSV: "yesterday" is not a time', fields: [] }),
    );
    await fireEvent.click(screen.getByTestId('monitor-import'));
    expect((await screen.findByTestId('monitor-error')).textContent).toContain('line 3');
    expect(screen.getByTestId('monitor-empty')).toBeTruthy();
  });
});
