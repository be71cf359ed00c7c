/**
 * The event of `renew-expiring`: FunctionGraph's TIMER event (docs/huawei-api.md#timer-trigger-event), whose `user_event` is
 * the configured string, here JSON renewal options. A direct invocation may send the same shape.
 */
import * as v from 'valibot';
import type { InferOutput } from 'valibot';
import { RenewalOptionsSchema } from './options.js';

const USER_EVENT_HINT = 'a JSON object of renewal options (or an empty string for the defaults)';

/**
 * `{version?, time?, trigger_type?: "TIMER", trigger_name?, user_event?}` → `user_event` parsed into
 * `RenewalOptions`. Unknown top-level fields are dropped (FunctionGraph may add some); unknown option fields are
 * refused, so a typo in the timer's configuration is caught instead of silently ignored.
 */
const RenewalTimerEvent = v.object({
  trigger_type: v.optional(v.literal('TIMER', 'TIMER (or omit it for a direct invocation)')),
  trigger_name: v.optional(v.pipe(v.string('the timer name'), v.maxLength(128, 'at most 128 characters'))),
  user_event: v.optional(
    v.pipe(
      v.string(USER_EVENT_HINT),
      v.maxLength(16_384, 'at most 16384 characters of JSON'),
      v.transform((text) => (text.trim() === '' ? '{}' : text)),
      v.parseJson(undefined, USER_EVENT_HINT),
      RenewalOptionsSchema,
    ),
    '{}',
  ),
});
type RenewalTimerEvent = InferOutput<typeof RenewalTimerEvent>;

export { RenewalTimerEvent };
