import { randomUUID } from 'node:crypto';

/** Canonical UUID text (any version). Correlation ids and KMS key ids both have this shape. */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a well-formed correlation id. Only UUIDs are accepted: an id is written into every log line, so a
 * caller must not be able to smuggle arbitrary text (or a secret pasted into the wrong field) into the logs.
 */
function isCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

/** True for a well-formed KMS key id (a UUID). */
function isKeyId(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

/** A field of an event, if the event is an object that has it. */
function eventField(event: unknown, name: string): unknown {
  return typeof event === 'object' && event !== null && !Array.isArray(event)
    ? (event as Record<string, unknown>)[name]
    : undefined;
}

/** A new correlation id (UUID v4). */
const newCorrelationId = (): string => randomUUID();

export { eventField, isCorrelationId, isKeyId, newCorrelationId };
