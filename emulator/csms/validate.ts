/**
 * Request checks for CSMS bodies and queries. Every failure is `CSMS.0002` naming the field; a
 * secret value never appears in a message.
 */
import { CsmsLimits, SECRET_NAME_PATTERN, SecretType } from './constants.js';
import { CsmsError, csmsError } from './errors.js';
import type { ValueKind } from './SecretStore.js';

interface SecretValue {
  kind: ValueKind;
  /** UTF-8 bytes of `secret_string`, or the decoded bytes of `secret_binary`. */
  bytes: Buffer;
}

const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ROTATION_PERIOD_PATTERN = /^([1-9][0-9]*)([dhms])$/;
const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const secretTypes: ReadonlySet<string> = new Set(Object.values(SecretType));

function invalid(field: string, why: string): never {
  throw csmsError(CsmsError.InvalidParameter, `The value of parameter ${field} is invalid: ${why}.`);
}

function optionalString(body: Record<string, unknown>, field: string, maxBytes: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') invalid(field, 'must be a string');
  if (Buffer.byteLength(value, 'utf8') > maxBytes) invalid(field, `at most ${maxBytes} bytes`);
  return value;
}

/** `name` of create-secret. */
function parseSecretName(body: Record<string, unknown>): string {
  const name = body.name;
  if (typeof name !== 'string' || !SECRET_NAME_PATTERN.test(name)) {
    invalid('name', `required, must match ${SECRET_NAME_PATTERN.source}`);
  }
  return name;
}

/** Exactly one of `secret_string` / `secret_binary` (base64), at most 32 KB once decoded. */
function parseSecretValue(body: Record<string, unknown>): SecretValue {
  const text = body.secret_string;
  const binary = body.secret_binary;
  const hasText = text !== undefined && text !== null;
  const hasBinary = binary !== undefined && binary !== null;
  if (hasText === hasBinary) invalid('secret_string/secret_binary', 'exactly one of them must be set');
  let bytes: Buffer;
  if (hasText) {
    if (typeof text !== 'string' || text.length === 0) invalid('secret_string', 'must be a non-empty string');
    bytes = Buffer.from(text, 'utf8');
  } else {
    if (typeof binary !== 'string' || binary.length === 0 || !BASE64_PATTERN.test(binary)) {
      invalid('secret_binary', 'must be non-empty standard base64');
    }
    bytes = Buffer.from(binary, 'base64');
  }
  if (bytes.length > CsmsLimits.valueBytes) {
    invalid(hasText ? 'secret_string' : 'secret_binary', `at most ${CsmsLimits.valueBytes} bytes`);
  }
  return { kind: hasText ? 'string' : 'binary', bytes };
}

/** Optional `version_stages`: 1–12 names of 1–64 bytes; duplicates collapse. */
function parseVersionStages(body: Record<string, unknown>): string[] | undefined {
  const stages = body.version_stages;
  if (stages === undefined || stages === null) return undefined;
  if (!Array.isArray(stages) || stages.length < 1 || stages.length > CsmsLimits.stagesPerSecret) {
    invalid('version_stages', `must be an array of 1 to ${CsmsLimits.stagesPerSecret} stage names`);
  }
  for (const stage of stages) parseStageName(stage, 'version_stages');
  return [...new Set(stages as string[])];
}

/** A stage name: 1–64 bytes. */
function parseStageName(value: unknown, field = 'stage_name'): string {
  if (typeof value !== 'string' || value.length === 0) invalid(field, 'stage names must be non-empty strings');
  if (Buffer.byteLength(value, 'utf8') > CsmsLimits.stageNameBytes) {
    invalid(field, `stage names are at most ${CsmsLimits.stageNameBytes} bytes`);
  }
  return value;
}

/** Optional `expire_time`: a positive integer timestamp, kept as given. */
function parseExpireTime(body: Record<string, unknown>): number | null {
  const value = body.expire_time;
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    invalid('expire_time', 'must be a positive integer timestamp');
  }
  return value;
}

/** Optional integer body value in [min, max]; JSON numbers only. */
function parseIntegerIn(field: string, raw: unknown, min: number, max: number, fallback: number): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < min || raw > max) {
    invalid(field, `must be an integer from ${min} to ${max}`);
  }
  return raw;
}

/** Optional integer query parameter in [min, max]: decimal digits only. */
function parseQueryInteger(field: string, raw: string | null, min: number, max: number, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  if (!/^[0-9]{1,15}$/.test(raw)) invalid(field, `must be an integer from ${min} to ${max}`);
  return parseIntegerIn(field, Number(raw), min, max, fallback);
}

interface SecretOptions {
  kmsKeyId: string | undefined;
  description: string;
  secretType: string;
  autoRotation: boolean;
  rotationPeriod: string | null;
  rotationConfig: string | null;
  rotationFuncUrn: string | null;
  eventSubscriptions: string[];
  enterpriseProjectId: string | undefined;
}

function parseRotationPeriod(value: string | undefined): string | null {
  if (value === undefined) return null;
  const match = ROTATION_PERIOD_PATTERN.exec(value);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : Number.NaN;
  if (!(seconds >= CsmsLimits.rotationPeriodMinSeconds && seconds <= CsmsLimits.rotationPeriodMaxSeconds)) {
    invalid('rotation_period', 'must be <integer><d|h|m|s> between 6h and 8760h');
  }
  return value;
}

/** The stored-but-inert fields of create-secret (rotation and events are not simulated). */
function parseSecretOptions(body: Record<string, unknown>): SecretOptions {
  const secretType = optionalString(body, 'secret_type', 64) ?? SecretType.Common;
  if (!secretTypes.has(secretType)) invalid('secret_type', `must be one of ${[...secretTypes].join(', ')}`);
  const autoRotation = body.auto_rotation ?? false;
  if (typeof autoRotation !== 'boolean') invalid('auto_rotation', 'must be a boolean');
  const rotationPeriod = parseRotationPeriod(optionalString(body, 'rotation_period', 16));
  if (autoRotation && rotationPeriod === null) invalid('rotation_period', 'required when auto_rotation is true');
  const rotationConfig = optionalString(body, 'rotation_config', CsmsLimits.rotationConfigChars * 4) ?? null;
  if (rotationConfig !== null && rotationConfig.length > CsmsLimits.rotationConfigChars) {
    invalid('rotation_config', `at most ${CsmsLimits.rotationConfigChars} characters`);
  }
  if (secretType !== SecretType.Common && rotationConfig === null) {
    invalid('rotation_config', `required for secret_type ${secretType}`);
  }
  const events = body.event_subscriptions ?? [];
  if (
    !Array.isArray(events) ||
    events.length > CsmsLimits.eventSubscriptions ||
    !events.every((e) => typeof e === 'string' && e.length > 0)
  ) {
    invalid('event_subscriptions', `must be an array of at most ${CsmsLimits.eventSubscriptions} event name`);
  }
  const kmsKeyId = optionalString(body, 'kms_key_id', 128);
  if (kmsKeyId === '') invalid('kms_key_id', 'must not be empty');
  return {
    kmsKeyId,
    description: optionalString(body, 'description', CsmsLimits.descriptionBytes) ?? '',
    secretType,
    autoRotation,
    rotationPeriod,
    rotationConfig,
    rotationFuncUrn: optionalString(body, 'rotation_func_urn', 512) ?? null,
    eventSubscriptions: events as string[],
    enterpriseProjectId: optionalString(body, 'enterprise_project_id', 64),
  };
}

export {
  invalid,
  parseExpireTime,
  parseIntegerIn,
  parseQueryInteger,
  parseSecretName,
  parseSecretOptions,
  parseSecretValue,
  parseStageName,
  parseVersionStages,
};
export type { SecretOptions, SecretValue };
