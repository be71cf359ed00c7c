/**
 * Runs the due keys of one target in process with bounded concurrency, most urgent first. A key starts only while
 * `mayStart()` holds (deadline, lock staleness) and `max_keys` allows; the others are reported `deferred` with the
 * reason, for the next tick. Each key is isolated in {@link renewKey}, which never rejects.
 */
import type { Logger } from '../log/Logger.js';
import { KeyOutcome } from './constants.js';
import { logKeyReport, untouchedReport } from './report.js';
import { renewKey } from './renewKey.js';
import type { KeyRunContext } from './renewKey.js';
import type { KeyReport, PlannedKey } from './types.js';

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

/** A deferred key's report. */
function deferred(planned: PlannedKey, why: DeferReason): KeyReport {
  return untouchedReport(planned, KeyOutcome.Deferred, { error_code: why.code, error_message: why.message });
}

/**
 * @example
 * const reports = await executePlan(due, ctx, { remaining: options.maxKeys ?? Infinity }, onKeyDone);
 */
async function executePlan(
  due: readonly PlannedKey[],
  ctx: KeyRunContext,
  budget: KeyBudget,
  onKeyDone: (report: KeyReport) => void = () => {},
): Promise<KeyReport[]> {
  const reports = new Array<KeyReport>(due.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      const planned = due[index];
      if (planned === undefined) return;
      let report: KeyReport;
      if (budget.remaining <= 0) report = deferred(planned, MAX_KEYS);
      else if (!ctx.mayStart()) report = deferred(planned, DEADLINE);
      else {
        budget.remaining -= 1;
        report = await renewKey(planned, ctx);
      }
      reports[index] = report;
      onKeyDone(report);
    }
  };
  const workers = Math.max(1, Math.min(ctx.renewal.concurrency, due.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return reports;
}

/** Logs a report (the default `onKeyDone`). */
function logReport(logger: Logger): (report: KeyReport) => void {
  return (report) => logKeyReport(logger, report);
}

export { DEADLINE, deferred, executePlan, logReport };
export type { DeferReason, KeyBudget };
