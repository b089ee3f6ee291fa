import { beforeEach, describe, expect, it } from 'vitest';

import { firstSentence, guidanceFolded, rememberGuidance } from './guidance';

beforeEach(() => localStorage.clear());

describe('guidance folding', () => {
  it('is open until the item is answered, then folded', () => {
    expect(guidanceFolded('Ana', 'identity.document', false)).toBe(false);
    expect(guidanceFolded('Ana', 'identity.document', true)).toBe(true);
  });

  it("keeps each person's own choice, whatever the answer", () => {
    rememberGuidance('Ana', 'identity.document', true);
    rememberGuidance('Ben', 'identity.document', false);
    expect(guidanceFolded('Ana', 'identity.document', false)).toBe(true);
    expect(guidanceFolded('Ben', 'identity.document', true)).toBe(false);
    expect(guidanceFolded('Ana', 'interview.camera', false)).toBe(false);
  });

  it('survives storage edited into nonsense', () => {
    localStorage.setItem('bonafide.guidance.Ana', '{not json');
    expect(guidanceFolded('Ana', 'identity.document', true)).toBe(true);
    rememberGuidance('Ana', 'identity.document', false);
    expect(guidanceFolded('Ana', 'identity.document', true)).toBe(false);
  });

  it('summarises with the first sentence', () => {
    expect(firstSentence('Fake IDs are cheap. They pass a glance.')).toBe('Fake IDs are cheap.');
    expect(firstSentence('No full stop here')).toBe('No full stop here');
    expect(firstSentence('Version 2.2 is current. Next.')).toBe('Version 2.2 is current.');
  });
});
