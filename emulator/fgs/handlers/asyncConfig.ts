/**
 * A function's asynchronous invocation settings (`PUT|GET|DELETE .../{function_urn}/async-invoke-config`):
 * retries (0–3, default 1), event age (1–86400 s, default 3600), and where results go. Destinations run here for
 * `FunctionGraph` (param `{"func_urn"}`) and `SMN` (param `{"topic_urn"}`: published to SMN triggers); `OBS` and
 * `DIS` are accepted and stored, and nothing is delivered to them.
 */
import { FgsCode, fgsError, invalid } from '../constants.js';
import { formatFunctionUrn, parseFunctionUrn } from '../functionUrn.js';
import type { AsyncConfigRow } from '../store/AsyncConfigStore.js';
import { asyncConfigView } from '../views.js';
import type { FgsHandler } from './FgsCall.js';
import { requireFunction } from './FgsCall.js';

const DESTINATIONS: ReadonlySet<string> = new Set(['OBS', 'SMN', 'DIS', 'FunctionGraph']);
const AsyncDefaults = { maxEventAgeSeconds: 3600, maxRetryAttempts: 1 } as const;

function integerIn(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    invalid(FgsCode.InvalidParameter, `Invalid parameter: ${field} is an integer from ${min} to ${max}.`);
  }
  return value as number;
}

function destination(value: unknown, field: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const target = value as Record<string, unknown>;
  if (typeof value !== 'object' || typeof target.destination !== 'string' || !DESTINATIONS.has(target.destination)) {
    return invalid(FgsCode.InvalidParameter, `Invalid parameter: ${field}.destination is one of ${[...DESTINATIONS].join(', ')}.`);
  }
  let param: Record<string, unknown>;
  try {
    param = JSON.parse(typeof target.param === 'string' ? target.param : '') as Record<string, unknown>;
  } catch {
    return invalid(FgsCode.InvalidParameter, `Invalid parameter: ${field}.param must be a JSON string.`);
  }
  if (target.destination === 'FunctionGraph' && (typeof param.func_urn !== 'string' || parseFunctionUrn(param.func_urn) === undefined)) {
    invalid(FgsCode.InvalidParameter, `Invalid parameter: ${field}.param must be {"func_urn":"<function URN>"}.`);
  }
  if (target.destination === 'SMN' && typeof param.topic_urn !== 'string') {
    invalid(FgsCode.InvalidParameter, `Invalid parameter: ${field}.param must be {"topic_urn":"<SMN topic URN>"}.`);
  }
  return { destination: target.destination, param: target.param as string };
}

/** `PUT .../async-invoke-config` → 200 with the settings. */
const updateAsyncConfig: FgsHandler = (call) => {
  const fn = requireFunction(call);
  const body = call.req.body;
  const config = body.destination_config as Record<string, unknown> | undefined | null;
  if (config !== undefined && config !== null && (typeof config !== 'object' || Array.isArray(config))) {
    invalid(FgsCode.InvalidParameter, 'Invalid parameter: destination_config is an object {on_success?, on_failure?}.');
  }
  const onSuccess = destination(config?.on_success, 'destination_config.on_success');
  const onFailure = destination(config?.on_failure, 'destination_config.on_failure');
  const statusLog = body.enable_async_status_log ?? false;
  if (typeof statusLog !== 'boolean') invalid(FgsCode.InvalidParameter, 'Invalid parameter: enable_async_status_log is a boolean.');
  const existing = call.store.asyncConfigs.find(fn.func_key);
  const row: AsyncConfigRow = {
    func_key: fn.func_key,
    max_async_event_age_in_seconds: integerIn(body.max_async_event_age_in_seconds, 'max_async_event_age_in_seconds', 1, 86_400, AsyncDefaults.maxEventAgeSeconds),
    max_async_retry_attempts: integerIn(body.max_async_retry_attempts, 'max_async_retry_attempts', 0, 3, AsyncDefaults.maxRetryAttempts),
    destination_config:
      onSuccess === undefined && onFailure === undefined
        ? null
        : JSON.stringify({ ...(onSuccess && { on_success: onSuccess }), ...(onFailure && { on_failure: onFailure }) }),
    enable_async_status_log: statusLog ? 1 : 0,
    created_ms: existing?.created_ms ?? call.nowMs,
    updated_ms: call.nowMs,
  };
  call.store.asyncConfigs.save(row);
  return { status: 200, body: asyncConfigView(row, urnOf(call.ctx.region, fn)) };
};

function urnOf(region: string, fn: { project_id: string; package: string; func_name: string }): string {
  return formatFunctionUrn(region, fn.project_id, fn.package, fn.func_name, 'latest');
}

/** `GET .../async-invoke-config` → the settings, or 404 when none were set. */
const showAsyncConfig: FgsHandler = (call) => {
  const fn = requireFunction(call);
  const row = call.store.asyncConfigs.find(fn.func_key);
  if (row === undefined) throw fgsError(404, FgsCode.NotFound, 'The specified resource was not found: the function has no asynchronous invocation settings.');
  return { status: 200, body: asyncConfigView(row, urnOf(call.ctx.region, fn)) };
};

/** `DELETE .../async-invoke-config` → 204. */
const deleteAsyncConfig: FgsHandler = (call) => {
  call.store.asyncConfigs.delete(requireFunction(call).func_key);
  return { status: 204 };
};

export { deleteAsyncConfig, showAsyncConfig, updateAsyncConfig };
