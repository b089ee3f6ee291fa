import { tick } from 'svelte';

/**
 * Runs `work` for a control that is disabled (or replaced) while it runs, then gives the
 * focus back: a disabled element drops the focus to the page body, which throws a
 * keyboard user back to the top of the page. The focus goes to `target()` as it stands
 * once the page has updated (the same control, or what replaced it), and only when nothing
 * else took the focus meanwhile.
 */
export async function keepingFocus<T>(
  target: () => HTMLElement | null | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const pressed = document.activeElement;
  try {
    return await work();
  } finally {
    await tick();
    const active = document.activeElement;
    // Lost: on the body, on an element the update removed, or still on the control that
    // was pressed when the target is another (WebKit can leave the focus on a disabled
    // button).
    const lost =
      active === null ||
      active === document.body ||
      !active.isConnected ||
      (active === pressed && active instanceof HTMLButtonElement && active.disabled);
    const el = target();
    if (lost && el?.isConnected && el !== active) el.focus();
  }
}

/**
 * Opens or closes a native modal `<dialog>` to match `open`, and says whether it has just
 * opened (the caller then resets its fields and moves the focus in). jsdom has no
 * `showModal`, so the `open` attribute stands in for it there.
 */
export function syncModal(dialog: HTMLDialogElement, open: boolean): boolean {
  if (open && !dialog.open) {
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    return true;
  }
  if (!open && dialog.open) {
    if (typeof dialog.close === 'function') dialog.close();
    else dialog.removeAttribute('open');
  }
  return false;
}
