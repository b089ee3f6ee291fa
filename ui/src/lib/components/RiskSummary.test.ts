import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import type { RiskSummary as Summary } from '../api';
import RiskSummary from './RiskSummary.svelte';

const summary: Summary = {
  counts: { pending: 30, pass: 8, concern: 1, fail: 2, not_applicable: 0 },
  red_flags: [
    {
      item: { item_id: 'identity.document', title: 'ID document examined', section_id: 'C', severity: 'critical' },
      outcome: 'fail',
      note: 'Photo <b>edited</b>',
    },
  ],
  pending_before_decision: [
    { item_id: 'interview.id_on_camera', title: 'ID shown on camera', section_id: 'B', severity: 'critical' },
  ],
  critical_pending: 1,
  assessment: 'failed_checks',
};

describe('RiskSummary', () => {
  it('shows the headline, counts in words and symbols, and red flags as text', () => {
    const { container } = render(RiskSummary, { summary, onGoToItem: vi.fn() });
    expect(screen.getByTestId('assessment').textContent?.trim()).toBe(
      'Checks failed: do not proceed, or escalate, unless each failure is resolved.',
    );
    const counts = screen.getByRole('list', { name: 'Items by outcome' });
    expect(counts.textContent).toContain('Fail');
    expect(counts.textContent).toContain('✗');
    expect(counts.textContent).toMatch(/Pending\s*30/);
    expect(container.textContent).toContain('Photo <b>edited</b>');
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('1 critical check still pending');
  });

  it('goes to the item when a red flag is clicked', async () => {
    const onGoToItem = vi.fn();
    render(RiskSummary, { summary, onGoToItem });
    await fireEvent.click(screen.getByRole('button', { name: /ID document examined/ }));
    expect(onGoToItem).toHaveBeenCalledWith(summary.red_flags[0]!.item);
  });
});
