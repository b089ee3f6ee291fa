import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import type { Hit, HitView, ListUsed } from '../api';
import HitCard from './HitCard.svelte';

const XSS = '<img src=x onerror=alert(1)>';

const lists: ListUsed[] = [
  { list: 'ofac_sdn', title: 'OFAC SDN list', published: '2024-05-03', sha256: 'a'.repeat(64), entity_count: 3, stale: false, watchlist: false },
  { list: 'watchlist', title: 'Reported fronts', published: '2025-06-30', sha256: 'b'.repeat(64), entity_count: 9, stale: false, watchlist: true },
];

function hit(overrides: Partial<Hit> = {}): Hit {
  return {
    list: 'ofac_sdn',
    entry_id: '43377',
    entry: {
      id: '43377',
      kind: 'individual',
      names: [{ name: 'KIM, Sang Man', type: 'primary' }],
      programs: ['DPRK4'],
      dates_of_birth: ['25 Apr 1965'],
      nationalities: ['Korea, North'],
      addresses: [],
      identifiers: [],
      remarks: XSS,
    },
    entry_key: 'k',
    name: 'KIM, Sang Man',
    matched_name: 'KIM, Sang Man',
    matched_name_type: 'primary',
    query: XSS,
    query_role: 'name',
    name_score: 0.97,
    score: 0.97,
    pairs: [{ query: 'sangman', candidate: 'sang man', score: 0.97, reason: 'exact' }],
    unmatched_query: [],
    unmatched_entry: [],
    weights: [
      { token: 'kim', weight: 0.64, rarity: 0.4 },
      { token: 'sangman', weight: 1.92, rarity: 1 },
    ],
    qualifiers: [{ what: 'date of birth', effect: 0.05, detail: 'same date' }],
    identifiers: [],
    strength: 'strong',
    ...overrides,
  } as Hit;
}

describe('HitCard', () => {
  it('explains the match and keeps list text inert', () => {
    const { container } = render(HitCard, { view: { hit: hit(), disposition: null }, lists, onDispose: vi.fn() });
    const text = container.textContent ?? '';
    expect(text).toContain('Strong potential match');
    expect(text).toContain('sangman ↔ sang man: same, 0.97');
    expect(text).toContain('date of birth +0.05: same date');
    expect(text).toContain(XSS);
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows what each word counted and the parties the entry is linked to', () => {
    const linked = hit({
      entry: {
        ...hit().entry,
        relations: [{ role: 'owner of', name: XSS, id: 'NK-1' }],
      },
    });
    const { container, getByTestId } = render(HitCard, { view: { hit: linked, disposition: null }, lists, onDispose: vi.fn() });
    expect(getByTestId('token-weights').textContent).toContain('kim 0.64 (common on the lists), sangman 1.92');
    expect(getByTestId('entry-relations').textContent).toContain(`owner of ${XSS}`);
    expect(getByTestId('entry-relations').textContent).toContain('context, not matches');
    expect(container.querySelector('img')).toBeNull();
  });

  it('calls a watchlist hit a red flag, never a sanctions match', () => {
    const view: HitView = { hit: hit({ list: 'watchlist', entry_id: 'W-004', strength: 'strong' }), disposition: null };
    const { container } = render(HitCard, { view, lists, onDispose: vi.fn() });
    const text = container.textContent ?? '';
    expect(text).toContain('Watchlist red flag (public reporting, not a sanctions match)');
    expect(text).not.toContain('Strong potential match');
  });

  it('records a disposition with its rationale', async () => {
    const onDispose = vi.fn().mockResolvedValue(undefined);
    render(HitCard, { view: { hit: hit(), disposition: null }, lists, onDispose });
    await fireEvent.input(screen.getByLabelText('Rationale (required)'), { target: { value: 'Born 1990, not 1965.' } });
    await fireEvent.click(screen.getByText('Record disposition'));
    expect(screen.getByRole('alert').textContent).toContain('Choose');
    expect(onDispose).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByLabelText('False positive'));
    await fireEvent.click(screen.getByText('Record disposition'));
    await waitFor(() => expect(onDispose).toHaveBeenCalledWith('ofac_sdn', '43377', 'false_positive', 'Born 1990, not 1965.'));
  });

  it('shows a lapsed disposition and asks again', () => {
    const view: HitView = {
      hit: hit(),
      disposition: { disposition: 'false_positive', rationale: 'old', decided_by: 'A', decided_at: '2026-01-01T00:00:00.000Z', current: false },
    };
    render(HitCard, { view, lists, onDispose: vi.fn() });
    expect(screen.getByTestId('disposition').textContent).toContain('no longer applies');
    expect(screen.getByText('Record disposition')).toBeTruthy();
  });
});
