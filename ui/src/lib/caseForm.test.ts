import { describe, expect, it } from 'vitest';

import type { CaseFields } from './api';
import { draftFromFields, emptyDraft, fieldsFromDraft, takeCarrierFill } from './caseForm';

describe('case form conversion', () => {
  it('splits list textareas into lists and trims the rest', () => {
    const d = emptyDraft('person');
    d.display_name = '  Jane Roe ';
    d.emails = 'jane@example.com\n\n  other@example.org  \n';
    d.phones = '+44 20 7946 0958';
    d.country = 'gb ';
    d.date_of_birth = '1990-02-03';
    const f = fieldsFromDraft(d);
    expect(f.display_name).toBe('Jane Roe');
    expect(f.emails).toEqual(['jane@example.com', 'other@example.org']);
    expect(f.phones).toEqual(['+44 20 7946 0958']);
    expect(f.other_names).toEqual([]);
    expect(f.country).toBe('GB');
    expect(f.date_of_birth).toBe('1990-02-03');
  });

  it('drops the date of birth for a company', () => {
    const d = emptyDraft('company');
    d.date_of_birth = '1990-02-03';
    expect(fieldsFromDraft(d).date_of_birth).toBe('');
  });

  it('round-trips fields through the draft', () => {
    const fields: CaseFields = {
      ...fieldsFromDraft(emptyDraft('company')),
      display_name: 'Acme Ltd',
      other_names: ['Acme', 'ACME Holdings'],
      websites: ['https://acme.example'],
      wallets: ['bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh'],
      consent_recorded: true,
    };
    const draft = draftFromFields(fields);
    expect(draft.other_names).toBe('Acme\nACME Holdings');
    expect(fieldsFromDraft(draft)).toEqual(fields);
  });

  it('reads a case stored before work accounts existed, and keeps accounts one per line', () => {
    // The core leaves empty accounts and time zone out of the stored fields.
    const older = { ...fieldsFromDraft(emptyDraft('person')) } as Partial<CaseFields>;
    delete older.accounts;
    delete older.time_zone;
    const draft = draftFromFields(older as CaseFields);
    expect(draft.accounts).toBe('');
    expect(draft.time_zone).toBe('');
    draft.accounts = 'ana.ruiz@example.com\n  ana@corp.example \n';
    draft.time_zone = ' Europe/Lisbon ';
    const f = fieldsFromDraft(draft);
    expect(f.accounts).toEqual(['ana.ruiz@example.com', 'ana@corp.example']);
    expect(f.time_zone).toBe('Europe/Lisbon');
  });

  it('takes only the delivery fields the core filled from tracking text', () => {
    const d = emptyDraft('person');
    d['delivery.signed_by'] = 'A. Ruiz';
    d['delivery.events'] = 'Held at depot';
    d.notes = 'typed, not yet saved';
    // What the core returns: the draft's fields with the empty ones filled.
    const filled = fieldsFromDraft(d);
    filled.shipping_address = '77 Harbour Road';
    filled.delivery.events = ['Held at depot', 'Redirected to an access point'];
    filled.notes = 'not taken';
    takeCarrierFill(d, filled);
    expect(d['delivery.signed_by']).toBe('A. Ruiz');
    expect(d.shipping_address).toBe('77 Harbour Road');
    expect(d.notes).toBe('typed, not yet saved');
    const f = fieldsFromDraft(d);
    expect(f.delivery.events).toEqual(['Held at depot', 'Redirected to an access point']);
    expect(f.delivery.signed_by).toBe('A. Ruiz');
  });
});
