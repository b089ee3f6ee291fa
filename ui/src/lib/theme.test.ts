import { afterEach, describe, expect, it, vi } from 'vitest';

import { applyTheme, followSystemTheme, resolveTheme } from './theme';

describe('theme', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('follows the system unless the person chose', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('puts the palette on the page and changes it when the system does', () => {
    let dark = false;
    let listener: (() => void) | null = null;
    vi.stubGlobal('matchMedia', () => ({
      get matches() {
        return dark;
      },
      addEventListener: (_: string, f: () => void) => (listener = f),
      removeEventListener: () => (listener = null),
    }));
    applyTheme('system');
    expect(document.documentElement.dataset.theme).toBe('light');
    const stop = followSystemTheme(() => 'system');
    dark = true;
    listener!();
    expect(document.documentElement.dataset.theme).toBe('dark');
    stop();
    expect(listener).toBeNull();
    applyTheme('light');
    expect(document.documentElement.dataset.theme).toBe('light');
  });
});
