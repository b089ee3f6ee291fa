import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import * as api from './index';
import { ApiError, toApiError } from './index';

beforeEach(() => {
  invoke.mockReset();
});

describe('commands', () => {
  it('pass camelCase argument keys under the backend command names', async () => {
    invoke.mockResolvedValue({});
    await api.setItem('c1', 'interview.camera', 'pass', null);
    expect(invoke).toHaveBeenLastCalledWith('set_item', {
      caseId: 'c1',
      itemId: 'interview.camera',
      outcome: 'pass',
      note: null,
    });

    await api.attachPickedFile('c1', 'i1', 'pick-1', { effective_date: '', note: 'n' });
    expect(invoke).toHaveBeenLastCalledWith('attach_picked_file', {
      caseId: 'c1',
      itemId: 'i1',
      token: 'pick-1',
      details: { effective_date: '', note: 'n' },
    });

    await api.removeEvidence('c1', 'e1', 'wrong case');
    expect(invoke).toHaveBeenLastCalledWith('remove_evidence', {
      caseId: 'c1',
      evidenceId: 'e1',
      reason: 'wrong case',
    });

    await api.addEvidenceUrl('c1', 'i1', 'https://x.example', { effective_date: '2025-01-01', note: '' });
    expect(invoke).toHaveBeenLastCalledWith('add_evidence_url', {
      caseId: 'c1',
      itemId: 'i1',
      url: 'https://x.example',
      details: { effective_date: '2025-01-01', note: '' },
    });

    await api.decide('c1', 'escalate', 'why', 'Bob');
    expect(invoke).toHaveBeenLastCalledWith('decide', {
      caseId: 'c1',
      decision: 'escalate',
      rationale: 'why',
      reviewer: 'Bob',
    });

    await api.updateCase('c1', {} as never);
    expect(invoke).toHaveBeenLastCalledWith('update_case', { id: 'c1', fields: {} });
    await api.getCase('c1');
    expect(invoke).toHaveBeenLastCalledWith('get_case', { id: 'c1' });
    await api.itemHistory('c1', 'i1');
    expect(invoke).toHaveBeenLastCalledWith('item_history', { caseId: 'c1', itemId: 'i1' });
    await api.deletionImpact('c1');
    expect(invoke).toHaveBeenLastCalledWith('deletion_impact', { caseId: 'c1' });
    await api.deleteCase('c1');
    expect(invoke).toHaveBeenLastCalledWith('delete_case', { caseId: 'c1', reason: null });
    await api.listCases({ text: 'x' });
    expect(invoke).toHaveBeenLastCalledWith('list_cases', { filter: { text: 'x' } });
    await api.setUser('Alice');
    expect(invoke).toHaveBeenLastCalledWith('set_user', { name: 'Alice' });
    await api.verifyAudit();
    expect(invoke).toHaveBeenLastCalledWith('verify_audit', undefined);
  });

  it('return what the backend returns', async () => {
    invoke.mockResolvedValue('01JCASEID');
    await expect(api.createCase({} as never)).resolves.toBe('01JCASEID');
    invoke.mockResolvedValue(null);
    await expect(api.pickEvidenceFile()).resolves.toBeNull();
  });
});

describe('errors', () => {
  it('rethrow an IpcError as an ApiError with code, message and fields', async () => {
    invoke.mockRejectedValue({
      code: 'invalid_input',
      message: 'display name: is required; country: bad',
      fields: [
        { field: 'display_name', message: 'is required' },
        { field: 'country', message: "'XX' is not an ISO code" },
        { field: 'country', message: 'second problem' },
      ],
    });
    const err = await api.createCase({} as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe('display name: is required; country: bad');
    expect(e.fields).toHaveLength(3);
    expect(e.fieldMessage('display_name')).toBe('is required');
    expect(e.fieldMessage('emails')).toBeUndefined();
    expect(e.fieldMap()).toEqual({
      display_name: 'is required',
      country: "'XX' is not an ISO code; second problem",
    });
  });

  it('wrap anything else as internal', async () => {
    invoke.mockRejectedValue('command set_item not allowed');
    const e = (await api.getCase('c').catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('internal');
    expect(e.message).toBe('command set_item not allowed');
    expect(e.fields).toEqual([]);

    expect(toApiError(new TypeError('boom')).message).toBe('boom');
    expect(toApiError(undefined).message).toMatch(/Something went wrong/);
    // An object with an unknown code is not trusted as an IpcError.
    expect(toApiError({ code: 'weird', message: 'x', fields: [] }).code).toBe('internal');
  });

  it('drop malformed field entries', () => {
    const e = toApiError({ code: 'invalid_input', message: 'm', fields: [{ field: 'x' }, 3, { field: 'y', message: 'ok' }] });
    expect(e.fields).toEqual([{ field: 'y', message: 'ok' }]);
  });
});
