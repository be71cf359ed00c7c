/**
 * The EventBridge events the AWS functions receive (docs/aws.md#events):
 *
 * - `KMS Imported Key Material Expiration` (source `aws.kms`): AWS sends it AFTER the material expired and was
 *   deleted, so the key is already in PendingImport: a recovery trigger, not a warning.
 * - A `Scheduled Event` (source `aws.events`) when the renewal's schedule carries no input; with an input (the
 *   renewal options) EventBridge sends that object itself.
 */
import * as v from 'valibot';
import { EventValidationError, describeIssues } from '../errors/index.js';

const EXPIRATION_DETAIL_TYPE = 'KMS Imported Key Material Expiration';
const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `{"source":"aws.kms","detail-type":"KMS Imported Key Material Expiration","detail":{"key-id":…}, …}`. */
const KmsExpirationEvent = v.looseObject({
  source: v.literal('aws.kms', '"aws.kms"'),
  'detail-type': v.literal(EXPIRATION_DETAIL_TYPE, `"${EXPIRATION_DETAIL_TYPE}"`),
  region: v.optional(v.string('a region id')),
  detail: v.looseObject(
    {
      'key-id': v.pipe(v.string('the KMS key id'), v.regex(KEY_ID, 'a KMS key id (lowercase UUID)')),
      'key-material-id': v.optional(v.pipe(v.string('a key material id'), v.regex(/^[0-9a-f]{64}$/, 'a key material id (64 hex digits)'))),
    },
    'the event detail',
  ),
});

const fieldOf = (event: unknown, name: string): unknown =>
  typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>)[name] : undefined;

/** True for an EventBridge event about an expired imported material (not yet validated). */
function isKmsExpirationEvent(event: unknown): boolean {
  return fieldOf(event, 'source') === 'aws.kms' && fieldOf(event, 'detail-type') === EXPIRATION_DETAIL_TYPE;
}

/** True for EventBridge's own schedule event (a schedule without input). */
function isScheduledEvent(event: unknown): boolean {
  return fieldOf(event, 'source') === 'aws.events' && fieldOf(event, 'detail-type') === 'Scheduled Event';
}

/**
 * The key (and material, when AWS says) whose imported material expired.
 *
 * @throws {EventValidationError} naming the bad field, never its value
 * @example
 * expiredKeyOf(event).keyId // '1234abcd-12ab-34cd-56ef-1234567890ab'
 */
function expiredKeyOf(event: unknown): { keyId: string; materialId: string | undefined } {
  const parsed = v.safeParse(KmsExpirationEvent, event, { abortEarly: false });
  if (!parsed.success) throw new EventValidationError(describeIssues(parsed.issues));
  return { keyId: parsed.output.detail['key-id'], materialId: parsed.output.detail['key-material-id'] };
}

export { EXPIRATION_DETAIL_TYPE, expiredKeyOf, isKmsExpirationEvent, isScheduledEvent };
