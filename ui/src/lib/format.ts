// Pure formatting helpers: times, sizes, hashes, list fields.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "just now", "3 minutes ago", "2 hours ago", "yesterday", "5 days ago", then the date.
 * Times a little in the future (clock skew) count as "just now".
 */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const diff = now - t;
  if (diff < 45_000) return 'just now';
  if (diff < HOUR) return `${plural(Math.max(1, Math.round(diff / MINUTE)), 'minute')} ago`;
  if (diff < DAY) return `${plural(Math.floor(diff / HOUR), 'hour')} ago`;
  const days = Math.floor(diff / DAY);
  if (days === 1) return 'yesterday';
  if (days < 30) return `${days} days ago`;
  return `on ${formatDate(iso)}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Local date `YYYY-MM-DD`. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local date and time `YYYY-MM-DD HH:MM:SS`, for titles and records. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "0 bytes", "1 byte", "812 bytes", "1.5 KB", "12 KB", "3.4 MB", "1.0 GB" (1 KB = 1024 bytes). */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n) || n < 0) return 'size unknown';
  if (n < 1024) return plural(Math.round(n), 'byte');
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  // 1023.96 KB would round to "1024 KB": show it as the next unit instead.
  if (v >= 1023.5 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = v < 10 ? v.toFixed(1) : String(Math.round(v));
  return `${text} ${units[i]}`;
}

/** The first 12 hex digits of a hash. */
export function shortHash(hex: string | null | undefined): string {
  return hex ? hex.slice(0, 12) : '';
}

/** A textarea holding one entry per line, as a list: trimmed, blank lines dropped. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A list as textarea text, one entry per line. */
export function joinLines(list: readonly string[]): string {
  return list.join('\n');
}

/** The first `max` characters of a text on one line, with an ellipsis when cut. */
export function excerpt(text: string, max = 120): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one.length <= max) return one;
  return `${one.slice(0, max - 1).trimEnd()}…`;
}

/** A note as the backend stores it: CRLF as LF, trimmed. */
export function normaliseNote(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}
