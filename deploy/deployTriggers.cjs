'use strict';
/**
 * A function's triggers made to match serverless.yml: TIMER and CTS triggers are known by name, SMN triggers by
 * topic. A missing one is created, a changed status is updated in place, changed event data replaces the
 * trigger (delete, then create: a deploy stopped in between leaves it missing, and the next deploy creates it),
 * and a trigger the configuration no longer lists is deleted.
 */

/** The identity of a trigger: type plus name (TIMER, CTS) or topic URN (SMN). */
function identity(type, eventData) {
  return `${type}:${type === 'SMN' ? eventData?.topic_urn : eventData?.name}`;
}

/** The wire event data of a planned trigger. */
function eventDataOf(api, trigger) {
  return trigger.type === 'SMN' ? { topic_urn: api.topicUrn(trigger.topic) } : trigger.eventData;
}

/** True when every field we set has the same value in what FunctionGraph holds (it may add its own). */
function sameEventData(desired, current) {
  return Object.entries(desired).every(([field, value]) => JSON.stringify(value) === JSON.stringify(current?.[field]));
}

/**
 * @param {{ api: import('./FunctionGraphApi.cjs').FunctionGraphApi, urn: string, triggers: object[], fresh: boolean }} input
 *   fresh: the function was just created, so it has no triggers yet.
 * @returns {Promise<{ line: string, changed: boolean }[]>} one per trigger: created, enabled/disabled, replaced, deleted or unchanged
 */
async function deployTriggers({ api, urn, triggers, fresh }) {
  const listed = fresh ? [] : await api.call('listFunctionTriggers', { function_urn: urn });
  const current = new Map((Array.isArray(listed) ? listed : []).map((t) => [identity(t.trigger_type_code, t.event_data), t]));
  const lines = [];
  for (const trigger of triggers) {
    const eventData = eventDataOf(api, trigger);
    const key = identity(trigger.type, eventData);
    const existing = current.get(key);
    current.delete(key);
    const label = `trigger ${trigger.type} ${trigger.name}`;
    if (existing === undefined) {
      await create(api, urn, trigger, eventData);
      lines.push({ line: `${label} created`, changed: true });
    } else if (!sameEventData(eventData, existing.event_data)) {
      await remove(api, urn, existing);
      await create(api, urn, trigger, eventData);
      lines.push({ line: `${label} replaced (event data changed)`, changed: true });
    } else if (existing.trigger_status !== trigger.status) {
      await api.call('updateTrigger', {
        function_urn: urn,
        trigger_type_code: trigger.type,
        trigger_id: existing.trigger_id,
        body: { trigger_status: trigger.status },
      });
      lines.push({ line: `${label} ${trigger.status === 'ACTIVE' ? 'enabled' : 'disabled'}`, changed: true });
    } else {
      lines.push({ line: `${label} unchanged`, changed: false });
    }
  }
  for (const stale of current.values()) {
    await remove(api, urn, stale);
    const name = stale.event_data?.name ?? stale.event_data?.topic_urn ?? stale.trigger_id;
    lines.push({ line: `trigger ${stale.trigger_type_code} ${name} deleted (not in serverless.yml)`, changed: true });
  }
  return lines;
}

function create(api, urn, trigger, eventData) {
  return api.call('createFunctionTrigger', {
    function_urn: urn,
    body: { trigger_type_code: trigger.type, trigger_status: trigger.status, event_data: eventData },
  });
}

function remove(api, urn, existing) {
  return api.call(
    'deleteFunctionTrigger',
    { function_urn: urn, trigger_type_code: existing.trigger_type_code, trigger_id: existing.trigger_id },
    { allowMissing: true },
  );
}

module.exports = { deployTriggers, identity };
