/**
 * Lambda function `renew-expiring` (EventBridge schedule): the renewal sweep of lib/renewal on AWS. The schedule's
 * input is the options object itself (or EventBridge's own Scheduled Event when it has none: the defaults); the AWS
 * rules apply first (in place only, AWS rates; lib/aws/renewalOptions.ts). Targets come from the AWS wiring, the
 * deadline from Lambda's context.
 */
import * as v from 'valibot';
import { isScheduledEvent } from '../../lib/aws/awsEvents.js';
import { awsRenewalOptions } from '../../lib/aws/renewalOptions.js';
import { awsRenewalTargets } from '../../lib/aws/wiring.js';
import { lambdaStageHandler } from '../../lib/middleware/lambdaStageHandler.js';
import type { LambdaHandler } from '../../lib/middleware/lambdaStageHandler.js';
import { runSweep } from '../../lib/renewal/runSweep.js';
import type { KeyReport, SweepSummary, SweepTuning } from '../../lib/renewal/types.js';
import type { StageFailureEvent } from '../../lib/stages/failureEvent.js';
import { awsInvocation, readAwsRuntime } from './runtime.js';
import type { AwsRuntimeOptions } from './runtime.js';

/** What the function answers (the logs are the record). */
interface AwsRenewExpiringResult {
  ok: true;
  correlation_id: string;
  summary: SweepSummary;
  /** Dry run: every row; otherwise the keys that need attention (failed, deferred). At most {@link MAX_ROWS}. */
  keys: KeyReport[];
  keys_truncated: number;
}

/** Keeps the answer far below Lambda's 6 MB response limit. */
const MAX_ROWS = 1_000;
/** Kept back before Lambda's timeout: the sweep stops starting keys 10 s earlier still (SweepTuning). */
const MARGIN_MS = 2_000;

/**
 * Builds the handler; `handler` below is the deployed one.
 *
 * @example
 * const handler = awsRenewExpiringFunction({ env: { AWS_REGION: 'eu-west-1' }, now: () => model.now() });
 */
function awsRenewExpiringFunction(options: AwsRuntimeOptions & { tuning?: Partial<SweepTuning> } = {}): LambdaHandler<AwsRenewExpiringResult | StageFailureEvent> {
  const runtime = readAwsRuntime(options);
  return lambdaStageHandler(
    async (event: unknown, stage): Promise<AwsRenewExpiringResult> => {
      const sweepOptions = awsRenewalOptions(isScheduledEvent(event) ? {} : withoutCorrelation(event));
      const targets = awsRenewalTargets(awsInvocation(runtime, stage), runtime.ports, sweepOptions.targets, {
        fanOut: sweepOptions.fanout !== undefined,
        ...(options.caller !== undefined ? { caller: options.caller } : {}),
      });
      const { summary, keys } = await runSweep(sweepOptions, {
        targets,
        clock: runtime.ports.clock,
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
      schema: v.unknown(),
      level: runtime.logLevel,
      marginMs: MARGIN_MS,
      ...(options.write !== undefined ? { write: options.write } : {}),
    },
  );
}

/** A direct invocation may carry a correlation id beside the options; the options schema refuses unknown fields. */
function withoutCorrelation(event: unknown): unknown {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return event;
  const { correlation_id: _ignored, ...options } = event as Record<string, unknown>;
  return options;
}

/** Lambda entry point: `(event, context)` → the sweep's summary, or a failure event. */
export const handler = awsRenewExpiringFunction();
export { awsRenewExpiringFunction };
export type { AwsRenewExpiringResult };
