import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import type { AuditEvent, Evidence, ItemDef, ItemState, Source } from '../api';
import type { ItemActions } from '../state/caseScreen.svelte';
import ItemCard from './ItemCard.svelte';

const XSS = '<img src=x onerror=alert(1)>';

function def(overrides: Partial<ItemDef> = {}): ItemDef {
  return {
    id: 'interview.camera',
    title: 'Camera on for the whole interview',
    severity: 'high',
    applies_to: ['person'],
    mode: 'manual',
    phase: 'pre_hire',
    guidance: { why: 'Why text', how: 'How text', red_flags: ['Broken camera excuses'] },
    record: 'What you saw',
    sources: ['fbi-psa-2025-01'],
    ...overrides,
  };
}

function state(overrides: Partial<ItemState> = {}): ItemState {
  return {
    item_id: 'interview.camera',
    outcome: 'pending',
    note: '',
    updated_at: null,
    updated_by: null,
    ...overrides,
  };
}

const sources = new Map<string, Source>([
  ['fbi-psa-2025-01', { key: 'fbi-psa-2025-01', publisher: 'FBI', title: 'North Korean IT Workers', date: '2025-01-23' }],
]);

function actions(overrides: Partial<ItemActions> = {}): ItemActions {
  return {
    setItem: vi.fn().mockResolvedValue(undefined),
    pickFile: vi.fn().mockResolvedValue(null),
    attachPicked: vi.fn().mockResolvedValue(undefined),
    addUrl: vi.fn().mockResolvedValue(undefined),
    removeEvidence: vi.fn().mockResolvedValue(undefined),
    openEvidence: vi.fn().mockResolvedValue(undefined),
    saveEvidenceCopy: vi.fn().mockResolvedValue(null),
    history: vi.fn().mockResolvedValue([]),
    ...overrides,
  };
}

describe('ItemCard', () => {
  it('renders user text as text, never as markup', async () => {
    const evidence: Evidence[] = [
      {
        id: 'e1',
        item_id: 'interview.camera',
        kind: 'file',
        name: `${XSS}.png`,
        size: 2048,
        sha256: 'ab'.repeat(32),
        media_type: 'image/png',
        captured_at: new Date().toISOString(),
        effective_date: '2025-01-02',
        added_by: XSS,
        note: XSS,
      },
      {
        id: 'e2',
        item_id: 'interview.camera',
        kind: 'url',
        name: `https://x.example/${XSS}`,
        size: null,
        sha256: null,
        media_type: null,
        captured_at: new Date().toISOString(),
        effective_date: null,
        added_by: 'Alice',
        note: '',
      },
    ];
    const history: AuditEvent[] = [
      {
        stream: 'c',
        seq: 3,
        at: new Date().toISOString(),
        actor: XSS,
        kind: 'item_updated',
        item_id: 'interview.camera',
        payload: { note: { from: '', to: XSS } },
        prev_hash: '',
        hash: '',
      },
    ];
    const { container } = render(ItemCard, {
      def: def({ title: XSS }),
      item: state({ note: XSS, updated_at: new Date().toISOString(), updated_by: XSS }),
      evidence,
      sources,
      actions: actions({ history: vi.fn().mockResolvedValue(history) }),
    });

    await fireEvent.click(screen.getByTestId('history-toggle'));
    await waitFor(() => expect(screen.getAllByTestId('history-entry')).toHaveLength(1));

    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    const text = container.textContent ?? '';
    expect(text).toContain(`${XSS}.png`);
    expect(text).toContain(`https://x.example/${XSS}`);
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe(XSS);
    expect(screen.getByTestId('history-entry').textContent).toContain(`${XSS} changed the note`);
    expect((screen.getByTestId('note') as HTMLTextAreaElement).value).toBe(XSS);
    // Links are shown as text, not as clickable links.
    expect(container.querySelector('a')).toBeNull();
    expect(screen.getAllByTestId('evidence-row')).toHaveLength(2);
  });

  it('shows guidance, severity and mode in words, and the source by publisher, title and date', () => {
    const { container } = render(ItemCard, {
      def: def({ mode: 'automated', severity: 'critical' }),
      item: state(),
      evidence: [],
      sources,
      actions: actions(),
    });
    const text = container.textContent ?? '';
    expect(text).toContain('Critical');
    expect(text).toContain('No automated result yet: run the automated checks of this case');
    expect(text).toContain('Broken camera excuses');
    expect(text).toContain('FBI, “North Korean IT Workers”, 2025-01-23');
    expect(container.querySelector('[data-testid="item-interview.camera"]')).not.toBeNull();
  });

  it('folds the guidance of an answered item to its first sentence, and remembers a person unfolding it', async () => {
    localStorage.clear();
    const props = {
      def: def({ guidance: { why: 'Cameras matter. More detail.', how: 'How text', red_flags: [] } }),
      item: state({ outcome: 'pass' }),
      evidence: [],
      sources,
      actions: actions(),
      person: 'Ana',
    };
    const first = render(ItemCard, props);
    const folded = first.getByTestId('guidance') as HTMLDetailsElement;
    expect(folded.open).toBe(false);
    expect(folded.querySelector('summary')?.textContent).toContain('Cameras matter.');
    expect(folded.querySelector('summary')?.textContent).not.toContain('More detail');
    folded.open = true;
    await fireEvent(folded, new Event('toggle'));
    first.unmount();
    // Shown again (another case, or after a restart): open, as Ana left it.
    const again = render(ItemCard, props);
    expect((again.getByTestId('guidance') as HTMLDetailsElement).open).toBe(true);
    again.unmount();
    // Another person's choice is their own.
    const ben = render(ItemCard, { ...props, person: 'Ben' });
    expect((ben.getByTestId('guidance') as HTMLDetailsElement).open).toBe(false);
    ben.unmount();
    // A pending item shows its guidance.
    const pending = render(ItemCard, { ...props, item: state(), person: 'Cy' });
    expect((pending.getByTestId('guidance') as HTMLDetailsElement).open).toBe(true);
  });

  it('offers the automated proposal and accepts it with its summary as the note', async () => {
    const a = actions();
    render(ItemCard, {
      def: def({ id: 'screening.names', mode: 'automated' }),
      item: state({ item_id: 'screening.names' }),
      evidence: [],
      sources,
      actions: a,
      proposal: { item_id: 'screening.names', outcome: 'pass', summary: 'No potential matches.' },
    });
    expect(screen.getByTestId('proposal').textContent).toContain('✓ Pass');
    await fireEvent.click(screen.getByTestId('accept-proposal'));
    await waitFor(() => expect(a.setItem).toHaveBeenCalledWith('screening.names', 'pass', 'No potential matches.'));
  });

  it('saves the outcome at once when chosen', async () => {
    const a = actions();
    const { container } = render(ItemCard, { def: def(), item: state(), evidence: [], sources, actions: a });
    await fireEvent.click(container.querySelector('input[type=radio][value=pass]')!);
    await waitFor(() => expect(screen.getByTestId('save-status').textContent).toBe('Saved'));
    expect(a.setItem).toHaveBeenCalledWith('interview.camera', 'pass', null);
  });

  it('autosaves the note after a pause, then says Saved', async () => {
    const a = actions();
    render(ItemCard, { def: def(), item: state(), evidence: [], sources, actions: a });
    const note = screen.getByTestId('note') as HTMLTextAreaElement;
    note.value = 'Camera stayed on';
    await fireEvent.input(note);
    expect(screen.getByTestId('save-status').textContent).toBe('Saving…');
    expect(a.setItem).not.toHaveBeenCalled();
    await waitFor(() => expect(a.setItem).toHaveBeenCalledWith('interview.camera', null, 'Camera stayed on'), {
      timeout: 2000,
    });
    await waitFor(() => expect(screen.getByTestId('save-status').textContent).toBe('Saved'));
    expect(a.setItem).toHaveBeenCalledTimes(1);
  });

  it('saves the note at once when the field is left', async () => {
    const a = actions();
    render(ItemCard, { def: def(), item: state(), evidence: [], sources, actions: a });
    const note = screen.getByTestId('note') as HTMLTextAreaElement;
    note.value = 'typed';
    await fireEvent.input(note);
    await fireEvent.blur(note);
    expect(a.setItem).toHaveBeenCalledWith('interview.camera', null, 'typed');
  });

  it('asks for a reason when Not applicable is chosen without a note, and focuses the note', async () => {
    const message = 'say why the item does not apply: a reason is required for not applicable';
    const a = actions({
      setItem: vi.fn().mockRejectedValueOnce({
        code: 'invalid_input',
        message: `note: ${message}`,
        fields: [{ field: 'note', message }],
      }),
    });
    const { container } = render(ItemCard, { def: def(), item: state(), evidence: [], sources, actions: a });
    await fireEvent.click(container.querySelector('input[type=radio][value=not_applicable]')!);

    const error = await screen.findByTestId('item-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('Say why the item does not apply: a reason is required for not applicable');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('note')));
    expect(screen.getByTestId('save-status').textContent).toBe('Not saved');

    // Typing the reason and leaving the field saves the outcome with it.
    (a.setItem as ReturnType<typeof vi.fn>).mockResolvedValue(undefined);
    const note = screen.getByTestId('note') as HTMLTextAreaElement;
    note.value = 'Company case: no interview';
    await fireEvent.input(note);
    await fireEvent.blur(note);
    expect(a.setItem).toHaveBeenLastCalledWith('interview.camera', 'not_applicable', 'Company case: no interview');
    await waitFor(() => expect(screen.queryByTestId('item-error')).toBeNull());
  });

  it('adds a link with its own details in a dialog, and shows a refused link there', async () => {
    const a = actions({
      addUrl: vi
        .fn()
        .mockRejectedValueOnce({ code: 'invalid_input', message: 'url: bad', fields: [{ field: 'url', message: 'is not a web address' }] })
        .mockResolvedValue(undefined),
    });
    render(ItemCard, { def: def(), item: state(), evidence: [], sources, actions: a });
    const input = screen.getByTestId('evidence-url') as HTMLInputElement;
    const button = screen.getByTestId('add-url') as HTMLButtonElement;
    expect(button.disabled).toBe(true);

    input.value = 'nonsense';
    await fireEvent.input(input);
    await fireEvent.click(button);
    await fireEvent.click(await screen.findByTestId('evidence-dialog-confirm'));
    const dialog = screen.getByTestId('evidence-dialog');
    await waitFor(() => expect(dialog.querySelector('[role="alert"]')?.textContent).toBe('Link: is not a web address'));
    expect(input.value).toBe('nonsense');
    await fireEvent.click(screen.getByText('Cancel'));

    input.value = ' https://profile.example/jane ';
    await fireEvent.input(input);
    await fireEvent.click(button);
    const note = (await screen.findByTestId('evidence-dialog-note')) as HTMLInputElement;
    note.value = 'public profile';
    await fireEvent.input(note);
    await fireEvent.click(screen.getByTestId('evidence-dialog-confirm'));
    await waitFor(() => expect(input.value).toBe(''));
    expect(a.addUrl).toHaveBeenLastCalledWith('interview.camera', 'https://profile.example/jane', {
      effective_date: '',
      note: 'public profile',
    });
    expect(screen.queryByTestId('item-error')).toBeNull();
  });

  it('asks the date and note of the one picked file, and a cancelled pick asks nothing', async () => {
    const pickFile = vi
      .fn()
      .mockResolvedValueOnce(null)
      .mockResolvedValue({ token: 'pick-7', name: 'passport.png', size: 2048 });
    const a = actions({ pickFile });
    render(ItemCard, { def: def(), item: state(), evidence: [], sources, actions: a });
    await fireEvent.click(screen.getByTestId('attach-file'));
    await waitFor(() => expect(pickFile).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId('evidence-dialog-date')).toBeNull();

    await fireEvent.click(screen.getByTestId('attach-file'));
    const date = (await screen.findByTestId('evidence-dialog-date')) as HTMLInputElement;
    expect(screen.getByTestId('evidence-dialog').textContent).toContain('passport.png');
    date.value = '2026-11-30';
    await fireEvent.input(date);
    await fireEvent.click(screen.getByTestId('evidence-dialog-confirm'));
    await waitFor(() =>
      expect(a.attachPicked).toHaveBeenCalledWith('interview.camera', 'pick-7', {
        effective_date: '2026-11-30',
        note: '',
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('evidence-dialog-date')).toBeNull());
  });

  it('takes evidence off only with a reason, and offers Open and Save only for files', async () => {
    const evidence: Evidence[] = [
      {
        id: 'e1',
        item_id: 'interview.camera',
        kind: 'file',
        name: 'wrong.png',
        size: 10,
        sha256: 'ab'.repeat(32),
        media_type: 'image/png',
        captured_at: '2026-11-01T10:00:00Z',
        effective_date: null,
        added_by: 'Alice',
        note: '',
      },
      {
        id: 'e2',
        item_id: 'interview.camera',
        kind: 'url',
        name: 'https://example.com',
        size: null,
        sha256: null,
        media_type: null,
        captured_at: '2026-11-01T10:00:00Z',
        effective_date: null,
        added_by: 'Alice',
        note: '',
      },
    ];
    const a = actions();
    render(ItemCard, { def: def(), item: state(), evidence, sources, actions: a });
    expect(screen.getAllByTestId('evidence-open')).toHaveLength(1);
    expect(screen.getAllByTestId('evidence-save')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('evidence-open'));
    expect(a.openEvidence).toHaveBeenCalledWith('e1');

    await fireEvent.click(screen.getAllByTestId('evidence-remove')[0]!);
    const confirm = (await screen.findByTestId('evidence-dialog-confirm')) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    const reason = screen.getByTestId('evidence-remove-reason') as HTMLInputElement;
    reason.value = 'attached to the wrong case';
    await fireEvent.input(reason);
    expect(confirm.disabled).toBe(false);
    await fireEvent.click(confirm);
    await waitFor(() => expect(a.removeEvidence).toHaveBeenCalledWith('e1', 'attached to the wrong case'));
  });
});
