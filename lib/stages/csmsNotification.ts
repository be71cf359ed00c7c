/**
 * The CSMS notification inside an SMN message. CSMS publishes secret events to SMN "in JSON format", but the body
 * is not documented (docs/huawei-api.md#csms-events). Accepted, by these names only (the first present wins):
 *
 * - event type:  `trigger_event_type` (the name CSMS uses in its notification records), `event_type`, `eventType`;
 *                it must be `SECRET_VERSION_CREATED`.
 * - secret name: `secret_name`, `secretName` — required, `^[A-Za-z0-9_-]{1,64}$` (CSMS's rule).
 * - version id:  `version_id`, `versionId`, `secret_version_id`, `version` — optional, `^[A-Za-z0-9_-]{1,64}$`;
 *                without one the rotation pins the secret's `latest` version when it runs.
 *
 * Anything else is refused with an error naming the field (never quoting a value). Other fields are ignored, and
 * the message's SHAPE (field names and types, never values) is described for a one-time log line, so the real
 * format can be learnt from the first notification.
 */
import type { EventIssue } from '../errors/index.js';

/** The one CSMS event type that means "new material to rotate to". */
const SECRET_VERSION_CREATED = 'SECRET_VERSION_CREATED';

const EVENT_TYPE_FIELDS = ['trigger_event_type', 'event_type', 'eventType'] as const;
const SECRET_NAME_FIELDS = ['secret_name', 'secretName'] as const;
const VERSION_FIELDS = ['version_id', 'versionId', 'secret_version_id', 'version'] as const;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A `SECRET_VERSION_CREATED` notification. */
interface SecretVersionCreated {
  secretName: string;
  /** The new version's id; `undefined` when the message names none. */
  versionId?: string;
}

/** A JSON value's shape: field names and type names only. */
type Shape = string | Shape[] | { [field: string]: Shape };

const plainKey = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/**
 * Describes a value's shape without its values: `{"secret_name":"string","version":{"id":"string"}}`. Keys that
 * are not plain identifiers (data used as keys) are shown as `[?]`; depth and width are bounded.
 */
function describeShape(value: unknown, depth = 0): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return depth >= 4 ? 'array' : value.length === 0 ? [] : [describeShape(value[0], depth + 1)];
  if (typeof value !== 'object') return typeof value;
  if (depth >= 4) return 'object';
  const shape: { [field: string]: Shape } = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>).slice(0, 30)) {
    shape[plainKey.test(key) ? key : '[?]'] = describeShape(item, depth + 1);
  }
  return shape;
}

/** The first of `names` present in `message`, with the name it was found under. */
function firstOf(message: Record<string, unknown>, names: readonly string[]): [string, unknown] | undefined {
  for (const name of names) if (message[name] !== undefined) return [name, message[name]];
  return undefined;
}

/**
 * Reads a CSMS notification (the SMN message, already parsed from JSON). Answers the notification or the issues,
 * each with a path under `at` (e.g. `record[0].smn.message.secret_name`).
 *
 * @example
 * readSecretVersionCreated({ event_type: 'SECRET_VERSION_CREATED', secret_name: 'app-key', version_id: 'v2' }, 'message')
 */
function readSecretVersionCreated(
  message: unknown,
  at: string,
): { ok: true; value: SecretVersionCreated } | { ok: false; issues: EventIssue[] } {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { ok: false, issues: [{ path: at, problem: 'expected a JSON object (a CSMS notification)' }] };
  }
  const fields = message as Record<string, unknown>;
  const issues: EventIssue[] = [];
  const type = firstOf(fields, EVENT_TYPE_FIELDS);
  if (type === undefined) issues.push({ path: `${at}.event_type`, problem: `required (one of ${EVENT_TYPE_FIELDS.join(', ')})` });
  else if (type[1] !== SECRET_VERSION_CREATED) {
    issues.push({ path: `${at}.${type[0]}`, problem: `expected "${SECRET_VERSION_CREATED}" (other CSMS events are not handled)` });
  }
  const name = firstOf(fields, SECRET_NAME_FIELDS);
  if (name === undefined) issues.push({ path: `${at}.secret_name`, problem: `required (one of ${SECRET_NAME_FIELDS.join(', ')})` });
  else if (typeof name[1] !== 'string' || !NAME.test(name[1])) {
    issues.push({ path: `${at}.${name[0]}`, problem: 'expected a CSMS secret name (1 to 64 of A-Z a-z 0-9 _ -)' });
  }
  const version = firstOf(fields, VERSION_FIELDS);
  if (version !== undefined && (typeof version[1] !== 'string' || !NAME.test(version[1]))) {
    issues.push({ path: `${at}.${version[0]}`, problem: 'expected a secret version id such as v2' });
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      secretName: name![1] as string,
      ...(version !== undefined ? { versionId: version[1] as string } : {}),
    },
  };
}

export { EVENT_TYPE_FIELDS, SECRET_NAME_FIELDS, SECRET_VERSION_CREATED, VERSION_FIELDS, describeShape, readSecretVersionCreated };
export type { SecretVersionCreated, Shape };
