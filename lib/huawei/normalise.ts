/**
 * Wire → domain conversions, used only at the adapter edge. Huawei mixes epoch seconds, 13-digit
 * millisecond strings, numbers sent as strings and "true"/"false" strings
 * (docs/huawei-api.md#times-seconds-milliseconds-and-strings, docs/huawei-api.md#numbers-and-booleans-as-strings),
 * so every reader accepts both a string and a number form.
 *
 * Readers of required or safety-relevant fields throw {@link ResponseShapeError} on a value they
 * cannot read: a silently dropped material expiry would look like "never expires".
 */

/** A JSON object as received. */
type Wire = Record<string, unknown>;

/** A response field had an unexpected shape; the transport turns it into `CLIENT.BadResponse`. */
class ResponseShapeError extends Error {
  override readonly name = 'ResponseShapeError' as const;
  readonly field: string;

  constructor(field: string, expected: string) {
    super(`unexpected value in response field "${field}" (expected ${expected})`);
    this.field = field;
  }
}

/** Values above this are milliseconds: 1e12 ms is 2001-09-09, 1e12 s is the year 33658. */
const MS_THRESHOLD = 1e12;
const NUMERIC = /^-?\d+(\.\d+)?$/;

function isRecord(value: unknown): value is Wire {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown, field: string): Wire {
  if (!isRecord(value)) throw new ResponseShapeError(field, 'an object');
  return value;
}

function optRecord(value: unknown): Wire | undefined {
  return isRecord(value) ? value : undefined;
}

/** Objects of an array field; absent → []. */
function recordList(value: unknown, field: string): Wire[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ResponseShapeError(field, 'an array');
  return value.map((item, i) => asRecord(item, `${field}[${i}]`));
}

/** A string (numbers become strings); empty or absent → `undefined`. */
function optStr(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value === '') return undefined;
  return value;
}

/** A required non-empty string. */
function reqStr(value: unknown, field: string): string {
  const text = optStr(value);
  if (text === undefined) throw new ResponseShapeError(field, 'a non-empty string');
  return text;
}

/** Strings of an array field; absent → []. */
function strList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ResponseShapeError(field, 'an array of strings');
  return value.map((item, i) => reqStr(item, `${field}[${i}]`));
}

/** An integer from a number or numeric string; empty or absent → `undefined`. */
function optInt(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && NUMERIC.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new ResponseShapeError(field, 'a number');
  return Math.trunc(n);
}

/** A boolean from `true`/`false` or "true"/"false" (any case); empty or absent → `undefined`. */
function optBool(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw new ResponseShapeError(field, '"true" or "false"');
}

/**
 * A time from epoch seconds or milliseconds (number or numeric string; > 1e12 means ms) or an
 * ISO-8601 string. Empty, absent, or <= 0 (Huawei's "not set") → `undefined`.
 *
 * @example
 * optDate('1501578672000', 'expiration_time') // 2017-08-01T09:11:12.000Z
 * optDate(1501578672, 'expiration_time')      // the same instant
 */
function optDate(value: unknown, field: string): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let epochMs: number;
  if (typeof value === 'number' || (typeof value === 'string' && NUMERIC.test(value.trim()))) {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new ResponseShapeError(field, 'an epoch time');
    if (n <= 0) return undefined;
    epochMs = n > MS_THRESHOLD ? n : n * 1000;
  } else if (typeof value === 'string') {
    epochMs = Date.parse(value);
  } else {
    epochMs = NaN;
  }
  if (!Number.isFinite(epochMs)) throw new ResponseShapeError(field, 'epoch seconds, milliseconds or ISO-8601');
  return new Date(Math.round(epochMs));
}

/** {@link optDate} for informational fields: an unreadable value gives `undefined` instead of failing. */
function lenientDate(value: unknown): Date | undefined {
  try {
    return optDate(value, 'lenient');
  } catch {
    return undefined;
  }
}

/** Epoch seconds (integer) for a request field such as import-key-material's `expiration_time`. */
function toEpochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export {
  asRecord,
  isRecord,
  lenientDate,
  optBool,
  optDate,
  optInt,
  optRecord,
  optStr,
  recordList,
  reqStr,
  ResponseShapeError,
  strList,
  toEpochSeconds,
};
export type { Wire };
