/**
 * Overlapping sweeps (two timers at once, a timer retried by FunctionGraph, `byok renew` during a timer run) must
 * not renew the same keys twice. KMS has no compare-and-set, except one: creating an alias that exists fails
 * (KMS.1104). So a sweep that has work to do first creates `alias/byok-keeper-sweep-lock` on one of its managed
 * keys; the run that gets KMS.1104 waits (polling with jitter, up to `lock_wait_seconds`) and then plans again from
 * a fresh discovery, where the keys the first run renewed are no longer due. A lock older than `lock_ttl_seconds`
 * on the cloud's clock belongs to a sweep that died (SIGKILL, timeout): it is deleted and taken over. The holder
 * stops starting keys before its own lock could go stale.
 *
 * The lock is an optimisation of correctness, not a precondition: when it cannot be used (no alias permission,
 * network), the sweep goes on without it — a key falling into Pending import is worse than a wasted import — and
 * every import is preceded by a re-describe of the key (renewalImportStage.ts), so a key another run renewed in the
 * meantime is skipped as `already-renewed` and counted by that run only.
 */

/** A held lock. */
interface LockHandle {
  /** The key the lock alias points at. */
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
  /** The lock cannot be used (permission, network): go on without it. */
  | { status: 'unavailable'; errorCode: string };

/** The lock port (one per target). */
interface SweepLock {
  /** Tries once to take the lock, pointing it at `holderKeyId`; takes over a lock older than `ttlMs`. */
  tryAcquire(input: { holderKeyId: string; now: Date; ttlMs: number }): Promise<LockAttempt>;
  /** Releases a held lock; errors are swallowed (the lock goes stale by itself). */
  release(handle: LockHandle): Promise<void>;
}

export type { LockAttempt, LockHandle, SweepLock };
