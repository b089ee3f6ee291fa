import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import type { ListUsed, ScreeningView } from '../api';
import ScreeningPanel from './ScreeningPanel.svelte';

const watchlist: ListUsed = {
  list: 'watchlist',
  title: 'Reported fronts',
  published: '2025-06-30',
  sha256: 'b'.repeat(64),
  entity_count: 9,
  stale: false,
  watchlist: true,
};

function sdn(stale: boolean): ListUsed {
  return {
    list: 'ofac_sdn',
    title: 'OFAC SDN list',
    published: '2024-05-03',
    sha256: 'a'.repeat(64),
    entity_count: 3,
    stale,
    watchlist: false,
  };
}

function view(lists: ListUsed[]): ScreeningView {
  return {
    screening: {
      id: 's1',
      screened_at: '2026-12-01T08:00:00.000Z',
      screened_by: 'Dana',
      reason: 'case_opened',
      matcher_version: 'logic-v3',
      thresholds: { review: 0.82, strong: 0.92 },
      lists,
      queries: [{ role: 'name', name: 'Alex Kim', kind: 'person', normalised: 'alex kim' }],
      identifiers: [],
      subject_key: 'k',
      hits: [],
    },
    hits: [],
    proposals: [],
    alerts: [],
    screening_count: 1,
  };
}

function show(v: ScreeningView): void {
  render(ScreeningPanel, {
    screening: v,
    busy: false,
    error: null,
    onScreenAgain: vi.fn(),
    onDispose: vi.fn(),
    onAcknowledge: vi.fn(),
    onOpenLists: vi.fn(),
  });
}

describe('ScreeningPanel', () => {
  it('never says "no potential matches" with a tick when no sanctions list was searched', () => {
    show(view([watchlist]));
    expect(screen.getByTestId('no-lists').textContent).toContain(
      'Not screened against a sanctions list: none is loaded.',
    );
    const line = screen.getByTestId('no-hits').textContent ?? '';
    expect(line).not.toContain('✓');
    expect(line).toContain('no sanctions list was searched');
  });

  it('gives no comfort from a list that is out of date', () => {
    show(view([sdn(true), watchlist]));
    const line = screen.getByTestId('no-hits').textContent ?? '';
    expect(line).not.toContain('✓');
    expect(line).toContain('out of date (OFAC SDN list)');
  });

  it('says no potential matches when an up-to-date sanctions list was searched', () => {
    show(view([sdn(false), watchlist]));
    expect(screen.queryByTestId('no-lists')).toBeNull();
    expect(screen.getByTestId('no-hits').textContent).toContain('✓ No potential matches.');
  });
});
