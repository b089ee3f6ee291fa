// The case form's text state and its conversion to and from CaseFields. List fields are
// edited as textareas with one entry per line.

import type { CaseFields, SubjectKind } from './api';
import { countryForCore, countryLabel } from './countries';
import { joinLines, splitLines } from './format';

export const LIST_FIELDS = [
  'other_names',
  'emails',
  'phones',
  'websites',
  'wallets',
  'principals',
  'referee_emails',
  'referee_phones',
  'known_domains',
  'comparison_urls',
  'accounts',
] as const;
export type ListField = (typeof LIST_FIELDS)[number];

type TextKeys = {
  [K in keyof CaseFields]: CaseFields[K] extends string ? K : never;
}[keyof CaseFields];

/** The delivery details, named in the draft as the core names them in its errors. */
export const DELIVERY_FIELDS = [
  'delivery.ship_to_country',
  'delivery.signed_by',
  'delivery.events',
  'delivery.device_serial',
  'delivery.first_checkin_ip',
] as const;
export type DeliveryField = (typeof DELIVERY_FIELDS)[number];

/** Every case field as the form edits it: lists as newline-separated text. */
export type CaseDraft = { kind: SubjectKind; consent_recorded: boolean } & Record<
  Exclude<TextKeys, 'kind'> | ListField | DeliveryField,
  string
>;

export function emptyDraft(kind: SubjectKind = 'person'): CaseDraft {
  return {
    kind,
    display_name: '',
    other_names: '',
    role: '',
    emails: '',
    phones: '',
    country: '',
    city: '',
    websites: '',
    date_of_birth: '',
    company_name: '',
    principals: '',
    company_registration_number: '',
    company_country: '',
    payout_account_holder: '',
    payout_account: '',
    payout_bank_country: '',
    wallets: '',
    shipping_address: '',
    sourcing_channel: '',
    notes: '',
    referee_emails: '',
    referee_phones: '',
    known_domains: '',
    comparison_urls: '',
    resume_text: '',
    consent_recorded: false,
    accounts: '',
    time_zone: '',
    id_address: '',
    'delivery.ship_to_country': '',
    'delivery.signed_by': '',
    'delivery.events': '',
    'delivery.device_serial': '',
    'delivery.first_checkin_ip': '',
  };
}

/** A stored code as the field shows it: "Germany (DE)". */
function shownCountry(code: string): string {
  return code ? countryLabel(code) : '';
}

export function draftFromFields(f: CaseFields): CaseDraft {
  return {
    kind: f.kind,
    display_name: f.display_name,
    other_names: joinLines(f.other_names),
    role: f.role,
    emails: joinLines(f.emails),
    phones: joinLines(f.phones),
    country: shownCountry(f.country),
    city: f.city,
    websites: joinLines(f.websites),
    date_of_birth: f.date_of_birth,
    company_name: f.company_name,
    principals: joinLines(f.principals),
    company_registration_number: f.company_registration_number,
    company_country: shownCountry(f.company_country),
    payout_account_holder: f.payout_account_holder,
    payout_account: f.payout_account,
    payout_bank_country: shownCountry(f.payout_bank_country),
    wallets: joinLines(f.wallets),
    shipping_address: f.shipping_address,
    sourcing_channel: f.sourcing_channel,
    notes: f.notes,
    referee_emails: joinLines(f.referee_emails),
    referee_phones: joinLines(f.referee_phones),
    known_domains: joinLines(f.known_domains),
    comparison_urls: joinLines(f.comparison_urls),
    resume_text: f.resume_text,
    consent_recorded: f.consent_recorded,
    accounts: joinLines(f.accounts ?? []),
    time_zone: f.time_zone ?? '',
    id_address: f.id_address ?? '',
    'delivery.ship_to_country': shownCountry(f.delivery?.ship_to_country ?? ''),
    'delivery.signed_by': f.delivery?.signed_by ?? '',
    'delivery.events': joinLines(f.delivery?.events ?? []),
    'delivery.device_serial': f.delivery?.device_serial ?? '',
    'delivery.first_checkin_ip': f.delivery?.first_checkin_ip ?? '',
  };
}

/** The draft as CaseFields. A company has no date of birth. */
export function fieldsFromDraft(d: CaseDraft): CaseFields {
  return {
    kind: d.kind,
    display_name: d.display_name.trim(),
    other_names: splitLines(d.other_names),
    role: d.role.trim(),
    emails: splitLines(d.emails),
    phones: splitLines(d.phones),
    country: countryForCore(d.country),
    city: d.city.trim(),
    websites: splitLines(d.websites),
    date_of_birth: d.kind === 'person' ? d.date_of_birth.trim() : '',
    company_name: d.company_name.trim(),
    principals: splitLines(d.principals),
    company_registration_number: d.company_registration_number.trim(),
    company_country: countryForCore(d.company_country),
    payout_account_holder: d.payout_account_holder.trim(),
    payout_account: d.payout_account.trim(),
    payout_bank_country: countryForCore(d.payout_bank_country),
    wallets: splitLines(d.wallets),
    shipping_address: d.shipping_address.trim(),
    sourcing_channel: d.sourcing_channel.trim(),
    notes: d.notes.trim(),
    referee_emails: splitLines(d.referee_emails),
    referee_phones: splitLines(d.referee_phones),
    known_domains: splitLines(d.known_domains),
    comparison_urls: splitLines(d.comparison_urls),
    resume_text: d.resume_text.trim(),
    consent_recorded: d.consent_recorded,
    accounts: splitLines(d.accounts),
    time_zone: d.time_zone.trim(),
    id_address: d.id_address.trim(),
    delivery: {
      ship_to_country: countryForCore(d['delivery.ship_to_country']),
      signed_by: d['delivery.signed_by'].trim(),
      events: splitLines(d['delivery.events']),
      device_serial: d['delivery.device_serial'].trim(),
      first_checkin_ip: d['delivery.first_checkin_ip'].trim(),
    },
  };
}

/** The draft keys a carrier's tracking text can fill. */
const CARRIER_KEYS = ['shipping_address', 'delivery.signed_by', 'delivery.device_serial', 'delivery.events'] as const;

/** Copies into the draft the delivery fields the core filled from tracking text; the
 *  rule of what may be filled is the core's alone. */
export function takeCarrierFill(d: CaseDraft, filled: CaseFields): void {
  const from = draftFromFields(filled);
  for (const key of CARRIER_KEYS) d[key] = from[key];
}
