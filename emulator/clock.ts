/**
 * The emulator's time. Real mode is the wall clock. Virtual mode is a time that moves only
 * through the control surface (`POST /_emulator/clock`), persisted in `meta`, so a restart on
 * the same data file resumes at the same virtual instant and weeks of key expiry can pass in a
 * test. Virtual time never runs backwards: services (expiry, token validity, history) assume a
 * monotonic clock, so `set` to an earlier instant is refused.
 */
import type { Clock } from './types.js';
import type { MetaStore } from './store.js';

const ClockMode = { Real: 'real', Virtual: 'virtual' } as const;
type ClockMode = (typeof ClockMode)[keyof typeof ClockMode];

const VIRTUAL_NOW_KEY = 'clock.virtual_now_ms';

/** Thrown for a move the clock cannot make (real mode, backwards, not a valid time). */
class ClockMoveError extends Error {
  override readonly name = 'ClockMoveError';
}

/** A clock whose mode is fixed at start; only a virtual one can be moved. */
class EmulatorClock implements Clock {
  readonly mode: ClockMode;
  readonly #meta: MetaStore;
  #virtualNowMs: number;

  /**
   * @param mode - `undefined`: virtual when the data file holds a virtual time, else real.
   * @param start - first virtual instant when the data file has none yet (default: wall clock);
   *   ignored when the file already holds a virtual time, and in real mode.
   */
  constructor(mode: ClockMode | undefined, meta: MetaStore, start?: Date) {
    const stored = meta.get(VIRTUAL_NOW_KEY);
    // Unasked, a data file keeps the clock it was made with: one that holds a virtual time stays virtual, so a
    // command opening the main job's data file sees its keys at the time they live in.
    this.mode = mode ?? (stored !== undefined ? ClockMode.Virtual : ClockMode.Real);
    this.#meta = meta;
    this.#virtualNowMs = stored !== undefined ? Number(stored) : (start ?? new Date()).getTime();
    if (this.mode === ClockMode.Virtual && stored === undefined) this.#persist();
  }

  now(): Date {
    return this.mode === ClockMode.Real ? new Date() : new Date(this.#virtualNowMs);
  }

  /** Moves virtual time forward by `seconds` (> 0, finite). Call inside a transaction. */
  advance(seconds: number): Date {
    if (!Number.isFinite(seconds) || seconds <= 0) throw new ClockMoveError('advance_seconds must be a number > 0');
    return this.set(new Date(this.#virtualNowMs + Math.round(seconds * 1000)));
  }

  /** Moves virtual time to `to` (not earlier than now). Call inside a transaction. */
  set(to: Date): Date {
    if (this.mode !== ClockMode.Virtual) throw new ClockMoveError('the clock can only be moved in virtual mode');
    const toMs = to.getTime();
    if (!Number.isFinite(toMs)) throw new ClockMoveError('not a valid time');
    if (toMs < this.#virtualNowMs) {
      throw new ClockMoveError(`virtual time never moves backwards (now ${this.now().toISOString()})`);
    }
    this.#virtualNowMs = toMs;
    this.#persist();
    return this.now();
  }

  /** Puts back an earlier virtual time after the transaction that moved it rolled back. */
  restore(to: Date): void {
    this.#virtualNowMs = to.getTime();
  }

  #persist(): void {
    this.#meta.set(VIRTUAL_NOW_KEY, String(this.#virtualNowMs));
  }
}

export { ClockMode, ClockMoveError, EmulatorClock };
