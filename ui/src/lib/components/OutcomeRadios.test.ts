import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import OutcomeRadios from './OutcomeRadios.svelte';

describe('OutcomeRadios', () => {
  it('is a real radio group in a fieldset with a legend, each option with word and symbol', () => {
    const { container } = render(OutcomeRadios, { name: 'outcome-x', value: 'concern' });

    const fieldset = container.querySelector('fieldset');
    expect(fieldset).not.toBeNull();
    expect(fieldset!.querySelector('legend')?.textContent).toBe('Outcome');

    const radios = Array.from(container.querySelectorAll<HTMLInputElement>('input[type=radio]'));
    expect(radios.map((r) => r.value)).toEqual(['pending', 'pass', 'concern', 'fail', 'not_applicable']);
    expect(radios.every((r) => r.name === 'outcome-x')).toBe(true);
    expect(radios.find((r) => r.checked)?.value).toBe('concern');

    const expected: [string, string][] = [
      ['Pending', '○'],
      ['Pass', '✓'],
      ['Concern', '⚠'],
      ['Fail', '✗'],
      ['Not applicable', '—'],
    ];
    for (const [word, symbol] of expected) {
      // getByLabelText fails unless the radio is labelled by its word.
      const radio = screen.getByLabelText(word, { exact: false }) as HTMLInputElement;
      const label = radio.closest('label')!;
      expect(label.textContent).toContain(word);
      expect(label.textContent).toContain(symbol);
    }
  });

  it('reports the chosen outcome', async () => {
    const onchange = vi.fn();
    const { container } = render(OutcomeRadios, { name: 'o', value: 'pending', onchange });
    await fireEvent.click(container.querySelector('input[value=fail]')!);
    expect(onchange).toHaveBeenCalledWith('fail');
    expect(container.querySelector<HTMLInputElement>('input[value=fail]')!.checked).toBe(true);
  });

  it('chooses the focused outcome with Space or Enter, once', async () => {
    const onchange = vi.fn();
    const { container } = render(OutcomeRadios, { name: 'k', value: 'pending', onchange });
    const pass = container.querySelector<HTMLInputElement>('input[value=pass]')!;
    pass.focus();
    await fireEvent.keyDown(pass, { key: ' ' });
    expect(onchange).toHaveBeenCalledWith('pass');
    expect(pass.checked).toBe(true);
    const fail = container.querySelector<HTMLInputElement>('input[value=fail]')!;
    await fireEvent.keyDown(fail, { key: 'Enter' });
    expect(onchange).toHaveBeenLastCalledWith('fail');
    expect(fail.checked).toBe(true);
    // Again on the chosen one: nothing new to save.
    await fireEvent.keyDown(fail, { key: 'Enter' });
    expect(onchange).toHaveBeenCalledTimes(2);
  });
});
