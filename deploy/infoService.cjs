'use strict';
/**
 * `serverless info`: what is deployed for this service and stage — each function with its size settings, the
 * digest of its code (the one deploy wrote, and FunctionGraph's own), its async-invoke settings and its triggers.
 */
const { deployedDigest } = require('./deployFunction.cjs');
const { listOwnFunctions, withVersion } = require('./ownFunctions.cjs');

/** What a trigger listens to, in a few words. */
function detail(trigger) {
  const data = trigger.event_data ?? {};
  if (trigger.trigger_type_code === 'TIMER') return `${data.name} ${data.schedule_type} ${data.schedule}`;
  if (trigger.trigger_type_code === 'SMN') return String(data.topic_urn);
  if (trigger.trigger_type_code === 'CTS') return `${data.name} ${(data.operations ?? []).join(' ')}`;
  return String(data.name ?? trigger.trigger_id);
}

/**
 * @param {{ api: import('./FunctionGraphApi.cjs').FunctionGraphApi, plan: object, write: (line: string) => void }} input
 * @returns {Promise<object[]>} what was printed, as data
 */
async function infoService({ api, plan, write }) {
  const own = await listOwnFunctions(api, plan);
  write(`service ${plan.service}, stage ${plan.stage}, region ${plan.region}, package ${plan.functionPackage}`);
  if (own.size === 0) {
    write('No functions deployed.');
    return [];
  }
  const byName = [...own.values()].sort((a, b) => String(a.func_name).localeCompare(String(b.func_name)));
  const report = [];
  for (const fn of byName) {
    const urn = withVersion(String(fn.func_urn));
    const triggers = await api.call('listFunctionTriggers', { function_urn: urn });
    const asyncConfig = await api.call('showFunctionAsyncInvokeConfig', { function_urn: urn }, { allowMissing: true });
    const digest = deployedDigest(fn);
    write(`${fn.func_name}  ${fn.runtime}  ${fn.memory_size} MB  ${fn.timeout} s  code sha256 ${digest ? digest.slice(0, 12) : '(not deployed by serverless)'}  digest ${String(fn.digest ?? '').slice(0, 12) || '-'}`);
    write(`  urn ${urn}`);
    if (asyncConfig?.max_async_retry_attempts !== undefined) {
      const onFailure = asyncConfig.destination_config?.on_failure?.destination;
      write(`  async invoke: ${asyncConfig.max_async_retry_attempts} retries, max age ${asyncConfig.max_async_event_age_in_seconds} s${onFailure ? `, on failure -> ${onFailure}` : ''}`);
    }
    const list = Array.isArray(triggers) ? triggers : [];
    for (const t of list) write(`  trigger ${t.trigger_type_code} ${t.trigger_status} ${detail(t)}`);
    report.push({ name: fn.func_name, urn, digest, triggers: list.map((t) => ({ type: t.trigger_type_code, status: t.trigger_status, event_data: t.event_data })) });
  }
  return report;
}

module.exports = { infoService };
