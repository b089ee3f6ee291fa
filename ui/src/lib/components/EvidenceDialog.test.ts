import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import type { Evidence } from '../api';
import EvidenceDialog from './EvidenceDialog.svelte';

function evidence(kind: Evidence['kind']): Evidence {
  const file = kind === 'file';
  return {
    id: '01a23c9a-0e04-7059-8337-916c2a02356e',
    item_id: 'interview.id_on_camera',
    kind,
    name: file ? 'passport.png' : 'https://example.com/x',
    size: file ? 18 : null,
    sha256: file ? 'a'.repeat(64) : null,
    media_type: file ? 'image/png' : null,
    captured_at: '2026-12-03T15:50:00Z',
    effective_date: null,
    added_by: 'Dana Reviewer',
    note: '',
  };
}

describe('EvidenceDialog', () => {
  it('promises a kept SHA-256 only for a file, which has one', () => {
    const noop = () => {};
    const props = { busy: false, error: null, onCancel: noop, onConfirm: noop };
    const link = render(EvidenceDialog, { props: { ...props, request: { kind: 'remove', evidence: evidence('url') } } });
    expect(screen.getByText(/The link leaves this item/).textContent).not.toContain('SHA-256');
    link.unmount();
    render(EvidenceDialog, { props: { ...props, request: { kind: 'remove', evidence: evidence('file') } } });
    expect(screen.getByText(/The file leaves this item/).textContent).toContain('its SHA-256');
  });
});
