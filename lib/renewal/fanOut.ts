/**
 * Fan-out for large fleets: instead of renewing in this invocation, hand each due key to the lifecycle chain as
 * an async invocation (Dispatcher port; FunctionGraph async invoke in the cloud), `batch` keys at a time with a
 * pause between batches so the chains do not all hit KMS at once. The event is fetch-parameters' own
 * `{key_id, correlation_id}`: the chain imports into a key in Pending import (recovery) or, in place, into an
 * enabled one. delete-first is not applied to fanned-out keys (each chain runs on its own, without this sweep's
 * re-describe and mode fallback); on a cloud that refuses in-place re-imports, keep the fleet under the threshold.
 */
import type { Logger } from '../log/Logger.js';
import type { Dispatcher } from '../ports/index.js';
import { StageName } from '../ports/index.js';
import { KeyOutcome } from './constants.js';
import { DEADLINE, deferred } from './executePlan.js';
import type { KeyBudget } from './executePlan.js';
import type { FanoutOptions } from './options.js';
import { untouchedReport } from './report.js';
import type { KeyReport, PlannedKey } from './types.js';

/** What fan-out needs from the sweep. */
interface FanOutContext {
  dispatcher: Dispatcher;
  options: FanoutOptions;
  correlationId: string;
  logger: Logger;
  sleep: (delayMs: number) => Promise<void>;
  elapsedMs: () => number;
  mayStart: () => boolean;
}

/**
 * Dispatches every due key (or defers it); answers one report per key in order.
 *
 * @example
 * const reports = await fanOut(due, { dispatcher, options: { threshold: 200, batch: 50, intervalMs: 1000 }, ... }, budget);
 */
async function fanOut(due: readonly PlannedKey[], ctx: FanOutContext, budget: KeyBudget, onKeyDone: (report: KeyReport) => void): Promise<KeyReport[]> {
  const reports: KeyReport[] = [];
  for (let start = 0; start < due.length; start += ctx.options.batch) {
    if (start > 0 && ctx.options.intervalMs > 0) await ctx.sleep(ctx.options.intervalMs);
    const batch = due.slice(start, start + ctx.options.batch);
    const open = ctx.mayStart();
    const done = await Promise.all(
      batch.map(async (planned): Promise<KeyReport> => {
        if (budget.remaining <= 0) return deferred(planned, { code: 'BYOK.MAX_KEYS', message: 'not started: max_keys reached for this sweep' });
        if (!open) return deferred(planned, DEADLINE);
        budget.remaining -= 1;
        const startedMs = ctx.elapsedMs();
        try {
          await ctx.dispatcher.dispatch(StageName.FetchParameters, { key_id: planned.row.key_id, correlation_id: ctx.correlationId });
          return untouchedReport(planned, KeyOutcome.Dispatched, { attempt: 1, duration_ms: Math.round(ctx.elapsedMs() - startedMs) });
        } catch (error) {
          const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code.slice(0, 64) : 'BYOK.DISPATCH_FAILED';
          return untouchedReport(planned, KeyOutcome.Failed, {
            attempt: 1,
            duration_ms: Math.round(ctx.elapsedMs() - startedMs),
            error_code: code,
            error_message: 'could not hand the key to an async invocation; the next timer tick retries',
          });
        }
      }),
    );
    for (const report of done) onKeyDone(report);
    reports.push(...done);
  }
  return reports;
}

export { fanOut };
export type { FanOutContext };
