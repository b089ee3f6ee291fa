import { describe, expect, it } from 'vitest';

import { SHORTCUTS, isTyping, shortcutFor } from './shortcuts';

const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('maps the listed keys to what the overlay says they do', () => {
    expect(shortcutFor(key('?'), false)).toEqual({ kind: 'help' });
    expect(shortcutFor(key('n'), false)).toEqual({ kind: 'new-case' });
    expect(shortcutFor(key('/'), false)).toEqual({ kind: 'search' });
    expect(shortcutFor(key('j'), false)).toEqual({ kind: 'item', step: 1 });
    expect(shortcutFor(key('['), false)).toEqual({ kind: 'section', step: -1 });
    expect(shortcutFor(key('3'), false)).toEqual({ kind: 'outcome', outcome: 'fail' });
    expect(shortcutFor(key('4'), false)).toEqual({ kind: 'outcome', outcome: 'not_applicable' });
    expect(shortcutFor(key('e'), false)).toEqual({ kind: 'export' });
  });

  it('reads "g" then a letter as a place, and nothing else after "g"', () => {
    expect(shortcutFor(key('a'), true)).toEqual({ kind: 'go', place: 'attention' });
    expect(shortcutFor(key('s'), true)).toEqual({ kind: 'go', place: 'settings' });
    expect(shortcutFor(key('n'), true)).toBeNull();
  });

  it('leaves keys with Ctrl, Alt or Meta to the system', () => {
    expect(shortcutFor(key('n', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(key('e', { altKey: true }), false)).toBeNull();
    expect(shortcutFor(key('1', { metaKey: true }), false)).toBeNull();
  });

  it('never takes a key typed into a field, but does from a radio or a button', () => {
    const text = document.createElement('input');
    const radio = document.createElement('input');
    radio.type = 'radio';
    expect(isTyping(text)).toBe(true);
    expect(isTyping(document.createElement('textarea'))).toBe(true);
    expect(isTyping(document.createElement('select'))).toBe(true);
    expect(isTyping(radio)).toBe(false);
    expect(isTyping(document.createElement('button'))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });

  it('lists in the overlay only keys the handler knows', () => {
    for (const row of SHORTCUTS) {
      const first = row.keys.split(' ')[0]!;
      const afterG = row.keys.startsWith('g then');
      const pressed = afterG ? row.keys.slice(-1) : first;
      expect(shortcutFor(key(pressed), afterG), row.keys).not.toBeNull();
    }
  });
});
