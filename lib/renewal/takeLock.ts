/**
 * Taking a target's sweep lock (lib/ports/SweepLock.ts) when the first renewal is due: a busy lock is polled up
 * to `lockWaitMs`; a failure that may pass (a 500, a dropped connection) is tried again with backoff within the
 * same wait — a live sweep may hold the lock, and going on without it is the last resort —; a lock that cannot be
 * used at all leaves the sweep unlocked (each import is then preceded by a re-describe).
 *
 * A sweep cannot outlive its function's timeout, so when the sweep knows that timeout a lock older than it plus
 * {@link LOCK_MARGIN_MS} is dead and may be taken over, however long `lock_ttl_seconds` is: a killed sweep blocks
 * renewals for one timeout, not for half an hour (docs/renewal.md#the-lock-under-faults).
 */
import type { LockHandle } from '../ports/index.js';
import { fullJitterDelayMs } from '../retry.js';
import type { SweepRun } from './sweepRun.js';
import { mayStartFor } from './sweepRun.js';
import type { LockStatus, RenewalTarget } from './types.js';

/** Added to the function's timeout before a lock counts as dead (clock skew between the sweeps, the release). */
const LOCK_MARGIN_MS = 60_000;

/** The age at which a lock is dead: `lock_ttl_seconds`, or the function's timeout plus a margin if that is less. */
function lockTtlMs(run: SweepRun): number {
  const timeoutMs = run.deps.functionTimeoutMs;
  return timeoutMs === undefined ? run.options.lockTtlMs : Math.min(run.options.lockTtlMs, timeoutMs + LOCK_MARGIN_MS);
}

/** How the lock went, and the handle when held. */
interface LockTaken {
  status: LockStatus;
  handle?: LockHandle;
}

/**
 * Takes the target's lock on `holderKeyId`, waiting for a busy one up to `lockWaitMs`.
 *
 * @example
 * const lock = await takeLock(run, target, planned.row.key_id);
 */
async function takeLock(run: SweepRun, target: RenewalTarget, holderKeyId: string): Promise<LockTaken> {
  const { logger, clock } = run.deps;
  const lock = target.lock;
  if (!run.options.lock || lock === undefined) return { status: 'off' };
  const waitStartMs = run.elapsedMs();
  // Bounded by time and by count: with an injected no-op sleep (simulations) the wait must not spin for a minute.
  const maxPolls = Math.ceil(run.options.lockWaitMs / Math.max(1, run.tuning.lockPollMaxMs / 2));
  let waited = false;
  let failures = 0;
  const timeLeft = (poll: number): boolean => poll < maxPolls && run.elapsedMs() - waitStartMs < run.options.lockWaitMs && mayStartFor(run, undefined)();
  for (let poll = 0; ; poll++) {
    let attempt;
    try {
      attempt = await lock.tryAcquire({ holderKeyId, now: clock.now(), ttlMs: lockTtlMs(run) });
    } catch (error) {
      attempt = { status: 'unavailable' as const, errorCode: error instanceof Error ? error.name : 'unknown', retryable: false };
    }
    if (attempt.status === 'acquired') return { status: waited ? 'waited' : 'acquired', handle: attempt.handle };
    if (attempt.status === 'unavailable') {
      if (attempt.retryable === true && timeLeft(poll)) {
        failures += 1;
        logger.warn('renewal.lock_retry', { region: target.region, error_code: attempt.errorCode, attempt: failures });
        await run.sleep(Math.max(50, fullJitterDelayMs(failures, { baseDelayMs: 500, maxDelayMs: run.tuning.lockPollMaxMs * 2 }, run.random)));
        continue;
      }
      logger.warn('renewal.lock_unavailable', { region: target.region, error_code: attempt.errorCode, attempt: failures + 1, outcome: 'unlocked' });
      return { status: 'unavailable' };
    }
    if (!timeLeft(poll)) {
      logger.warn('renewal.lock_busy', { region: target.region, stale_at: attempt.staleAt?.toISOString() ?? null, outcome: 'deferred' });
      return { status: 'busy' };
    }
    if (!waited) {
      logger.info('renewal.lock_wait', { region: target.region, stale_at: attempt.staleAt?.toISOString() ?? null });
      run.deps.onProgress?.({ event: 'lock-wait', region: target.region });
    }
    waited = true;
    await run.sleep(Math.max(50, Math.floor(run.random() * run.tuning.lockPollMaxMs)));
  }
}

export { LOCK_MARGIN_MS, lockTtlMs, takeLock };
export type { LockTaken };
