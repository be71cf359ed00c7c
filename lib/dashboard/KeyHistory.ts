/**
 * What the logs say about one key over time, in bounded memory: its latest state and expiry, exact counts of
 * renewals and failures with their times thinned to a bounded list, and its spans in Pending import.
 */
import type { KeyRow } from './types.js';

const PENDING_IMPORT = 'PendingImport';
const ENABLED = 'Enabled';
const MS_PER_DAY = 86_400_000;
/** Times kept per key for the timeline's marks (the counts stay exact). */
const MAX_MARKS = 64;
const MAX_PENDING_SPANS = 32;

/** Appends, then drops every other element once the list is twice `cap` long (always keeping the newest). */
function pushThinned(list: number[], value: number, cap: number): void {
  list.push(value);
  if (list.length < cap * 2) return;
  let kept = 0;
  for (let i = list.length % 2 === 0 ? 1 : 0; i < list.length; i += 2) list[kept++] = list[i] as number;
  list.length = kept;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

class KeyHistory {
  readonly keyId: string;
  alias = '';
  region: string | null = null;
  state = 'Unknown';
  /** `undefined` until a line tells; `null` = never expires. */
  expiresMs: number | null | undefined;
  /** The last `expires_at` text parsed for this key, and its value (a repeated text skips parsing). */
  parsedExpiry: { text: string; ms: number } | undefined;
  firstSeenMs = Number.POSITIVE_INFINITY;
  lastSeenMs = Number.NEGATIVE_INFINITY;
  renewals = 0;
  failures = 0;
  lastErrorCode: string | null = null;
  readonly #renewalTimes: number[] = [];
  readonly #failureTimes: number[] = [];
  #stateMs = Number.NEGATIVE_INFINITY;
  #lastEnabledMs = Number.NEGATIVE_INFINITY;
  #pending: Array<[number, number | null]> = [];
  #closedPendingMs = 0;

  constructor(keyId: string) {
    this.keyId = keyId;
  }

  seen(timeMs: number): void {
    if (timeMs < this.firstSeenMs) this.firstSeenMs = timeMs;
    if (timeMs > this.lastSeenMs) this.lastSeenMs = timeMs;
  }

  /**
   * The key's state (and expiry, when the line tells it) at `timeMs`. An older line never overrides a newer
   * one. `outage: false` for a state that is not an outage although named Pending import (a key just created,
   * before its first import).
   */
  observe(timeMs: number, state: string, expiresMs: number | null | undefined, outage = true): void {
    this.seen(timeMs);
    if (timeMs < this.#stateMs) return;
    this.#stateMs = timeMs;
    if (state === PENDING_IMPORT && outage) this.#openPending(timeMs);
    else if (state !== PENDING_IMPORT) this.#closePending(timeMs);
    this.state = state;
    if (expiresMs !== undefined) this.expiresMs = expiresMs;
    if (state === ENABLED) this.#lastEnabledMs = timeMs;
  }

  renewed(timeMs: number): void {
    this.renewals += 1;
    pushThinned(this.#renewalTimes, seconds(timeMs), MAX_MARKS);
  }

  failed(timeMs: number, code: string | undefined): void {
    this.failures += 1;
    pushThinned(this.#failureTimes, seconds(timeMs), MAX_MARKS);
    if (code !== undefined) this.lastErrorCode = code;
  }

  /** The key's row, with days left and open spans measured up to `asOfMs`. */
  row(asOfMs: number): KeyRow {
    const expiresMs = this.expiresMs ?? null;
    const daysLeft = expiresMs === null ? null : Math.round(((expiresMs - asOfMs) / MS_PER_DAY) * 100) / 100;
    const openMs = this.#pending.reduce((sum, [start, end]) => sum + (end === null ? Math.max(0, asOfMs - start) : 0), 0);
    return {
      key_id: this.keyId,
      alias: this.alias,
      region: this.region,
      state: this.state,
      expires_at: expiresMs === null ? null : seconds(expiresMs),
      days_left: daysLeft,
      first_seen: seconds(this.firstSeenMs),
      last_seen: seconds(this.lastSeenMs),
      renewals: this.renewals,
      renewal_ts: [...this.#renewalTimes],
      failures: this.failures,
      failure_ts: [...this.#failureTimes],
      last_error_code: this.lastErrorCode,
      pending: this.#pending.map(([start, end]) => [seconds(start), end === null ? null : seconds(end)]),
      pending_s: Math.round((this.#closedPendingMs + openMs) / 1000),
      overdue: this.state === ENABLED && expiresMs !== null && expiresMs < asOfMs,
    };
  }

  /** The key fell into Pending import when its material expired, if the logs saw it enabled before that. */
  #openPending(timeMs: number): void {
    const last = this.#pending[this.#pending.length - 1];
    if (last !== undefined && last[1] === null) return;
    const expiry = this.expiresMs;
    const start = typeof expiry === 'number' && expiry <= timeMs && expiry > this.#lastEnabledMs ? expiry : timeMs;
    this.#pending.push([start, null]);
    if (this.#pending.length > MAX_PENDING_SPANS) this.#pending.shift();
  }

  #closePending(timeMs: number): void {
    const last = this.#pending[this.#pending.length - 1];
    if (last === undefined || last[1] !== null) return;
    last[1] = timeMs;
    this.#closedPendingMs += Math.max(0, timeMs - last[0]);
  }
}

export { KeyHistory, pushThinned };
