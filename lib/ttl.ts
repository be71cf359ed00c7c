/**
 * Material lifetime (`byok:ttl`): how long imported key material lives before KMS deletes it and the key goes to
 * Pending import (docs/huawei-api.md#material-expiry). Written as `<N>d` or `<N>h` (1h .. 3650d), or `never`.
 * Pure: the clock is passed in.
 */
import { ByokError } from './errors/index.js';

/** A parsed lifetime; `seconds` is `null` for `never`. */
interface Ttl {
  /** The canonical text, as stored in the `byok:ttl` tag (`30d`, `12h`, `never`). */
  readonly text: string;
  readonly seconds: number | null;
}

/** The lifetime used when none is given. */
const DEFAULT_TTL_TEXT = '30d';

const NEVER = 'never';
const SECONDS_PER_HOUR = 3_600;
const SECONDS_PER_DAY = 86_400;
const MIN_TTL_SECONDS = SECONDS_PER_HOUR;
const MAX_TTL_SECONDS = 3_650 * SECONDS_PER_DAY;
const TTL_PATTERN = /^([1-9]\d{0,5})([dh])$/;

/** What a valid lifetime looks like; used in error messages. */
const TTL_HINT = '"never" or a duration such as 30d or 12h (1h to 3650d)';

/** A lifetime the caller gave that is not {@link TTL_HINT}. The message never quotes the value. */
class TtlError extends ByokError {
  override readonly name = 'TtlError' as const;

  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, code: 'BYOK.INVALID_TTL' });
  }
}

/**
 * Parses a lifetime. Leading zeros, spaces and other units are refused so the tag stays canonical.
 *
 * @throws {TtlError} for anything but `never`, `<N>d`, `<N>h` within 1h..3650d
 * @example
 * parseTtl('30d') // { text: '30d', seconds: 2592000 }
 * parseTtl('never') // { text: 'never', seconds: null }
 */
function parseTtl(text: string): Ttl {
  if (text === NEVER) return { text: NEVER, seconds: null };
  const match = TTL_PATTERN.exec(text);
  if (!match) throw new TtlError(`ttl must be ${TTL_HINT}`);
  const seconds = Number(match[1]) * (match[2] === 'd' ? SECONDS_PER_DAY : SECONDS_PER_HOUR);
  if (seconds < MIN_TTL_SECONDS || seconds > MAX_TTL_SECONDS) throw new TtlError(`ttl must be ${TTL_HINT}`);
  return { text, seconds };
}

/** True when `text` parses with {@link parseTtl}. */
function isTtl(text: string): boolean {
  try {
    parseTtl(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The material expiry to request for an import done at `now`; `undefined` for `never`.
 *
 * @example
 * expiryFor(parseTtl('30d'), clock.now()) // 30 days from now
 */
function expiryFor(ttl: Ttl, now: Date): Date | undefined {
  return ttl.seconds === null ? undefined : new Date(now.getTime() + ttl.seconds * 1000);
}

export { DEFAULT_TTL_TEXT, TTL_HINT, TtlError, expiryFor, isTtl, parseTtl };
export type { Ttl };
