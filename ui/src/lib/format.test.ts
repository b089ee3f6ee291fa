import { describe, expect, it } from 'vitest';

import {
  excerpt,
  formatBytes,
  formatDate,
  formatDateTime,
  joinLines,
  normaliseNote,
  relativeTime,
  shortHash,
  splitLines,
} from './format';

describe('relativeTime', () => {
  const now = Date.parse('2025-06-10T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it.each([
    [0, 'just now'],
    [30_000, 'just now'],
    [-5_000, 'just now'],
    [50_000, '1 minute ago'],
    [60_000, '1 minute ago'],
    [3 * 60_000, '3 minutes ago'],
    [59 * 60_000, '59 minutes ago'],
    [60 * 60_000, '1 hour ago'],
    [5 * 3_600_000 + 59 * 60_000, '5 hours ago'],
    [24 * 3_600_000, 'yesterday'],
    [47 * 3_600_000, 'yesterday'],
    [48 * 3_600_000, '2 days ago'],
    [29 * 86_400_000, '29 days ago'],
  ])('%d ms ago reads %s', (ms, text) => {
    expect(relativeTime(ago(ms), now)).toBe(text);
  });

  it('gives the date for anything older than a month', () => {
    const iso = ago(40 * 86_400_000);
    expect(relativeTime(iso, now)).toBe(`on ${formatDate(iso)}`);
    expect(relativeTime(iso, now)).toMatch(/^on \d{4}-\d{2}-\d{2}$/);
  });

  it('returns text it cannot parse unchanged', () => {
    expect(relativeTime('not a date', now)).toBe('not a date');
  });
});

describe('formatDateTime', () => {
  it('formats local time with seconds', () => {
    const d = new Date(2024, 0, 5, 7, 8, 9);
    expect(formatDateTime(d.toISOString())).toBe('2024-01-05 07:08:09');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [812, '812 bytes'],
    [1023, '1023 bytes'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [12 * 1024 + 100, '12 KB'],
    [1024 * 1024 - 1, '1.0 MB'],
    [3.4 * 1024 * 1024, '3.4 MB'],
    [5 * 1024 ** 3, '5.0 GB'],
  ])('%d bytes → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('says when the size is unknown', () => {
    expect(formatBytes(null)).toBe('size unknown');
    expect(formatBytes(-1)).toBe('size unknown');
  });
});

describe('shortHash', () => {
  it('keeps the first 12 hex digits', () => {
    expect(shortHash('0123456789abcdef0123')).toBe('0123456789ab');
    expect(shortHash(null)).toBe('');
  });
});

describe('list fields', () => {
  it('split lines, trimming and dropping blanks (any line ending)', () => {
    expect(splitLines('  a@x.com \r\n\r\nb@y.org\n   \nc\rd')).toEqual(['a@x.com', 'b@y.org', 'c', 'd']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('\n\n  \n')).toEqual([]);
  });

  it('join one per line and round-trip', () => {
    const list = ['+44 20 7946 0958', '+1 202 555 0143'];
    expect(joinLines(list)).toBe('+44 20 7946 0958\n+1 202 555 0143');
    expect(splitLines(joinLines(list))).toEqual(list);
    expect(joinLines([])).toBe('');
  });
});

describe('excerpt and normaliseNote', () => {
  it('cuts long text on one line with an ellipsis', () => {
    expect(excerpt('a\n  b')).toBe('a b');
    const long = 'word '.repeat(50);
    const cut = excerpt(long, 20);
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('normalises a note the way the backend stores it', () => {
    expect(normaliseNote('  line one\r\nline two \n')).toBe('line one\nline two');
  });
});
