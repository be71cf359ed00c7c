/**
 * Wire shapes of FunctionGraph objects, field for field as the SDK's response models (`CreateFunctionResponse`,
 * `ListFunctionResult`, `CreateFunctionTriggerResponse`, ...). Times are "YYYY-MM-DD HH:mm:ss" (UTC), as in
 * Huawei's examples.
 */
import { cpuForMemory } from './constants.js';
import { formatFunctionUrn } from './functionUrn.js';
import type { AsyncConfigRow } from './store/AsyncConfigStore.js';
import type { FunctionRow } from './store/FunctionStore.js';
import type { TriggerRow } from './store/TriggerStore.js';

/** `2019-10-25 15:37:27`. */
function wireTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Encrypted user data is shown with its values blanked, as Huawei's example shows it. */
function blankValues(json: string | null): string | undefined {
  if (json === null) return undefined;
  const blanked = Object.fromEntries(Object.keys(JSON.parse(json) as object).map((k) => [k, '']));
  return JSON.stringify(blanked);
}

/** A function's configuration; `func_urn` carries `:latest` unless `unversioned` (the list shows it bare). */
function functionView(row: Omit<FunctionRow, 'code'>, region: string, domainId: string, unversioned = false): Record<string, unknown> {
  const view: Record<string, unknown> = {
    func_id: row.func_id,
    resource_id: `${row.func_id}:${row.func_name}`,
    func_urn: formatFunctionUrn(region, row.project_id, row.package, row.func_name, unversioned ? undefined : 'latest'),
    func_name: row.func_name,
    domain_id: domainId,
    namespace: row.project_id,
    project_name: region,
    package: row.package,
    runtime: row.runtime,
    timeout: row.timeout,
    handler: row.handler,
    memory_size: row.memory_size,
    cpu: cpuForMemory(row.memory_size),
    code_type: row.code_type,
    code_filename: row.code_filename ?? '',
    code_size: row.code_size,
    digest: row.digest,
    version: 'latest',
    image_name: `latest-${wireTime(row.last_modified_ms).replace(/\D/g, '').slice(2)}`,
    description: row.description,
    last_modified: wireTime(row.last_modified_ms),
    strategy_config: { concurrency: -1 },
    enterprise_project_id: row.enterprise_project_id,
    long_time: row.timeout > 900,
    type: row.type,
  };
  if (row.user_data !== null) view.user_data = row.user_data;
  const encrypted = blankValues(row.encrypted_user_data);
  if (encrypted !== undefined) view.encrypted_user_data = encrypted;
  if (row.xrole !== null) view.xrole = row.xrole;
  if (row.app_xrole !== null) view.app_xrole = row.app_xrole;
  return view;
}

/** A trigger: `{trigger_id, trigger_type_code, trigger_status, event_data, last_updated_time, created_time}`. */
function triggerView(row: TriggerRow): Record<string, unknown> {
  return {
    trigger_id: row.trigger_id,
    trigger_type_code: row.trigger_type_code,
    trigger_status: row.trigger_status,
    ...(row.event_type_code !== null && { event_type_code: row.event_type_code }),
    event_data: JSON.parse(row.event_data) as unknown,
    last_updated_time: wireTime(row.updated_ms),
    created_time: wireTime(row.created_ms),
  };
}

/** A function's asynchronous invocation settings. */
function asyncConfigView(row: AsyncConfigRow, funcUrn: string): Record<string, unknown> {
  return {
    func_urn: funcUrn,
    max_async_event_age_in_seconds: row.max_async_event_age_in_seconds,
    max_async_retry_attempts: row.max_async_retry_attempts,
    destination_config: row.destination_config === null ? {} : (JSON.parse(row.destination_config) as unknown),
    created_time: new Date(row.created_ms).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    last_modified: wireTime(row.updated_ms),
    enable_async_status_log: row.enable_async_status_log === 1,
  };
}

export { asyncConfigView, functionView, triggerView, wireTime };
