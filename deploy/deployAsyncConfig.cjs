'use strict';
/**
 * A function's asynchronous-invocation settings (`PUT|GET|DELETE …/async-invoke-config`): retries, maximum event
 * age and where an invocation that failed for good goes (an SMN topic or a function, the dead-letter queue of
 * FunctionGraph). Written only when they differ; removed when serverless.yml no longer sets them.
 */

/** The wire body for the plan's settings; function keys of this service become their URNs. */
function desiredAsyncConfig(api, settings, urnOfKey) {
  const body = {
    max_async_retry_attempts: settings.maxRetries,
    max_async_event_age_in_seconds: settings.maxEventAgeSeconds,
  };
  const target = settings.onFailure;
  if (target?.smn !== undefined) {
    body.destination_config = { on_failure: { destination: 'SMN', param: JSON.stringify({ topic_urn: api.topicUrn(target.smn) }) } };
  } else if (target?.function !== undefined) {
    const funcUrn = target.function.startsWith('urn:') ? target.function : urnOfKey(target.function);
    body.destination_config = { on_failure: { destination: 'FunctionGraph', param: JSON.stringify({ func_urn: funcUrn }) } };
  }
  return body;
}

function sameDestination(desired, current) {
  const a = desired?.on_failure;
  const b = current?.on_failure;
  if (!a || !b) return !a && !b;
  const param = (p) => {
    try {
      return JSON.stringify(typeof p === 'string' ? JSON.parse(p) : p);
    } catch {
      return String(p);
    }
  };
  return a.destination === b.destination && param(a.param) === param(b.param);
}

/**
 * @param {{ api: import('./FunctionGraphApi.cjs').FunctionGraphApi, urn: string, settings: object | undefined,
 *   urnOfKey: (key: string) => string }} input
 * @returns {Promise<{ line: string, changed: boolean } | undefined>} undefined when there is nothing to say
 */
async function deployAsyncConfig({ api, urn, settings, urnOfKey }) {
  const current = await api.call('showFunctionAsyncInvokeConfig', { function_urn: urn }, { allowMissing: true });
  const hasCurrent = current !== undefined && current.max_async_retry_attempts !== undefined;
  if (settings === undefined) {
    if (!hasCurrent) return undefined;
    await api.call('deleteFunctionAsyncInvokeConfig', { function_urn: urn }, { allowMissing: true });
    return { line: 'async invoke settings removed (not in serverless.yml)', changed: true };
  }
  const desired = desiredAsyncConfig(api, settings, urnOfKey);
  const summary = `async invoke: ${settings.maxRetries} retries, max age ${settings.maxEventAgeSeconds} s${desired.destination_config ? `, on failure -> ${desired.destination_config.on_failure.destination}` : ''}`;
  const same =
    hasCurrent &&
    Number(current.max_async_retry_attempts) === desired.max_async_retry_attempts &&
    Number(current.max_async_event_age_in_seconds) === desired.max_async_event_age_in_seconds &&
    sameDestination(desired.destination_config, current.destination_config);
  if (same) return { line: `${summary} unchanged`, changed: false };
  await api.call('updateFunctionAsyncInvokeConfig', { function_urn: urn, body: desired });
  return { line: `${summary} ${hasCurrent ? 'updated' : 'set'}`, changed: true };
}

module.exports = { deployAsyncConfig, desiredAsyncConfig };
