/**
 * CSMS event notifications (`/v1/{project_id}/csms/events[/{event_name}]`): create, list, show, update, delete.
 * Body `{name, event_types:[...1..12], state: ENABLED|DISABLED, notification:{target_type:"SMN", target_id,
 * target_name}}`. CSMS does not check the topic (a wrong one makes the notification fail when it fires).
 * A secret subscribes through its `event_subscriptions`; see notify.ts for what is published.
 */
import { randomUUID } from 'node:crypto';
import { CsmsLimits } from '../constants.js';
import { CsmsError, csmsError } from '../errors.js';
import type { EventRow } from '../EventStore.js';
import { SecretEventType } from '../notify.js';
import { invalid, parseQueryInteger } from '../validate.js';
import { wireTime } from '../views.js';
import type { TimeUnit } from '../views.js';
import { type CsmsHandler, nowMsOf, timeUnitOf } from './common.js';

const EVENT_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(SecretEventType));
const MAX_EVENT_TYPES = 12;

function eventView(row: EventRow, unit: TimeUnit): Record<string, unknown> {
  return {
    name: row.name,
    event_id: row.event_id,
    event_types: JSON.parse(row.event_types) as string[],
    state: row.state,
    create_time: wireTime(row.create_time_ms, unit),
    update_time: wireTime(row.update_time_ms, unit),
    notification: { target_type: row.target_type, target_id: row.target_id, target_name: row.target_name },
  };
}

function parseEventTypes(value: unknown): string {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_EVENT_TYPES || !value.every((t) => typeof t === 'string' && EVENT_TYPES.has(t))) {
    invalid('event_types', `an array of 1 to ${MAX_EVENT_TYPES} of ${[...EVENT_TYPES].join(', ')}`);
  }
  return JSON.stringify([...new Set(value as string[])]);
}

function parseState(value: unknown): string {
  if (value !== 'ENABLED' && value !== 'DISABLED') invalid('state', 'ENABLED or DISABLED');
  return value;
}

function parseNotification(value: unknown): Pick<EventRow, 'target_type' | 'target_id' | 'target_name'> {
  const n = value as Record<string, unknown> | null;
  if (typeof n !== 'object' || n === null || n.target_type !== 'SMN') invalid('notification.target_type', 'SMN');
  if (typeof n.target_id !== 'string' || n.target_id === '' || n.target_id.length > 128) invalid('notification.target_id', 'the SMN topic URN');
  if (typeof n.target_name !== 'string' || n.target_name === '' || n.target_name.length > 64) invalid('notification.target_name', 'the SMN topic name');
  return { target_type: 'SMN', target_id: n.target_id, target_name: n.target_name };
}

function requireEvent(store: Parameters<CsmsHandler>[2], projectId: string, name: string | undefined): EventRow {
  const row = name === undefined ? undefined : store.events.find(projectId, name);
  if (row === undefined) throw csmsError(CsmsError.NotFound, 'The event does not exist.');
  return row;
}

/** `POST /v1/{project_id}/csms/events` → `{event}`. */
const createSecretEvent: CsmsHandler = (req, ctx, store) => {
  const name = req.body.name;
  if (typeof name !== 'string' || !EVENT_NAME.test(name)) invalid('name', `required, must match ${EVENT_NAME.source}`);
  const row: EventRow = {
    event_id: randomUUID(),
    project_id: req.projectId,
    name,
    event_types: parseEventTypes(req.body.event_types),
    state: parseState(req.body.state),
    ...parseNotification(req.body.notification),
    create_time_ms: nowMsOf(ctx),
    update_time_ms: nowMsOf(ctx),
  };
  if (store.events.find(req.projectId, name) !== undefined) throw csmsError(CsmsError.NameExists, `The event name ${name} already exists.`);
  store.events.insert(row);
  return { status: 200, body: { event: eventView(row, timeUnitOf(ctx)) } };
};

/** `GET /v1/{project_id}/csms/events?limit=&marker=` → `{events, page_info}`, by name; `marker` = last name. */
const listSecretEvents: CsmsHandler = (req, ctx, store) => {
  const limit = parseQueryInteger('limit', req.query.get('limit'), 1, CsmsLimits.listMaxLimit, CsmsLimits.listDefaultLimit);
  const marker = req.query.get('marker') ?? '';
  const rows = store.events.page(req.projectId, marker, limit + 1);
  const page = rows.slice(0, limit);
  const pageInfo: Record<string, unknown> = { current_count: page.length };
  if (rows.length > limit) pageInfo.next_marker = page.at(-1)?.name;
  if (marker !== '') pageInfo.previous_marker = marker;
  return { status: 200, body: { events: page.map((row) => eventView(row, timeUnitOf(ctx))), page_info: pageInfo } };
};

/** `GET .../csms/events/{event_name}` → `{event}`. */
const showSecretEvent: CsmsHandler = (req, ctx, store) => ({
  status: 200,
  body: { event: eventView(requireEvent(store, req.projectId, req.params.event_name), timeUnitOf(ctx)) },
});

/** `PUT .../csms/events/{event_name}` with any of `event_types`, `state`, `notification` → `{event}`. */
const updateSecretEvent: CsmsHandler = (req, ctx, store) => {
  const row = requireEvent(store, req.projectId, req.params.event_name);
  const next: EventRow = {
    ...row,
    ...(req.body.event_types !== undefined && { event_types: parseEventTypes(req.body.event_types) }),
    ...(req.body.state !== undefined && { state: parseState(req.body.state) }),
    ...(req.body.notification !== undefined && parseNotification(req.body.notification)),
    update_time_ms: nowMsOf(ctx),
  };
  store.events.update(next);
  return { status: 200, body: { event: eventView(next, timeUnitOf(ctx)) } };
};

/** `DELETE .../csms/events/{event_name}` → 204. */
const deleteSecretEvent: CsmsHandler = (req, _ctx, store) => {
  store.events.delete(requireEvent(store, req.projectId, req.params.event_name).event_id);
  return { status: 204 };
};

export { createSecretEvent, deleteSecretEvent, listSecretEvents, showSecretEvent, updateSecretEvent };
