import { render, screen, fireEvent } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { CheckResult, ChecksView } from '../api';
import ChecksPanel from './ChecksPanel.svelte';

function result(key: string, state: CheckResult['state'], redFlags = 0): CheckResult {
  return {
    key,
    kind: 'registration',
    target: key.split(':')[1] ?? '',
    item_ids: ['company.domain_age'],
    state,
    message: state === 'done' ? '' : 'could not connect; the computer may be offline',
    findings: Array.from({ length: redFlags }, () => ({
      item_id: 'company.domain_age',
      signal: 'red_flag' as const,
      subject: 'acme.test',
      summary: 'acme.test: registered 4 months ago',
      facts: [],
      passages: [],
      related_case_id: null,
      related_case_name: null,
    })),
    evidence: [],
    started_at: '2026-11-24T10:00:00.000Z',
    finished_at: '2026-11-24T10:00:01.000Z',
  };
}

const view = (results: CheckResult[]): ChecksView => ({
  results,
  proposals: [],
  not_yet_run: [],
  last_run: '2026-11-24T10:00:01.000Z',
});

describe('ChecksPanel', () => {
  it('offers a retry for checks that did not run, never showing them as done', async () => {
    const onRun = vi.fn();
    render(ChecksPanel, {
      checks: view([result('registration:acme.test', 'done', 1), result('dns:acme.test', 'not_run_offline')]),
      progress: {},
      busy: false,
      error: null,
      onRun,
    });
    expect(screen.getByText(/1 red flag\(s\) · 1 not run/)).toBeTruthy();
    const rows = screen.getAllByTestId('check-row');
    expect(rows.map((r) => r.dataset.state)).toEqual(['done', 'not_run_offline']);
    expect(rows[1]!.textContent).toContain('not run — offline');
    await fireEvent.click(screen.getByTestId('retry-check'));
    expect(onRun).toHaveBeenCalledWith(['dns:acme.test']);
    await fireEvent.click(screen.getByTestId('retry-not-run'));
    expect(onRun).toHaveBeenLastCalledWith(['dns:acme.test']);
  });

  it('shows progress while running and disables the button', () => {
    render(ChecksPanel, {
      checks: null,
      progress: {
        'website:https://acme.test/': {
          key: 'website:https://acme.test/',
          kind: 'website',
          target: 'https://acme.test/',
          state: 'running',
          message: '',
        },
      },
      busy: true,
      error: null,
      onRun: vi.fn(),
    });
    expect((screen.getByTestId('run-checks') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('check-row').textContent).toContain('running…');
  });
});
