/**
 * Asynchronous invocations: recording them (every accepted one, in arrival order), queueing a run for those
 * that target a deployed function, and settling a run: retry, success, failure, and the destinations.
 *
 * Retries: without async settings FunctionGraph does not retry a function's own failure ("by default,
 * FunctionGraph does not retry if a function fails due to a code error"); with them it retries up to
 * `max_async_retry_attempts`, within `max_async_event_age_in_seconds` of the event's arrival. A handler that
 * returns a value succeeded, whatever the value; one that throws, rejects or times out failed. The emulator
 * retries at once (no backoff), so tests need not wait.
 *
 * Destination payload (Huawei's documented fields): `{timestamp, request_context:{request_id, function_urn,
 * condition, approximate_invoke_count}, request_payload, response_context:{status_code, function_error},
 * response_payload}`. Huawei does not document `condition`'s values: the emulator uses `""` on success,
 * `RetriesExhausted` and `EventAgeExceeded` on failure. `status_code` is 200 whenever the function ran (a
 * failure of the function itself is told by `function_error`, its `errorType: errorMessage`); `request_payload`
 * is the event as received (JSON text); `response_payload` the returned value (a string as is, anything else as
 * JSON) or, on failure, the error as JSON `{errorType, errorMessage, stackTrace}`.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../types.js';
import { formatFunctionUrn, parseFunctionUrn } from './functionUrn.js';
import type { InvocationOutcome } from './runtime/FunctionRunner.js';
import type { FgsStore } from './store/FgsStore.js';
import { functionKey } from './store/FunctionStore.js';
import type { QueuedJob } from './store/JobStore.js';

/** Where an asynchronous invocation came from. */
type InvocationSource = 'api' | 'timer' | 'smn' | 'cts' | 'destination';

/**
 * Records an asynchronous invocation of `functionUrn` and, when that function is deployed, queues its run.
 * Answers the request id. Call inside a transaction.
 */
function enqueueInvocation(ctx: ServiceContext, store: FgsStore, functionUrn: string, body: string, source: InvocationSource): string {
  const requestId = randomUUID();
  const nowMs = ctx.clock.now().getTime();
  const seq = store.invocations.record({ request_id: requestId, project_id: ctx.projectId, function_urn: functionUrn, body, received_at_ms: nowMs });
  const urn = parseFunctionUrn(functionUrn);
  const key = urn === undefined ? undefined : functionKey(urn.projectId, urn.packageName, urn.functionName);
  if (key !== undefined && urn?.version === 'latest' && store.functions.find(key) !== undefined) {
    store.jobs.insert({ request_id: requestId, seq, func_key: key, source, state: 'queued', attempts: 0, updated_ms: nowMs, duration_ms: null, max_rss_kb: null, error: null });
  }
  return requestId;
}

/** The URN (`:latest`) of a function key. */
function urnOfKey(ctx: ServiceContext, funcKey: string): string {
  const [projectId = '', packageName = '', name = ''] = funcKey.split(':');
  return formatFunctionUrn(ctx.region, projectId, packageName, name, 'latest');
}

interface Destination {
  destination: string;
  param: string;
}

function destinationPayload(ctx: ServiceContext, job: QueuedJob, outcome: InvocationOutcome, attempts: number, condition: string): string {
  const error = outcome.error;
  const result = outcome.result;
  return JSON.stringify({
    timestamp: ctx.clock.now().toISOString(),
    request_context: { request_id: job.request_id, function_urn: urnOfKey(ctx, job.func_key), condition, approximate_invoke_count: attempts },
    request_payload: job.body,
    response_context: { status_code: 200, function_error: error === undefined ? '' : `${error.errorType}: ${error.errorMessage}` },
    response_payload: error !== undefined ? JSON.stringify(error) : typeof result === 'string' ? result : JSON.stringify(result ?? null),
  });
}

function deliver(ctx: ServiceContext, store: FgsStore, target: Destination | undefined, payload: string): void {
  if (target === undefined) return;
  const param = JSON.parse(target.param) as Record<string, string>;
  if (target.destination === 'FunctionGraph' && param.func_urn !== undefined) {
    enqueueInvocation(ctx, store, param.func_urn, payload, 'destination');
  } else if (target.destination === 'SMN' && param.topic_urn !== undefined) {
    ctx.events.publish({ kind: 'smn', topicUrn: param.topic_urn, subject: 'FunctionGraph asynchronous invocation result', message: payload });
  }
}

/**
 * Records how a run ended and what follows: another attempt (the job goes back to the queue), or the end, with
 * the on-success or on-failure destination. Call inside a transaction.
 */
function settleJob(ctx: ServiceContext, store: FgsStore, job: QueuedJob, outcome: InvocationOutcome): void {
  const nowMs = ctx.clock.now().getTime();
  const attempts = job.attempts + 1;
  const config = store.asyncConfigs.find(job.func_key);
  const targets = config?.destination_config ? (JSON.parse(config.destination_config) as { on_success?: Destination; on_failure?: Destination }) : {};
  const record = { request_id: job.request_id, attempts, updated_ms: nowMs, duration_ms: outcome.durationMs, max_rss_kb: outcome.maxRssKb ?? null };
  if (outcome.kind === 'success') {
    store.jobs.settle({ ...record, state: 'succeeded', error: null });
    deliver(ctx, store, targets.on_success, destinationPayload(ctx, job, outcome, attempts, ''));
    return;
  }
  const error = JSON.stringify({ errorType: outcome.error?.errorType, errorMessage: outcome.error?.errorMessage });
  const retries = config?.max_async_retry_attempts ?? 0;
  const tooOld = config !== undefined && nowMs - job.received_at_ms > config.max_async_event_age_in_seconds * 1000;
  if (attempts <= retries && !tooOld) {
    store.jobs.settle({ ...record, state: 'queued', error });
    return;
  }
  store.jobs.settle({ ...record, state: 'failed', error });
  deliver(ctx, store, targets.on_failure, destinationPayload(ctx, job, outcome, attempts, tooOld ? 'EventAgeExceeded' : 'RetriesExhausted'));
}

export { enqueueInvocation, settleJob, urnOfKey };
export type { InvocationSource };
