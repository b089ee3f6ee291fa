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
