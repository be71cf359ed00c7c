/**
 * Trigger management for TIMER, SMN and CTS triggers (`/v2/{project_id}/fgs/triggers/{function_urn}[/{type}/{id}]`).
 * FunctionGraph can disable only timer (and DDS, LTS, Kafka) triggers, so SMN and CTS triggers stay ACTIVE. Other
 * trigger types are refused: the emulator has nothing to deliver them from.
 */
import { randomUUID } from 'node:crypto';
import { FgsCode, FgsLimits, fgsError, invalid } from '../constants.js';
import { isCtsOperation } from '../triggers/deliveries.js';
import { ScheduleError, parseSchedule } from '../triggers/schedule.js';
import { nextFireOf } from '../triggers/timers.js';
import type { TriggerRow } from '../store/TriggerStore.js';
import { triggerView } from '../views.js';
import type { FgsCall, FgsHandler } from './FgsCall.js';
import { requireFunction } from './FgsCall.js';

const TriggerType = { Timer: 'TIMER', Smn: 'SMN', Cts: 'CTS' } as const;
const STATUSES: ReadonlySet<string> = new Set(['ACTIVE', 'DISABLED']);
const TIMER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const SMN_TOPIC = /^urn:smn:[a-z0-9-]+:[A-Za-z0-9]{1,64}:[A-Za-z0-9_-]{1,255}$/;
const MAX_CTS_OPERATIONS = 100;

function text(data: Record<string, unknown>, field: string, code: string, rule: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value === '') invalid(code, `Invalid trigger parameters: event_data.${field} is required (${rule}).`);
  return value;
}

function timerData(data: Record<string, unknown>, nowMs: number): Record<string, unknown> {
  const name = text(data, 'name', FgsCode.InvalidTimerTrigger, 'a letter, then letters, digits, - and _, at most 64');
  if (!TIMER_NAME.test(name)) invalid(FgsCode.InvalidTimerTrigger, 'Invalid timer trigger parameters: event_data.name is a letter, then letters, digits, - and _, at most 64.');
  const type = data.schedule_type;
  if (type !== 'Rate' && type !== 'Cron') invalid(FgsCode.InvalidTimerTrigger, 'Invalid timer trigger parameters: event_data.schedule_type is Rate or Cron (exactly).');
  const schedule = text(data, 'schedule', FgsCode.InvalidTimerTrigger, 'a rate such as 5m, or a cron expression');
  try {
    parseSchedule(type, schedule, nowMs);
  } catch (error) {
    if (error instanceof ScheduleError) invalid(FgsCode.InvalidTimerTrigger, `Invalid timer trigger parameters: event_data.schedule: ${error.message}.`);
    throw error;
  }
  const userEvent = data.user_event;
  if (userEvent !== undefined && typeof userEvent !== 'string') invalid(FgsCode.InvalidTimerTrigger, 'Invalid timer trigger parameters: event_data.user_event must be a string.');
  return { name, schedule_type: type, schedule, ...(userEvent !== undefined && { user_event: userEvent }) };
}

function smnData(data: Record<string, unknown>): Record<string, unknown> {
  const topicUrn = text(data, 'topic_urn', FgsCode.InvalidSmnTrigger, 'an SMN topic URN');
  if (!SMN_TOPIC.test(topicUrn)) invalid(FgsCode.InvalidSmnTrigger, 'Invalid SMN trigger parameters: event_data.topic_urn is urn:smn:<region>:<project_id>:<topic>.');
  return { topic_urn: topicUrn };
}

function ctsData(data: Record<string, unknown>): Record<string, unknown> {
  const name = text(data, 'name', 'FSS.1312', 'the notification name');
  const operations = data.operations;
  if (!Array.isArray(operations) || operations.length === 0) invalid('FSS.1314', 'The operation resource must be specified: event_data.operations.');
  if (operations.length > MAX_CTS_OPERATIONS) invalid('FSS.1313', `The number of operation resources exceeds ${MAX_CTS_OPERATIONS}.`);
  if (!operations.every((op) => typeof op === 'string' && isCtsOperation(op))) {
    invalid(FgsCode.InvalidTriggerOperation, 'Invalid trigger operation: each entry is <service>:<resource types>:<trace names>, e.g. KMS:cmk:createKey;deleteImportedKeyMaterial.');
  }
  return { name, operations };
}

function sameKind(existing: readonly TriggerRow[], type: string, field: string, value: unknown): boolean {
  return existing.some((t) => t.trigger_type_code === type && (JSON.parse(t.event_data) as Record<string, unknown>)[field] === value);
}

/** `POST /v2/{project_id}/fgs/triggers/{function_urn}` → 201 with the trigger. */
const createTrigger: FgsHandler = (call) => {
  const fn = requireFunction(call);
  const { trigger_type_code: type, trigger_status: rawStatus, event_type_code: eventTypeCode } = call.req.body;
  const status = rawStatus ?? 'ACTIVE';
  if (typeof status !== 'string' || !STATUSES.has(status)) invalid(FgsCode.InvalidParameter, 'Invalid parameter: trigger_status is ACTIVE or DISABLED.');
  const raw = call.req.body.event_data;
  const data = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const existing = call.store.triggers.ofFunction(fn.func_key);
  let eventData: Record<string, unknown>;
  if (type === TriggerType.Timer) {
    eventData = timerData(data, call.nowMs);
    if (sameKind(existing, type, 'name', eventData.name)) throw fgsError(409, FgsCode.TimerTriggerExists, 'The timer trigger already exists.');
  } else if (type === TriggerType.Smn || type === TriggerType.Cts) {
    eventData = type === TriggerType.Smn ? smnData(data) : ctsData(data);
    if (status !== 'ACTIVE') invalid(FgsCode.InvalidParameter, `Invalid parameter: ${type} triggers cannot be disabled (only timer triggers can).`);
    if (type === TriggerType.Smn && sameKind(existing, type, 'topic_urn', eventData.topic_urn)) {
      throw fgsError(409, FgsCode.SmnTriggerExists, 'The SMN trigger already exists.');
    }
    if (type === TriggerType.Cts && sameKind(existing, type, 'name', eventData.name)) invalid('FSS.1307', 'The trigger name already exists.');
  } else {
    return invalid(FgsCode.InvalidTriggerType, 'Invalid trigger type: the emulator delivers TIMER, SMN and CTS triggers.');
  }
  if (existing.length >= FgsLimits.triggersPerFunction) invalid(FgsCode.TooManyTriggers, `The number of triggers exceeds the maximum allowed limit (${FgsLimits.triggersPerFunction}).`);
  const row: TriggerRow = {
    trigger_id: randomUUID(),
    func_key: fn.func_key,
    trigger_type_code: type,
    trigger_status: status,
    event_type_code: typeof eventTypeCode === 'string' ? eventTypeCode : null,
    event_data: JSON.stringify(eventData),
    created_ms: call.nowMs,
    updated_ms: call.nowMs,
    next_fire_ms: null,
  };
  row.next_fire_ms = nextFireOf(row, call.nowMs);
  call.store.triggers.insert(row);
  call.engine?.timersChanged();
  return { status: 201, body: triggerView(row) };
};

/** `GET .../triggers/{function_urn}` → a JSON array of the function's triggers. */
const listTriggers: FgsHandler = (call) => {
  const fn = requireFunction(call);
  return { status: 200, body: call.store.triggers.ofFunction(fn.func_key).map(triggerView) };
};

function requireTrigger(call: FgsCall): TriggerRow {
  const fn = requireFunction(call);
  const row = call.store.triggers.find(fn.func_key, call.req.params['trigger_id'] ?? '');
  if (row === undefined || row.trigger_type_code !== call.req.params['trigger_type_code']) {
    throw fgsError(404, FgsCode.TriggerNotFound, 'The trigger does not exist.');
  }
  return row;
}

/** `GET .../triggers/{function_urn}/{trigger_type_code}/{trigger_id}`. */
const showTrigger: FgsHandler = (call) => ({ status: 200, body: triggerView(requireTrigger(call)) });

/** `PUT .../{trigger_type_code}/{trigger_id}` with `{trigger_status}`: a timer re-enabled counts from now. */
const updateTrigger: FgsHandler = (call) => {
  const row = requireTrigger(call);
  const status = call.req.body.trigger_status ?? row.trigger_status;
  if (typeof status !== 'string' || !STATUSES.has(status)) invalid(FgsCode.InvalidParameter, 'Invalid parameter: trigger_status is ACTIVE or DISABLED.');
  if (status !== 'ACTIVE' && row.trigger_type_code !== TriggerType.Timer) {
    invalid(FgsCode.InvalidParameter, `Invalid parameter: ${row.trigger_type_code} triggers cannot be disabled (only timer triggers can).`);
  }
  const next: TriggerRow = { ...row, trigger_status: status, updated_ms: call.nowMs };
  next.next_fire_ms = status === row.trigger_status ? row.next_fire_ms : nextFireOf(next, call.nowMs);
  call.store.triggers.setStatus(row.trigger_id, status, call.nowMs, next.next_fire_ms);
  call.engine?.timersChanged();
  return { status: 200, body: triggerView(next) };
};

/** `DELETE .../{trigger_type_code}/{trigger_id}` → 204. */
const deleteTrigger: FgsHandler = (call) => {
  call.store.triggers.delete(requireTrigger(call).trigger_id);
  call.engine?.timersChanged();
  return { status: 204 };
};

/** `DELETE .../triggers/{function_urn}` → 204: every trigger of the function. */
const deleteAllTriggers: FgsHandler = (call) => {
  call.store.triggers.deleteAllOf(requireFunction(call).func_key);
  call.engine?.timersChanged();
  return { status: 204 };
};

export { createTrigger, deleteAllTriggers, deleteTrigger, listTriggers, showTrigger, updateTrigger };
