/**
 * Overlapping sweeps (two timers at once, a timer retried by the platform, `byok renew` during a timer run) must not
 * renew the same keys twice: a sweep with work to do first takes this lock (one per target); a run that finds it
 * busy waits, then plans again from a fresh discovery, where the keys the first run renewed are no longer due. A
 * lock older than its ttl on the cloud's clock belongs to a sweep that died and may be taken over.
 *
 * The lock is an optimisation of correctness, not a precondition: when it cannot be used, the sweep goes on without
 * it — a key falling into Pending import is worse than a wasted import — and re-describes each key before importing.
 */

/** A held lock. */
interface LockHandle {
  /** The key the lock is attached to (providers without a lock service hang it on a key). */
  holderKeyId: string;
  acquiredAt: Date;
  /** On the cloud's clock: after this another sweep may take the lock over. */
  staleAt: Date;
}

/** The answer of one try. */
type LockAttempt =
  | { status: 'acquired'; handle: LockHandle }
  /** Held by a live sweep; `staleAt` when known. */
  | { status: 'busy'; staleAt: Date | undefined }
  /**
   * The lock cannot be used (permission, network): go on without it. `retryable`: the failure may pass (a 5xx, a
   * dropped connection), so a sweep that may wait tries again before it goes on unlocked.
   */
  | { status: 'unavailable'; errorCode: string; retryable?: boolean };

interface SweepLock {
  /** Tries once to take the lock, attached to `holderKeyId`; takes over a lock older than `ttlMs`. */
  tryAcquire(input: { holderKeyId: string; now: Date; ttlMs: number }): Promise<LockAttempt>;
  /** Releases a held lock; errors are swallowed (the lock goes stale by itself). */
  release(handle: LockHandle): Promise<void>;
}

export type { LockAttempt, LockHandle, SweepLock };
