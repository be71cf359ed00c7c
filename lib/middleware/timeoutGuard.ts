import type { MiddlewareObj } from '@middy/core';
import type { FunctionGraphContext } from '../functiongraph/context.js';
import { MiddlewareSetupError, StageTimeoutError } from './errors.js';
import { internalOf } from './types.js';
import type { Deadline, RequestLike } from './types.js';
import { withDefaults } from './withDefaults.js';

/** Options of {@link timeoutGuard}. */
interface TimeoutGuardOptions {
  /** Time kept back before FunctionGraph's timeout to log, classify and answer. */
  marginMs: number;
  /** Clock for `deadlineAtMs`. Default `Date.now`. */
  now?: () => number;
}

const defaults = { now: Date.now } satisfies Partial<TimeoutGuardOptions>;

const ignore = (): void => {};

/**
 * Gives the invocation a deadline `marginMs` before FunctionGraph's timeout (from
 * `getRemainingTimeInMilliSeconds()`): `request.internal.byokDeadline = { deadlineAtMs, signal }`. At the
 * deadline the signal aborts with a {@link StageTimeoutError} (`BYOK.TIMEOUT`) and a handler built with
 * `requestHandler`/`stageHandler` rejects with it, so the failure is logged and answered while there is time.
 * The timer is cleared in `after` and `onError`, and unref'd so it never holds the process.
 *
 * @example
 * requestHandler(useCase).use(timeoutGuard({ marginMs: 1_000 }));
 */
function timeoutGuard(opts: TimeoutGuardOptions): MiddlewareObj<unknown, unknown> {
  const options = withDefaults(defaults, opts);
  const marginMs = Math.max(0, options.marginMs);

  const timeoutGuardBefore = (request: RequestLike): void => {
    const internal = internalOf(request);
    const getRemaining = (request.context as Partial<FunctionGraphContext> | undefined)?.getRemainingTimeInMilliSeconds;
    const remainingMs: unknown = typeof getRemaining === 'function' ? getRemaining.call(request.context) : undefined;
    const controller = new AbortController();
    if (typeof remainingMs !== 'number' || !Number.isFinite(remainingMs)) {
      // No timeout known (not a FunctionGraph context): a deadline that never comes.
      internal.byokDeadline = { deadlineAtMs: Number.POSITIVE_INFINITY, signal: controller.signal };
      return;
    }
    const budgetMs = Math.max(0, Math.floor(remainingMs - marginMs));
    let expire: (error: StageTimeoutError) => void = ignore;
    const expired = new Promise<never>((_resolve, reject) => {
      expire = reject;
    });
    // Nobody may be racing it when it fires (handler already done, early response): never an unhandled rejection.
    expired.catch(ignore);
    const timer = setTimeout(() => {
      const error = new StageTimeoutError(budgetMs, marginMs);
      controller.abort(error);
      expire(error);
    }, budgetMs);
    timer.unref();
    internal.byokDeadline = { deadlineAtMs: options.now() + budgetMs, signal: controller.signal };
    internal.byokDeadlineTimer = { timer, expired };
  };

  const disarm = (request: RequestLike): void => {
    const internal = internalOf(request);
    if (internal.byokDeadlineTimer !== undefined) clearTimeout(internal.byokDeadlineTimer.timer);
  };

  return { before: timeoutGuardBefore, after: disarm, onError: disarm };
}

/** The invocation's deadline; throws when `timeoutGuard` is not installed (a wiring bug). */
function getDeadline(request: RequestLike): Deadline {
  const deadline = internalOf(request).byokDeadline;
  if (deadline === undefined) {
    throw new MiddlewareSetupError('timeoutGuard() must be used before anything that asks for the deadline');
  }
  return deadline;
}

/**
 * Settles like `work`, or rejects with the {@link StageTimeoutError} when the deadline armed by
 * {@link timeoutGuard} passes first. Without an armed deadline it returns `work` unchanged.
 */
function raceDeadline<T>(request: RequestLike, work: Promise<T>): Promise<T> {
  const state = internalOf(request).byokDeadlineTimer;
  if (state === undefined) return work;
  // If the deadline wins, `work` may still reject later: keep that from becoming an unhandled rejection.
  work.catch(ignore);
  return Promise.race([work, state.expired]);
}

export { getDeadline, raceDeadline, timeoutGuard };
export type { TimeoutGuardOptions };
