/**
 * Tells on-event's sources apart and reads each into tasks: an SMN trigger event carrying CSMS
 * `SECRET_VERSION_CREATED` (→ rotate), a CTS trigger event for KMS `createKey` (→ import) or
 * `deleteImportedKeyMaterial` (→ recover), a failure destination payload of a stage (→ lost: pick the key up
 * again), or a direct invocation `{"action": ...}`. Every refusal is an
 * {@link EventValidationError} (`BYOK.INVALID_EVENT`) naming the field and what was expected, never a value.
 *
 * Accepted shapes (docs/huawei-api.md#smn-trigger-event, docs/huawei-api.md#cts-trigger-event):
 * - SMN: `{"record":[{"event_version","smn":{"topic_urn","timestamp","message_attributes","message","type",
 *   "message_id","subject"},"event_subscription_urn","event_source":"smn"}], ...}`, 1..10 records; each `message`
 *   is a JSON string holding a CSMS notification (fields accepted: see csmsNotification.ts).
 * - CTS: `{"cts":{"service_type":"KMS","trace_name":"createKey"|"deleteImportedKeyMaterial","resource_id",
 *   "response","code",...}}`; the key id is `resource_id`, else `response.key_info.key_id` (object or JSON string);
 *   a `code` outside 2xx means the traced call failed and is refused.
 * - Direct: `{"action":"onboard", ...create-key input}` | `{"action":"import","key_id"}` |
 *   `{"action":"rotate","alias"}` | `{"action":"rotate","secret":{"name","version"?}}` |
 *   `{"action":"recover","key_id","force"?}`, each with an optional `correlation_id`.
 * - Failure destination: `{"request_context":{"function_urn","condition",...},"request_payload",...}`; only the
 *   failed stage (from the URN) and the event's `key_id` are read — the rest of the payload may hold an import token
 *   or wrapped material, which is why wrap-material and import-material fail over to on-event, not to SMN.
 */
import { safeParse } from 'valibot';
import { EventValidationError, describeIssues } from '../errors/index.js';
import { StageName } from '../ports/index.js';
import type { EventIssue } from '../errors/index.js';
import { describeShape, readSecretVersionCreated } from './csmsNotification.js';
import type { Shape } from './csmsNotification.js';
import { CtsEvent, CtsTrace, DestinationEvent, DirectEvent, KEY_ID_PATTERN, SmnEvent } from './onEventSchemas.js';
import type { CreateKeyEvent } from './schemas.js';

/** Where an on-event invocation came from. */
const EventSource = { Smn: 'smn', Cts: 'cts', Direct: 'direct', Destination: 'destination' } as const;
type EventSource = (typeof EventSource)[keyof typeof EventSource];

/** One thing on-event was asked to do. */
type OnEventTask =
  | { action: 'onboard'; input: CreateKeyEvent }
  | { action: 'import'; keyId: string }
  | { action: 'rotate'; alias: string }
  | { action: 'rotate'; secretName: string; version?: string }
  | { action: 'recover'; keyId: string; force: boolean }
  /** A stage's invocation failed for good (its on-failure destination): pick the key up again if it needs it. */
  | { action: 'lost'; stage: string; keyId: string | undefined; condition: string };

/** A parsed on-event invocation. */
interface ParsedOnEvent {
  source: EventSource;
  tasks: OnEventTask[];
  /** From a direct invocation's `correlation_id`. */
  correlationId?: string;
  /** SMN only: each CSMS message's shape (names and types, no values), for a one-time log line. */
  messageShapes?: Shape[];
}

function refuse(issues: EventIssue[]): never {
  throw new EventValidationError(issues);
}

function checked<T>(schema: Parameters<typeof safeParse>[0], event: unknown): T {
  const result = safeParse(schema, event, { abortEarly: false });
  if (!result.success) refuse(describeIssues(result.issues));
  return result.output as T;
}

function parseSmn(event: unknown): ParsedOnEvent {
  const smn = checked<SmnEvent>(SmnEvent, event);
  const tasks: OnEventTask[] = [];
  const shapes: Shape[] = [];
  const issues: EventIssue[] = [];
  const seen = new Set<string>();
  smn.record.forEach((record, i) => {
    const at = `record[${i}].smn.message`;
    let message: unknown;
    try {
      message = JSON.parse(record.smn.message);
    } catch {
      issues.push({ path: at, problem: 'expected a JSON string (a CSMS notification)' });
      return;
    }
    shapes.push(describeShape(message));
    const read = readSecretVersionCreated(message, at);
    if (!read.ok) return void issues.push(...read.issues);
    const key = `${read.value.secretName}\u0000${read.value.versionId ?? ''}`;
    if (seen.has(key)) return; // SMN may deliver the same notification twice in one batch
    seen.add(key);
    tasks.push({ action: 'rotate', secretName: read.value.secretName, ...(read.value.versionId ? { version: read.value.versionId } : {}) });
  });
  if (issues.length > 0) refuse(issues);
  return { source: EventSource.Smn, tasks, messageShapes: shapes };
}

/** `response.key_info.key_id` of a create-key trace, whether `response` came as an object or a JSON string. */
function keyIdFromResponse(response: unknown): string | undefined {
  let body = response;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const keyInfo = (body as { key_info?: unknown } | null)?.key_info;
  const keyId = (keyInfo as { key_id?: unknown } | null | undefined)?.key_id;
  return typeof keyId === 'string' && KEY_ID_PATTERN.test(keyId) ? keyId : undefined;
}

function parseCts(event: unknown): ParsedOnEvent {
  const { cts } = checked<CtsEvent>(CtsEvent, event);
  if (cts.code !== undefined && !/^2\d\d$/.test(String(cts.code))) {
    refuse([{ path: 'cts.code', problem: 'the traced call did not succeed (expected an HTTP 2xx status)' }]);
  }
  const fromResource = typeof cts.resource_id === 'string' && KEY_ID_PATTERN.test(cts.resource_id) ? cts.resource_id : undefined;
  const keyId = fromResource ?? keyIdFromResponse(cts.response);
  if (keyId === undefined) {
    refuse([{ path: 'cts.resource_id', problem: 'expected the KMS key id (or response.key_info.key_id)' }]);
  }
  const task: OnEventTask =
    cts.trace_name === CtsTrace.CreateKey ? { action: 'import', keyId } : { action: 'recover', keyId, force: false };
  return { source: EventSource.Cts, tasks: [task] };
}

function parseDirect(event: unknown): ParsedOnEvent {
  const direct = checked<DirectEvent>(DirectEvent, event);
  const correlation = direct.correlation_id !== undefined ? { correlationId: direct.correlation_id } : {};
  let task: OnEventTask;
  switch (direct.action) {
    case 'onboard': {
      const { action: _action, ...input } = direct;
      task = { action: 'onboard', input };
      break;
    }
    case 'import':
      task = { action: 'import', keyId: direct.key_id };
      break;
    case 'rotate':
      task =
        direct.alias !== undefined
          ? { action: 'rotate', alias: direct.alias }
          : { action: 'rotate', secretName: direct.secret!.name, ...(direct.secret!.version ? { version: direct.secret!.version } : {}) };
      break;
    case 'recover':
      task = { action: 'recover', keyId: direct.key_id, force: direct.force };
      break;
  }
  return { source: EventSource.Direct, tasks: [task], ...correlation };
}

/** The stage a function URN names (`...:function:<package>:<service>-<stage>-wrap-material[:latest]`). */
function stageOfUrn(urn: string): string {
  const name = urn.split(':')[6] ?? '';
  return Object.values(StageName).find((stage) => name === stage || name.endsWith(`-${stage}`)) ?? 'unknown';
}

/** The `key_id` of a failed stage's event, read without keeping anything else of it (it may hold a token). */
function keyIdOfPayload(payload: unknown): string | undefined {
  let body = payload;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const keyId = (body as { key_id?: unknown } | null)?.key_id;
  return typeof keyId === 'string' && KEY_ID_PATTERN.test(keyId) ? keyId : undefined;
}

function parseDestination(event: unknown): ParsedOnEvent {
  const destination = checked<DestinationEvent>(DestinationEvent, event);
  const context = destination.request_context;
  const task: OnEventTask = {
    action: 'lost',
    stage: stageOfUrn(context.function_urn),
    keyId: keyIdOfPayload(destination.request_payload),
    condition: /^[A-Za-z]{0,64}$/.test(context.condition ?? '') ? (context.condition ?? '') : 'unknown',
  };
  return { source: EventSource.Destination, tasks: [task] };
}

/**
 * Reads an on-event invocation.
 *
 * @throws {EventValidationError} naming the bad field
 * @example
 * parseOnEvent({ action: 'recover', key_id: '0d4b…' }).tasks // [{ action: 'recover', keyId: '0d4b…', force: false }]
 */
function parseOnEvent(event: unknown): ParsedOnEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    refuse([{ path: '(event)', problem: 'expected a JSON object: an SMN trigger event, a CTS trigger event, a failure destination payload or {"action": ...}' }]);
  }
  const has = (field: string): boolean => Object.hasOwn(event, field);
  const sources = [has('record'), has('cts'), has('action'), has('request_context')].filter(Boolean).length;
  if (sources !== 1) {
    refuse([
      {
        path: '(event)',
        problem: 'expected exactly one of record (SMN trigger), cts (CTS trigger), request_context (failure destination) or action (direct invocation)',
      },
    ]);
  }
  if (has('record')) return parseSmn(event);
  if (has('cts')) return parseCts(event);
  if (has('request_context')) return parseDestination(event);
  return parseDirect(event);
}

export { EventSource, parseOnEvent };
export type { OnEventTask, ParsedOnEvent };
