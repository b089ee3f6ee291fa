import { describe, expect, it } from 'vitest';

import { placeOf, routeOf, viewName } from './app.svelte';

describe('routes remembered between starts', () => {
  it('round-trips every place and an open case', () => {
    for (const name of ['list', 'attention', 'lists', 'records', 'settings'] as const) {
      expect(routeOf(viewName({ name }))).toEqual({ name });
    }
    expect(routeOf(viewName({ name: 'case', id: 'abc', item: 'identity.document' }))).toEqual({ name: 'case', id: 'abc' });
  });

  it('reopens a case being edited as the case, and a new-case form as the list', () => {
    expect(viewName({ name: 'edit', id: 'abc' })).toBe('case:abc');
    expect(viewName({ name: 'new' })).toBe('list');
  });

  it('opens the case list for anything it does not know', () => {
    expect(routeOf('')).toEqual({ name: 'list' });
    expect(routeOf('case:')).toEqual({ name: 'list' });
    expect(routeOf('signing-secrets')).toEqual({ name: 'list' });
  });

  it('lights the navigation entry a screen belongs to', () => {
    expect(placeOf({ name: 'case', id: 'x' })).toBe('list');
    expect(placeOf({ name: 'signing' })).toBe('settings');
    expect(placeOf({ name: 'attention' })).toBe('attention');
  });
});
