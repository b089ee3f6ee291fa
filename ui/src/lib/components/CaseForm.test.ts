import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { CaseFields } from '../api';
import CaseForm from './CaseForm.svelte';

beforeEach(() => {
  invoke.mockReset();
});

function input(container: HTMLElement, name: string): HTMLInputElement | HTMLTextAreaElement {
  const el = container.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
  if (!el) throw new Error(`no control named ${name}`);
  return el;
}

async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  el.value = value;
  await fireEvent.input(el);
}

describe('CaseForm', () => {
  it('names every control after its CaseFields key', () => {
    const { container } = render(CaseForm, { onSaved: vi.fn(), onCancel: vi.fn() });
    for (const name of [
      'display_name',
      'other_names',
      'role',
      'emails',
      'phones',
      'websites',
      'wallets',
      'principals',
      'country',
      'city',
      'date_of_birth',
      'company_name',
      'company_registration_number',
      'company_country',
      'payout_account_holder',
      'payout_account',
      'payout_bank_country',
      'shipping_address',
      'sourcing_channel',
      'notes',
      'consent_recorded',
    ]) {
      const el = input(container, name);
      // Every control has a label.
      expect(el.labels?.length, name).toBeGreaterThan(0);
    }
    const kinds = container.querySelectorAll<HTMLInputElement>('input[type=radio][name=kind]');
    expect(Array.from(kinds).map((k) => k.value)).toEqual(['person', 'company']);
  });

  it('sends lists split on lines, and opens the new case', async () => {
    invoke.mockResolvedValue('01JNEWCASE');
    const onSaved = vi.fn();
    const { container } = render(CaseForm, { onSaved, onCancel: vi.fn() });
    await type(input(container, 'display_name'), 'Jane Roe');
    await type(input(container, 'emails'), 'jane@example.com\n\nj.roe@example.org');
    await type(input(container, 'country'), 'gb');
    await fireEvent.click(screen.getByTestId('save-case'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('01JNEWCASE'));
    const [cmd, args] = invoke.mock.calls[0] as [string, { fields: CaseFields }];
    expect(cmd).toBe('create_case');
    expect(args.fields.display_name).toBe('Jane Roe');
    expect(args.fields.emails).toEqual(['jane@example.com', 'j.roe@example.org']);
    expect(args.fields.country).toBe('GB');
    expect(args.fields.kind).toBe('person');
  });

  it('shows each refused field next to its input, with a focused summary at the top', async () => {
    invoke.mockRejectedValue({
      code: 'invalid_input',
      message: 'display name: is required; country: bad',
      fields: [
        { field: 'display_name', message: 'is required' },
        { field: 'country', message: "'XX' is not an ISO 3166 two-letter country code" },
      ],
    });
    const onSaved = vi.fn();
    const { container } = render(CaseForm, { onSaved, onCancel: vi.fn() });
    await type(input(container, 'country'), 'XX');
    await fireEvent.click(screen.getByTestId('save-case'));

    const nameError = await screen.findByTestId('field-error-display_name');
    expect(nameError.textContent).toBe('Display name is required.');
    expect(screen.getByTestId('field-error-country').textContent).toBe(
      "Country: 'XX' is not an ISO 3166 two-letter country code.",
    );
    expect(input(container, 'display_name').getAttribute('aria-invalid')).toBe('true');
    expect(input(container, 'display_name').getAttribute('aria-describedby')).toContain(nameError.id);

    const summary = screen.getByRole('alert');
    expect(summary.textContent).toContain('2 fields need attention');
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('takes a country by name and sends its code, never a shortened name', async () => {
    invoke.mockResolvedValue('01JNEWCASE');
    const onSaved = vi.fn();
    const { container } = render(CaseForm, { onSaved, onCancel: vi.fn() });
    await type(input(container, 'display_name'), 'Alex Kim');
    await type(input(container, 'country'), 'United States');
    expect(input(container, 'country').getAttribute('maxlength')).toBeNull();
    expect(input(container, 'country').getAttribute('list')).toBe('country-options');
    await fireEvent.click(screen.getByTestId('save-case'));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [, args] = invoke.mock.calls[0] as [string, { fields: CaseFields }];
    expect(args.fields.country).toBe('US');
  });

  it('hides the date of birth for a company', async () => {
    const { container } = render(CaseForm, { onSaved: vi.fn(), onCancel: vi.fn() });
    await fireEvent.click(container.querySelector('input[name=kind][value=company]')!);
    expect(container.querySelector('[name=date_of_birth]')).toBeNull();
  });
});
