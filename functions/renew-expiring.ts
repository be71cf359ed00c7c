/**
 * FunctionGraph function `renew-expiring` (TIMER trigger): the renewal sweep of lib/renewal. This file only wires:
 * options come validated from the event's `user_event`, the targets come from the Huawei wiring (the execution
 * agency's credentials; lib/huawei/wiring.ts), and the deadline from the context.
 *
 * Its failures are the platform's: a sweep that could not reach a target or read its fleet to the end, or left a
 * key failed, in Pending import or deferred for lack of time, ends as a failed invocation (after its `renewal.summary` line), so FunctionGraph's on-failure
 * destination and any alarm on failed invocations fire. Nothing chains from this function, so it answers no
 * failure event (which FunctionGraph would count as a success): it rejects (`failuresReachPlatform`).
 */
import { ByokError } from '../lib/errors/index.js';
import type { FunctionGraphHandler } from '../lib/functiongraph/context.js';
import { silenceSdkLogging } from '../lib/huawei/sdkLogging.js';
import { renewalTargets, sweepRelay } from '../lib/huawei/wiring.js';
import { stageHandler } from '../lib/middleware/stageHandler.js';
import type { StageContext } from '../lib/middleware/stageHandler.js';
import { DEADLINE } from '../lib/renewal/executePlan.js';
import { runSweep } from '../lib/renewal/runSweep.js';
import { RenewalTimerEvent } from '../lib/renewal/timerEvent.js';
import type { KeyReport, SweepRelay, SweepSummary, SweepTuning } from '../lib/renewal/types.js';
import { invocationOf, readRuntimeConfig } from './runtime.js';
import type { RuntimeOptions } from './runtime.js';

/** What the function answers (FunctionGraph keeps it for async invocations; the logs are the record). */
interface RenewExpiringResult {
  ok: true;
  correlation_id: string;
  summary: SweepSummary;
  /**
   * Dry run: a sample of the plan (its first {@link MAX_PLAN_ROWS} rows); otherwise the keys that need attention
   * (failed, deferred), at most {@link MAX_ROWS}. Every row is in the function's log either way.
   */
  keys: KeyReport[];
  /** Rows left out of `keys` by the cap. */
  keys_truncated: number;
}

/** Options of {@link renewExpiringFunction}: the runtime's, plus sweep tuning for tests. */
interface RenewExpiringOptions extends RuntimeOptions {
  tuning?: Partial<SweepTuning>;
}

/** Keeps the answer far below FunctionGraph's 6 MB sync limit. */
const MAX_ROWS = 1_000;
/** A dry run's answer is a sample: the plan of a large fleet is read from the log, not from the answer. */
const MAX_PLAN_ROWS = 100;
/** Kept back before FunctionGraph's timeout: the sweep stops starting keys 10 s earlier still (SweepTuning). */
const MARGIN_MS = 2_000;

function withRelay(relay: SweepRelay | undefined): { relay?: SweepRelay } {
  return relay === undefined ? {} : { relay };
}

/**
 * The sweep as a failed invocation, when it left work a person must see to. Keys deferred for lack of time are;
 * keys deferred to a live sweep holding the lock, to a maintenance window or by `max_keys` are the configuration
 * working as meant (the summary's `complete` is false and its line a warning, for the dashboard).
 */
function sweepFailure(summary: SweepSummary, outOfTime: number): ByokError | undefined {
  const parts = [
    summary.failed > 0 ? `${summary.failed} key(s) failed` : '',
    summary.pending_import > 0 ? `${summary.pending_import} key(s) left in Pending import` : '',
    summary.targets_failed > 0 ? `${summary.targets_failed} target(s) could not be swept` : '',
    outOfTime > 0 ? `${outOfTime} due key(s) deferred for lack of time (no continuation took them: raise the timeout or set per_target)` : '',
    !summary.scan_complete ? 'the fleet was not read to its end' : '',
  ].filter((part) => part !== '');
  if (parts.length === 0) return undefined;
  return new ByokError(
    `renewal sweep incomplete: ${parts.join(', ')}; see this invocation's renewal.summary and renewal.key lines ` +
      '(error_code, error_message) for what failed and what to do',
    { code: 'BYOK.SWEEP_FAILED', retryable: true },
  );
}

/**
 * Builds the handler; `handler` below is the deployed one.
 *
 * @example
 * const handler = renewExpiringFunction({ env: { BYOK_KMS_ENDPOINT: emu.endpoint }, now: () => emu.now() });
 */
function renewExpiringFunction(options: RenewExpiringOptions = {}): FunctionGraphHandler<unknown, RenewExpiringResult> {
  silenceSdkLogging();
  const runtime = readRuntimeConfig(options.env ?? process.env);
  const now = options.now ?? ((): Date => new Date());
  // With `failuresReachPlatform` the handler never resolves a failure event: failures reject.
  const handler = stageHandler(
    async (event: RenewalTimerEvent, stage: StageContext): Promise<RenewExpiringResult> => {
      const sweepOptions = event.user_event;
      const invocation = invocationOf(stage, runtime, now);
      let outOfTime = 0;
      const { summary, keys, keys_left_out } = await runSweep(sweepOptions, {
        targets: renewalTargets(invocation, sweepOptions.targets, { fanOut: sweepOptions.fanout !== undefined }),
        clock: { now },
        logger: stage.logger,
        correlationId: stage.correlationId,
        deadlineAtMs: stage.deadline.deadlineAtMs,
        // No sweep outlives this invocation: a sweep lock older than the timeout is a dead sweep's.
        functionTimeoutMs: stage.context.getRemainingTimeInMilliSeconds(),
        // Another invocation of this function takes over what does not fit (a continuation), or a target each.
        ...withRelay(sweepRelay(invocation, sweepOptions, stage.correlationId)),
        ...(options.tuning !== undefined ? { tuning: options.tuning } : {}),
        onReport: (report) => {
          if (report.outcome === 'deferred' && report.error_code === DEADLINE.code) outOfTime += 1;
        },
        // The answer keeps the rows that need attention (a dry run: a sample of the plan), never the whole fleet.
        rows: sweepOptions.dryRun
          ? { keep: () => true, max: MAX_PLAN_ROWS }
          : { keep: (k) => k.outcome === 'failed' || k.outcome === 'deferred', max: MAX_ROWS },
      });
      const failure = sweepFailure(summary, outOfTime);
      if (failure !== undefined) throw failure;
      return { ok: true, correlation_id: stage.correlationId, summary, keys, keys_truncated: keys_left_out };
    },
    {
      stage: 'renew-expiring',
      schema: RenewalTimerEvent,
      level: runtime.logLevel,
      marginMs: MARGIN_MS,
      ...(options.write !== undefined ? { write: options.write } : {}),
      credentials: { env: runtime.env },
      failuresReachPlatform: true,
    },
  );
  return handler as FunctionGraphHandler<unknown, RenewExpiringResult>;
}

/** FunctionGraph entry point: `(event, context)` → the sweep's summary; rejects when the sweep failed. */
export const handler = renewExpiringFunction();
export { renewExpiringFunction };
export type { RenewExpiringOptions, RenewExpiringResult };
