/**
 * Running keys with bounded concurrency, in the order the sweep hands them over: a key starts only when a slot is
 * free, so the keys started always form a prefix of that order (a continuation can resume right after it), and
 * the reasons a key was not started (deferred) are named here.
 */
import type { PlannedKey, KeyReport } from './types.js';
import { KeyOutcome } from './constants.js';
import { untouchedReport } from './report.js';

/** Keys the sweep may still start, shared across targets (`max_keys`). */
interface KeyBudget {
  remaining: number;
}

/** Why a key was not started. */
interface DeferReason {
  code: string;
  message: string;
}

const DEADLINE: DeferReason = {
  code: 'BYOK.DEADLINE',
  message: 'not started: too close to the function timeout; the next timer tick renews it',
};
const MAX_KEYS: DeferReason = { code: 'BYOK.MAX_KEYS', message: 'not started: max_keys reached for this sweep' };
const LOCK_BUSY: DeferReason = {
  code: 'BYOK.LOCK_BUSY',
  message: 'not started: another sweep holds the lock and was still running; the next tick renews it',
};

/** A deferred key's report. */
function deferred(planned: PlannedKey, why: DeferReason): KeyReport {
  return untouchedReport(planned, KeyOutcome.Deferred, { error_code: why.code, error_message: why.message });
}

/**
 * At most `size` keys at once, started in submission order.
 *
 * @example
 * const pool = new KeyPool(4);
 * for (const key of keys) { await pool.slot(); pool.start(() => renewKey(key, ctx).then(report)); }
 * await pool.drain();
 */
class KeyPool {
  readonly #size: number;
  readonly #running = new Set<Promise<void>>();
  /** The first error a started key's work threw (a bug: renewKey itself never rejects), rethrown by drain. */
  #error: unknown;

  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  /** Waits until a key may start. */
  async slot(): Promise<void> {
    while (this.#running.size >= this.#size) await Promise.race(this.#running);
  }

  /** Starts `work`. Call after {@link slot}. */
  start(work: () => Promise<void>): void {
    const running: Promise<void> = work()
      .catch((error: unknown) => {
        this.#error ??= error;
      })
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  /** Waits for every started key; rethrows what a key's work threw. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.race(this.#running);
    if (this.#error !== undefined) throw this.#error;
  }
}

export { DEADLINE, KeyPool, LOCK_BUSY, MAX_KEYS, deferred };
export type { DeferReason, KeyBudget };
