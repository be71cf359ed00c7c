/**
 * What may travel between stages. An event handed to the next stage leaves this function (FunctionGraph
 * async invoke stores it, retries it, may send it to a failure destination), so it is checked before it
 * goes: a JSON object, below FunctionGraph's 256 KB async limit, and free of plaintext, credentials and
 * secret values. What travels is the key id, the import token and the *wrapped* material — never plaintext,
 * never credentials; the two sensitive values that must travel are allowed by exact field name only.
 */
import { isSecretFieldName } from '../log/sanitize.js';
import { ByokError } from '../errors/index.js';
import { SecretValue } from '../domain/SecretValue.js';

/** FunctionGraph's limit for an asynchronous invocation body (docs/huawei-api.md). */
const MAX_STAGE_EVENT_BYTES = 256 * 1024;

/** Secret-looking field names that stages must hand on; wrapped or single-use, never plaintext. */
const ALLOWED_SENSITIVE_FIELDS: ReadonlySet<string> = new Set(['import_token', 'encrypted_key_material', 'encrypted_privatekey']);

const MAX_DEPTH = 16;
const plainKey = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/** A stage event that must not be sent; `path` names the field (never its value). */
class StageEventRejectedError extends ByokError {
  override readonly name = 'StageEventRejectedError' as const;
  readonly stage: string;
  readonly path: string;

  constructor(stage: string, path: string, reason: string) {
    super(`event for stage ${stage} not sent: ${path}: ${reason}`, { code: 'BYOK.EVENT_REJECTED', retryable: false });
    this.stage = stage;
    this.path = path;
  }
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const shown = plainKey.test(key) ? key : '[?]';
  return path === '' ? shown : `${path}.${shown}`;
}

/** Depth-first walk; returns the first problem as `[path, reason]`. */
function findProblem(value: unknown, path: string, depth: number): [string, string] | undefined {
  const at = path === '' ? '(event)' : path;
  if (depth > MAX_DEPTH) return [at, `nested deeper than ${MAX_DEPTH} levels`];
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : [at, 'not a finite number'];
    case 'bigint':
    case 'symbol':
    case 'function':
      return [at, `a ${typeof value} cannot be sent as JSON`];
  }
  if (value === null) return undefined;
  // A SecretValue serialises as "[redacted]": the next stage would silently get garbage.
  if (value instanceof SecretValue) return [at, 'a SecretValue; reveal only the fields allowed to travel'];
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return [at, 'raw bytes never travel between stages'];
  if (value instanceof Date) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = findProblem(item, join(path, i), depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return [at, 'not a plain JSON object'];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const here = join(path, key);
    if (isSecretFieldName(key) && !ALLOWED_SENSITIVE_FIELDS.has(key)) {
      return [here, 'plaintext, credentials and secret values never travel between stages'];
    }
    const problem = findProblem(item, here, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Checks an event before it is handed to `stage` and returns its JSON text. Throws
 * {@link StageEventRejectedError} (`BYOK.EVENT_REJECTED`) naming the offending field, never its value.
 *
 * @example
 * const body = checkStageEvent('wrap-material', { key_id, import_token, correlation_id });
 */
function checkStageEvent(stage: string, event: unknown): string {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new StageEventRejectedError(stage, '(event)', 'a stage event must be a JSON object');
  }
  const problem = findProblem(event, '', 0);
  if (problem) throw new StageEventRejectedError(stage, problem[0], problem[1]);
  const text = JSON.stringify(event);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes >= MAX_STAGE_EVENT_BYTES) {
    throw new StageEventRejectedError(stage, '(event)', `${bytes} bytes, over FunctionGraph's 256 KB async limit`);
  }
  return text;
}

/** True for a {@link StageEventRejectedError}, also across module copies. */
function isStageEventRejectedError(error: unknown): error is StageEventRejectedError {
  return error instanceof StageEventRejectedError || (error instanceof Error && error.name === 'StageEventRejectedError');
}

export { ALLOWED_SENSITIVE_FIELDS, MAX_STAGE_EVENT_BYTES, StageEventRejectedError, checkStageEvent, isStageEventRejectedError };
