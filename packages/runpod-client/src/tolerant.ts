/**
 * Readers that accept what RunPod actually sends, not only what its documents promise
 * (../shared/runpod-api/NOTES.md §1.5): Go `time.String()` timestamps next to ISO-8601,
 * numbers sent as numeric strings, missing keys. Every reader returns `null` (or the given
 * fallback) for a value it cannot read; none of them throws.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `value`, or null when it is missing or not an object. */
export function readObject(value: unknown): JsonObject | null {
  return isObject(value) ? value : null;
}

export function readString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A non-empty string; empty strings mean "unset" in several RunPod fields (e.g. `args`, `template`). */
export function readNonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number, from a number or a numeric string (`"0.74"`). */
export function readNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return NUMERIC.test(trimmed) ? Number(trimmed) : null;
  }
  return null;
}

/** A count: a number or numeric string, floored at 0 and rounded; missing or unreadable → `fallback`. */
export function readCount(value: unknown, fallback = 0): number {
  const number = readNumber(value);
  return number === null ? fallback : Math.max(0, Math.round(number));
}

export function readBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

export function readStringArray(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

/**
 * A list of ids that the spec types as an array but that RunPod's own example sends as one
 * comma-separated string (`"EU-NL-1,EU-RO-1"`, NOTES §1.5).
 */
export function readIdList(value: unknown): string[] {
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
  }
  return readStringArray(value);
}

/** A string → string map; non-string values are dropped, numbers and booleans kept as text. */
export function readStringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (Array.isArray(value)) {
    // GraphQL sends env as ["KEY=value"] (NOTES §1.4).
    for (const item of value) {
      if (typeof item !== 'string') continue;
      const separator = item.indexOf('=');
      if (separator > 0) result[item.slice(0, separator)] = item.slice(separator + 1);
    }
    return result;
  }
  if (!isObject(value)) return result;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') result[key] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') result[key] = String(item);
  }
  return result;
}

const ISO_DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|z|[+-]\d{2}:?\d{2})?)?$/;
// Go's time.String(): "2025-12-16 17:44:56.726 +0000 UTC", optionally followed by the
// monotonic clock reading ("m=+0.001") when the value was never serialised properly.
const GO_DATE_TIME =
  /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-]\d{4})(?: [A-Za-z]{1,6}|[+-]\d{2,4})?(?: m=[+-]\d+(?:\.\d+)?)?$/;

/**
 * Reads a timestamp sent as ISO-8601 (`2026-06-01T12:00:00Z`), Go `time.String()`
 * (`2025-12-16 17:44:56.726 +0000 UTC`), a zone-less `2025-12-13 00:00:00` (read as UTC, as
 * RunPod's billing sends it), or epoch seconds/milliseconds. Anything else becomes null.
 */
export function readTimestamp(value: unknown): Date | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{9,13}$/.test(text)) return fromEpoch(Number(text));

  const go = GO_DATE_TIME.exec(text);
  if (go) return build(go[1], go[2], go[3], go[4]);

  const iso = ISO_DATE_TIME.exec(text);
  if (iso) return build(iso[1], iso[2] ?? '00:00:00', iso[3], iso[4]);
  return null;
}

function fromEpoch(value: number): Date | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  // Values below 1e11 cannot be milliseconds of any date this client will meet (that is 1973).
  const date = new Date(value < 1e11 ? value * 1000 : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function build(
  date: string | undefined,
  time: string | undefined,
  fraction: string | undefined,
  zone: string | undefined,
): Date | null {
  if (date === undefined || time === undefined || !isCalendarDate(date)) return null;
  const seconds = time.length === 5 ? `${time}:00` : time;
  // JavaScript keeps milliseconds; Go sends up to nanoseconds.
  const millis = fraction ? `.${fraction.slice(1, 4).padEnd(3, '0')}` : '';
  const offset = zone === undefined || zone === 'Z' || zone === 'z' ? 'Z' : normaliseOffset(zone);
  const parsed = new Date(`${date}T${seconds}${millis}${offset}`);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** Rejects dates that JavaScript would silently roll over (2025-02-31 → March 3rd). */
function isCalendarDate(date: string): boolean {
  const [year = NaN, month = NaN, day = NaN] = date.split('-').map(Number);
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
}

function normaliseOffset(zone: string): string {
  const digits = zone.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3, 5)}`;
}
