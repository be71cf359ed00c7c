/**
 * Valibot schemas of the events on-event accepts: direct invocations (`{"action": ...}`), the envelopes of the
 * SMN and CTS triggers (docs/huawei-api.md#smn-trigger-event, docs/huawei-api.md#cts-trigger-event), and the
 * payload FunctionGraph sends a failure destination (docs/huawei-api.md#asynchronous-invocation). Only what
 * on-event reads is checked; other fields are let through (`v.looseObject`) because FunctionGraph adds fields.
 */
import * as v from 'valibot';
import type { InferOutput } from 'valibot';
import { CreateKeyEvent } from './schemas.js';

const KEY_ID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALIAS = /^[A-Za-z0-9_-]{1,43}$/;
const NAME = /^[A-Za-z0-9_-]{1,43}$/;

const keyId = v.pipe(v.string('a KMS key id'), v.regex(KEY_ID, 'a KMS key id (lowercase UUID)'));
const correlationId = v.optional(v.pipe(v.string('a UUID'), v.regex(UUID, 'a UUID')));

/** The direct actions. */
const OnEventAction = { Onboard: 'onboard', Import: 'import', Rotate: 'rotate', Recover: 'recover' } as const;
type OnEventAction = (typeof OnEventAction)[keyof typeof OnEventAction];

/** `{"action":"onboard", ...create-key input}`. */
const OnboardAction = v.object({ ...CreateKeyEvent.entries, action: v.literal(OnEventAction.Onboard) });

/** `{"action":"import", key_id}`: run the import stages for a key. */
const ImportAction = v.object({ action: v.literal(OnEventAction.Import), key_id: keyId, correlation_id: correlationId });

/** `{"action":"rotate", alias}` or `{"action":"rotate", secret:{name, version?}}` (exactly one). */
const RotateAction = v.pipe(
  v.object({
    action: v.literal(OnEventAction.Rotate),
    alias: v.optional(v.pipe(v.string('the alias name'), v.regex(ALIAS, '1 to 43 of A-Z a-z 0-9 _ - (without "alias/")'))),
    secret: v.optional(
      v.object(
        {
          name: v.pipe(v.string('the CSMS secret name'), v.regex(NAME, '1 to 43 of A-Z a-z 0-9 _ -')),
          version: v.optional(v.pipe(v.string('a version id or "latest"'), v.regex(NAME, 'a version id such as v2, or "latest"'))),
        },
        'an object {name, version?}',
      ),
    ),
    correlation_id: correlationId,
  }),
  v.check((event) => (event.alias === undefined) !== (event.secret === undefined), 'give exactly one of alias or secret'),
);

/** `{"action":"recover", key_id, force?}`: re-import the pinned material into a key in Pending import. */
const RecoverAction = v.object({
  action: v.literal(OnEventAction.Recover),
  key_id: keyId,
  force: v.optional(v.boolean('true or false'), false),
  correlation_id: correlationId,
});

/** Any direct invocation, told apart by `action`. */
const DirectEvent = v.variant('action', [OnboardAction, ImportAction, RotateAction, RecoverAction]);
type DirectEvent = InferOutput<typeof DirectEvent>;

/** An SMN trigger event: `{"record":[{"smn":{...,"message"},"event_source":"smn"}], ...}`. */
const SmnEvent = v.looseObject({
  record: v.pipe(
    v.array(
      v.looseObject({
        event_version: v.optional(v.string('a string')),
        event_source: v.optional(v.literal('smn', '"smn"')),
        event_subscription_urn: v.optional(v.string('a string')),
        smn: v.looseObject(
          {
            topic_urn: v.optional(v.string('an SMN topic URN')),
            message_id: v.optional(v.string('a string')),
            type: v.optional(v.literal('notification', '"notification"')),
            subject: v.optional(v.nullable(v.string('a string'))),
            timestamp: v.optional(v.string('a string')),
            message: v.string('the SMN message (a JSON string)'),
          },
          'the SMN message object',
        ),
      }),
      'an array of SMN records',
    ),
    v.minLength(1, 'at least one SMN record'),
    v.maxLength(10, 'at most 10 SMN records'),
  ),
});
type SmnEvent = InferOutput<typeof SmnEvent>;

/** The KMS CTS traces on-event acts on. */
const CtsTrace = { CreateKey: 'createKey', DeleteImportedKeyMaterial: 'deleteImportedKeyMaterial' } as const;
type CtsTrace = (typeof CtsTrace)[keyof typeof CtsTrace];

/** A CTS trigger event: `{"cts":{service_type:"KMS", trace_name, resource_id | response, code?, ...}}`. */
const CtsEvent = v.looseObject({
  cts: v.looseObject(
    {
      service_type: v.literal('KMS', '"KMS" (only KMS traces are handled)'),
      trace_name: v.picklist(Object.values(CtsTrace), `one of ${Object.values(CtsTrace).join(', ')}`),
      resource_id: v.optional(v.nullable(v.string('a string'))),
      resource_type: v.optional(v.nullable(v.string('a string'))),
      response: v.optional(v.unknown()),
      code: v.optional(v.union([v.string(), v.number()], 'the HTTP status of the traced call')),
      trace_status: v.optional(v.string('a string')),
    },
    'the CTS trace object',
  ),
});
type CtsEvent = InferOutput<typeof CtsEvent>;

/**
 * What FunctionGraph sends an on-failure destination when a stage's asynchronous invocation failed for good:
 * `{timestamp, request_context:{request_id, function_urn, condition, approximate_invoke_count}, request_payload,
 * response_context, response_payload}`. `request_payload` is the stage's event (a JSON string, or an object).
 */
const DestinationEvent = v.looseObject({
  request_context: v.looseObject(
    {
      function_urn: v.pipe(v.string('the failed function\'s URN'), v.maxLength(512, 'at most 512 characters')),
      condition: v.optional(v.nullable(v.pipe(v.string('a string'), v.maxLength(64, 'at most 64 characters')))),
      request_id: v.optional(v.nullable(v.string('a string'))),
    },
    'the request context of the failed invocation',
  ),
  request_payload: v.optional(v.unknown()),
});
type DestinationEvent = InferOutput<typeof DestinationEvent>;

export { CtsEvent, CtsTrace, DestinationEvent, DirectEvent, OnEventAction, SmnEvent };
export { KEY_ID as KEY_ID_PATTERN };
