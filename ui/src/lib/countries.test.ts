import { describe, expect, it } from 'vitest';

import { COUNTRY_CODES, countryCode, countryForCore, countryLabel, countryOptions, validTags } from './countries';

describe('countries', () => {
  it('knows every ISO 3166-1 alpha-2 code the core accepts', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(COUNTRY_CODES).toContain('KP');
    expect(COUNTRY_CODES).not.toContain('UK');
  });

  it('finds a country by code, by its label, or by name in the person language or English', () => {
    expect(countryCode('gb', ['en'])).toBe('GB');
    expect(countryCode('United States', ['en'])).toBe('US');
    expect(countryCode('  united   states ', ['en'])).toBe('US');
    expect(countryCode('Germany (DE)', ['en'])).toBe('DE');
    expect(countryCode('Allemagne', ['fr', 'en'])).toBe('DE');
    expect(countryCode('Corée du Sud', ['fr', 'en'])).toBe('KR');
    expect(countryCode('coree du sud', ['fr', 'en'])).toBe('KR');
    expect(countryCode('South Korea', ['fr', 'en'])).toBe('KR');
    expect(countryCode('UK', ['en'])).toBe('GB');
    expect(countryCode('USA', ['en'])).toBe('US');
  });

  it('never shortens what was typed: an unknown name is sent as it stands', () => {
    expect(countryCode('Narnia', ['en'])).toBeNull();
    expect(countryForCore('Narnia', ['en'])).toBe('Narnia');
    expect(countryForCore('UN', ['en'])).toBe('UN');
    expect(countryForCore('United States', ['en'])).toBe('US');
    expect(countryForCore('', ['en'])).toBe('');
  });

  it('offers every country, labelled with its code, in the person language', () => {
    const options = countryOptions(['en']);
    expect(options).toHaveLength(249);
    expect(options.find((o) => o.code === 'US')?.label).toBe('United States (US)');
    expect(countryLabel('DE', ['de'])).toBe('Deutschland (DE)');
  });

  it('survives the locale a bare desktop session reports', () => {
    expect(validTags(['C', 'en_US', '', undefined, 'fr'])).toEqual(['en-US', 'fr']);
    expect(countryOptions(['C', 'en'])).toHaveLength(249);
    expect(countryCode('Germany', ['C', 'en'])).toBe('DE');
  });
});
