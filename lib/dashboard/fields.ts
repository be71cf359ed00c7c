/** Defensive readers of log line fields: a field of the wrong type reads as absent, never throws. */
import { cleanText } from './cleanText.js';

type LogRecord = Record<string, unknown>;

/** Instants outside this range are treated as unusable (a bad clock would stretch every time axis). */
const MIN_TIME_MS = Date.UTC(2000, 0, 1);
const MAX_TIME_MS = Date.UTC(2200, 0, 1);

function textField(record: LogRecord, name: string, maxChars = 128): string | undefined {
  return cleanText(record[name], maxChars);
}

/** A finite number (numbers sent as strings are accepted, as Huawei does). */
function numberField(record: LogRecord, name: string): number | undefined {
  const value = record[name];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** An ISO instant as epoch ms; `null` when the field is explicitly null (e.g. an expiry of "never"). */
function timeField(record: LogRecord, name: string): number | null | undefined {
  const value = record[name];
  if (value === null) return null;
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= MIN_TIME_MS && ms <= MAX_TIME_MS ? ms : undefined;
}

export { numberField, textField, timeField };
export type { LogRecord };
