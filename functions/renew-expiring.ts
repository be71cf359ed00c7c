/**
 * FunctionGraph function `renew-expiring` (TIMER trigger): the renewal sweep of lib/renewal. This file only wires:
 * options come validated from the event's `user_event`, the targets come from the Huawei wiring (the execution
 * agency's credentials; lib/huawei/wiring.ts), and the deadline from the context.
 */
import type { FunctionGraphHandler } from '../lib/functiongraph/context.js';
import { silenceSdkLogging } from '../lib/huawei/sdkLogging.js';
import { renewalTargets } from '../lib/huawei/wiring.js';
import { stageHandler } from '../lib/middleware/stageHandler.js';
import type { StageContext } from '../lib/middleware/stageHandler.js';
import { runSweep } from '../lib/renewal/runSweep.js';
import { RenewalTimerEvent } from '../lib/renewal/timerEvent.js';
import type { KeyReport, SweepSummary, SweepTuning } from '../lib/renewal/types.js';
import type { StageFailureEvent } from '../lib/stages/failureEvent.js';
import { invocationOf, readRuntimeConfig } from './runtime.js';
import type { RuntimeOptions } from './runtime.js';

/** What the function answers (FunctionGraph keeps it for async invocations; the logs are the record). */
interface RenewExpiringResult {
  ok: true;
  correlation_id: string;
  summary: SweepSummary;
  /** Dry run: every row; otherwise the keys that need attention (failed, deferred). At most {@link MAX_ROWS}. */
  keys: KeyReport[];
  keys_truncated: number;
}

/** Options of {@link renewExpiringFunction}: the runtime's, plus sweep tuning for tests. */
interface RenewExpiringOptions extends RuntimeOptions {
  tuning?: Partial<SweepTuning>;
}

/** Keeps the answer far below FunctionGraph's 6 MB sync limit. */
const MAX_ROWS = 1_000;
/** Kept back before FunctionGraph's timeout: the sweep stops starting keys 10 s earlier still (SweepTuning). */
const MARGIN_MS = 2_000;

/**
 * Builds the handler; `handler` below is the deployed one.
 *
 * @example
 * const handler = renewExpiringFunction({ env: { BYOK_KMS_ENDPOINT: emu.endpoint }, now: () => emu.now() });
 */
function renewExpiringFunction(options: RenewExpiringOptions = {}): FunctionGraphHandler<unknown, RenewExpiringResult | StageFailureEvent> {
  silenceSdkLogging();
  const runtime = readRuntimeConfig(options.env ?? process.env);
  const now = options.now ?? ((): Date => new Date());
  return stageHandler(
    async (event: RenewalTimerEvent, stage: StageContext): Promise<RenewExpiringResult> => {
      const sweepOptions = event.user_event;
      const invocation = invocationOf(stage, runtime, now);
      const { summary, keys } = await runSweep(sweepOptions, {
        targets: renewalTargets(invocation, sweepOptions.targets, { fanOut: sweepOptions.fanout !== undefined }),
        clock: { now },
        logger: stage.logger,
        correlationId: stage.correlationId,
        deadlineAtMs: stage.deadline.deadlineAtMs,
        ...(options.tuning !== undefined ? { tuning: options.tuning } : {}),
      });
      const shown = sweepOptions.dryRun ? keys : keys.filter((k) => k.outcome === 'failed' || k.outcome === 'deferred');
      return { ok: true, correlation_id: stage.correlationId, summary, keys: shown.slice(0, MAX_ROWS), keys_truncated: Math.max(0, shown.length - MAX_ROWS) };
    },
    {
      stage: 'renew-expiring',
      schema: RenewalTimerEvent,
      level: runtime.logLevel,
      marginMs: MARGIN_MS,
      ...(options.write !== undefined ? { write: options.write } : {}),
      credentials: { env: runtime.env },
    },
  );
}

/** FunctionGraph entry point: `(event, context)` → the sweep's summary, or a failure event. */
export const handler = renewExpiringFunction();
export { renewExpiringFunction };
export type { RenewExpiringOptions, RenewExpiringResult };
