import { describe, expect, it } from 'vitest';

import type { AuditEvent, EventKind } from './api';
import { describeEvent } from './history';

function ev(kind: EventKind, payload: unknown, actor = 'Alice'): AuditEvent {
  return {
    stream: 'case-1',
    seq: 1,
    at: '2025-01-01T00:00:00Z',
    actor,
    kind,
    item_id: 'interview.camera',
    payload,
    prev_hash: '0',
    hash: '1',
  };
}

describe('describeEvent', () => {
  it('names an outcome change in words', () => {
    const line = describeEvent(ev('item_updated', { outcome: { from: 'pending', to: 'pass' } }));
    expect(line.text).toBe('Alice set outcome Pending → Pass');
    expect(line.detail).toBe('');
  });

  it('says the note changed and keeps the new note as detail', () => {
    const line = describeEvent(ev('item_updated', { note: { from: '', to: 'Camera on all along' } }));
    expect(line.text).toBe('Alice changed the note');
    expect(line.detail).toBe('Camera on all along');
  });

  it('joins an outcome and a note change', () => {
    const line = describeEvent(
      ev('item_updated', {
        outcome: { from: 'pending', to: 'not_applicable' },
        note: { from: '', to: 'Company only' },
      }),
    );
    expect(line.text).toBe('Alice set outcome Pending → Not applicable and changed the note');
  });

  it('says when a note was cleared', () => {
    expect(describeEvent(ev('item_updated', { note: { from: 'x', to: '' } })).text).toBe(
      'Alice cleared the note',
    );
  });

  it('names attached files and links', () => {
    expect(describeEvent(ev('evidence_added', { kind: 'file', name: 'scan.png', size: 10 })).text).toBe(
      'Alice attached scan.png',
    );
    expect(
      describeEvent(ev('evidence_added', { kind: 'url', name: 'https://example.com/p', note: 'profile' })),
    ).toEqual({ text: 'Alice added the link https://example.com/p', detail: 'profile' });
  });

  it('describes case-level events', () => {
    expect(describeEvent(ev('case_opened', {})).text).toBe('Alice opened the case');
    expect(
      describeEvent(ev('case_edited', { changes: { emails: { from: [], to: ['a@b.c'] } } })).text,
    ).toBe('Alice edited the case details (e-mails)');
    expect(describeEvent(ev('decision_recorded', { decision: 'escalate', rationale: 'why' }))).toEqual({
      text: 'Alice recorded the decision Escalate',
      detail: 'why',
    });
  });

  it('survives odd payloads and a blank actor', () => {
    expect(describeEvent(ev('item_updated', null, '')).text).toBe('Someone updated the item');
    expect(describeEvent(ev('item_updated', 'garbage')).text).toBe('Alice updated the item');
    expect(describeEvent(ev('evidence_added', [])).text).toBe('Alice attached a file');
    expect(
      describeEvent(ev('evidence_removed', { kind: 'file', name: 'x.png', sha256: 'ab'.repeat(32), reason: 'wrong case' })),
    ).toEqual({ text: 'Alice took off x.png (SHA-256 abababababab…)', detail: 'wrong case' });
  });
});
