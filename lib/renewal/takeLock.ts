/**
 * Taking a target's sweep lock (lib/ports/SweepLock.ts) when the first renewal is due: a busy lock is polled up
 * to `lockWaitMs`; a lock that cannot be used at all leaves the sweep unlocked (each import is then preceded by a
 * re-describe).
 */
import type { LockHandle } from '../ports/index.js';
import type { SweepRun } from './sweepRun.js';
import { mayStartFor } from './sweepRun.js';
import type { LockStatus, RenewalTarget } from './types.js';

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
  for (let poll = 0; ; poll++) {
    let attempt;
    try {
      attempt = await lock.tryAcquire({ holderKeyId, now: clock.now(), ttlMs: run.options.lockTtlMs });
    } catch (error) {
      attempt = { status: 'unavailable' as const, errorCode: error instanceof Error ? error.name : 'unknown' };
    }
    if (attempt.status === 'acquired') return { status: waited ? 'waited' : 'acquired', handle: attempt.handle };
    if (attempt.status === 'unavailable') {
      logger.warn('renewal.lock_unavailable', { region: target.region, error_code: attempt.errorCode, outcome: 'unlocked' });
      return { status: 'unavailable' };
    }
    if (poll >= maxPolls || run.elapsedMs() - waitStartMs >= run.options.lockWaitMs || !mayStartFor(run, undefined)()) {
      logger.warn('renewal.lock_busy', { region: target.region, stale_at: attempt.staleAt?.toISOString() ?? null, outcome: 'deferred' });
      return { status: 'busy' };
    }
    if (!waited) logger.info('renewal.lock_wait', { region: target.region, stale_at: attempt.staleAt?.toISOString() ?? null });
    waited = true;
    await run.sleep(Math.max(50, Math.floor(run.random() * run.tuning.lockPollMaxMs)));
  }
}

export { takeLock };
export type { LockTaken };
