// Countries by name or code, in the person's language. The core takes ISO 3166-1 alpha-2
// codes; people type names. A name that matches is turned into its code when the form is
// sent; anything else is sent as typed, so the core's error names what the person wrote
// instead of a silently shortened value.

/** Every ISO 3166-1 alpha-2 code the core accepts (the `isocountry` crate's list). */
export const COUNTRY_CODES: readonly string[] = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
`
  .trim()
  .split(/\s+/);

const KNOWN = new Set(COUNTRY_CODES);

/** Common names that are not a country's display name in any language. */
const ALIASES: Record<string, string> = {
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  america: 'US',
  uk: 'GB',
  'u.k.': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  dprk: 'KP',
  'republic of korea': 'KR',
  rok: 'KR',
};

/** The person's languages, then English, so an English name always works too. */
export function languages(): string[] {
  const nav = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return [...validTags(nav), 'en'];
}

/**
 * The tags Intl accepts. A desktop webview reports the system locale, which may be "C" or
 * "en_US" under a bare session; Intl throws on those, and one bad tag must not take the
 * whole form down.
 */
export function validTags(tags: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    if (!t) continue;
    try {
      out.push(...Intl.getCanonicalLocales(t.replace('_', '-')));
    } catch {
      // Not a language tag: skipped.
    }
  }
  return out;
}

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function displayNames(locale: string): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
  } catch {
    return null;
  }
}

/** A country's name in the first of `locales` that has one, else its code. */
export function countryName(code: string, locales: string[] = languages()): string {
  for (const l of locales) {
    const name = displayNames(l)?.of(code);
    if (name) return name;
  }
  return code;
}

/** `United States (US)`: how a code is shown in the field and offered in the list. */
export function countryLabel(code: string, locales: string[] = languages()): string {
  return `${countryName(code, locales)} (${code})`;
}

/** Every country as offered in the field's list, sorted by name in the person's language. */
export function countryOptions(locales: string[] = languages()): { code: string; label: string }[] {
  const collator = new Intl.Collator(validTags(locales));
  return COUNTRY_CODES.map((code) => ({ code, label: countryLabel(code, locales) })).sort((a, b) =>
    collator.compare(a.label, b.label),
  );
}

/**
 * The code a person meant: a code in any case, a label from the list ("Germany (DE)"), or a
 * name in one of `locales` or English, accents and case ignored. `null` when nothing fits.
 */
export function countryCode(text: string, locales: string[] = languages()): string | null {
  const t = text.trim();
  if (t === '') return null;
  const labelled = /\(([A-Za-z]{2})\)\s*$/.exec(t);
  const bare = labelled?.[1] ?? (t.length === 2 ? t : null);
  if (bare && KNOWN.has(bare.toUpperCase())) return bare.toUpperCase();
  const wanted = fold(t);
  const alias = ALIASES[wanted];
  if (alias) return alias;
  for (const l of locales) {
    const names = displayNames(l);
    if (!names) continue;
    const hit = COUNTRY_CODES.find((c) => {
      const n = names.of(c);
      return n !== undefined && fold(n) === wanted;
    });
    if (hit) return hit;
  }
  return null;
}

/** What the form sends for a country field: the code when one fits, else the text as typed. */
export function countryForCore(text: string, locales: string[] = languages()): string {
  return countryCode(text, locales) ?? text.trim();
}
