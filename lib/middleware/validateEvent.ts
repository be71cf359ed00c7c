import type { MiddlewareObj } from '@middy/core';
import { safeParse } from 'valibot';
import type { GenericSchema, InferOutput } from 'valibot';
import { EventValidationError, describeIssues } from '../errors/index.js';
import type { RequestLike } from './types.js';

/** A synchronous valibot schema for a stage's event. */
type EventSchema = GenericSchema<unknown, unknown>;

/**
 * Validates `request.event` against a valibot schema and replaces it with the parsed (typed) output. A mismatch
 * throws {@link EventValidationError} (`BYOK.INVALID_EVENT`) naming each bad field and what was expected there,
 * never the received value. Schemas should be `v.object` (unknown keys such as `correlation_id` are dropped)
 * or `v.looseObject`; a `v.strictObject` rejects the correlation id.
 *
 * @example
 * const FetchParametersEvent = v.object({ key_id: v.pipe(v.string(), v.uuid()) });
 * middy(useCase).use(validateEvent(FetchParametersEvent));
 */
function validateEvent<TSchema extends EventSchema>(schema: TSchema): MiddlewareObj<unknown, unknown> {
  const validateEventBefore = (request: RequestLike): void => {
    const result = safeParse(schema, request.event, { abortEarly: false });
    if (!result.success) throw new EventValidationError(describeIssues(result.issues));
    request.event = result.output as InferOutput<TSchema>;
  };

  return { before: validateEventBefore, after: undefined, onError: undefined };
}

export { validateEvent };
export type { EventSchema };
