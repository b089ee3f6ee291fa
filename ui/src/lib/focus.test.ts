import { describe, expect, it } from 'vitest';

import { keepingFocus, syncModal } from './focus';

describe('keepingFocus', () => {
  it('gives the focus back to the control once the work is done', async () => {
    const button = document.createElement('button');
    document.body.append(button);
    button.focus();
    await keepingFocus(
      () => button,
      async () => {
        // What disabling the button does to the focus.
        button.blur();
        expect(document.activeElement).toBe(document.body);
      },
    );
    expect(document.activeElement).toBe(button);
    button.remove();
  });

  it('leaves the focus alone when the person moved it meanwhile', async () => {
    const button = document.createElement('button');
    const other = document.createElement('input');
    document.body.append(button, other);
    await keepingFocus(
      () => button,
      async () => other.focus(),
    );
    expect(document.activeElement).toBe(other);
    button.remove();
    other.remove();
  });
});

describe('syncModal', () => {
  it('says it opened only on the change from closed to open', () => {
    const dialog = document.createElement('dialog');
    document.body.append(dialog);
    expect(syncModal(dialog, true)).toBe(true);
    expect(dialog.open).toBe(true);
    // Already open: the caller must not reset what the person is typing.
    expect(syncModal(dialog, true)).toBe(false);
    expect(syncModal(dialog, false)).toBe(false);
    expect(dialog.open).toBe(false);
    dialog.remove();
  });
});
