/**
 * Sample trigger events for on-event tests: the SMN and CTS envelopes FunctionGraph delivers
 * (docs/huawei-api.md#smn-trigger-event, docs/huawei-api.md#cts-trigger-event).
 */

/** An SMN trigger event whose one record carries `message` (a JSON string, as SMN delivers it). */
function smnEvent(message: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    record: [
      {
        event_version: '1.0',
        smn: {
          topic_urn: 'urn:smn:cn-north-4:0123456789abcdef0123456789abcdef:csms-events',
          timestamp: '2026-11-28T10:00:00Z',
          message_attributes: null,
          message: typeof message === 'string' ? message : JSON.stringify(message),
          type: 'notification',
          message_id: 'a3f0c0de5d1e4b0e9e0b6f3a2d1c0b9a',
          subject: 'CSMS event',
        },
        event_subscription_urn: 'urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:byok-on-event:latest',
        event_source: 'smn',
        ...overrides,
      },
    ],
    functionname: 'byok-on-event',
    requestId: '7c1c1ad3-0000-4000-8000-000000000000',
    timestamp: 'Sat Nov 28 2026 10:00:00 GMT+0000',
  };
}

/** A CSMS `SECRET_VERSION_CREATED` notification as on-event accepts it. */
function versionCreated(secretName: string, versionId?: string): Record<string, unknown> {
  return {
    event_name: 'byok-rotation',
    event_type: 'SECRET_VERSION_CREATED',
    secret_name: secretName,
    ...(versionId !== undefined ? { version_id: versionId } : {}),
    trigger_time: '2026-11-28T10:00:00Z',
  };
}

/** A CTS trigger event for a KMS trace. */
function ctsEvent(traceName: string, keyId: string | undefined, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cts: {
      time: 1764324000000,
      user: { name: 'ops', id: 'u1', domain: { name: 'acme', id: 'd1' } },
      request: {},
      response: keyId === undefined ? {} : { key_info: { key_id: keyId, domain_id: 'd1' } },
      code: '200',
      service_type: 'KMS',
      resource_type: 'cmk',
      resource_name: 'app',
      resource_id: keyId ?? '',
      trace_name: traceName,
      trace_type: 'ConsoleAction',
      record_time: 1764324000100,
      trace_id: '5b0f2a1e-0000-4000-8000-000000000000',
      trace_status: 'normal',
      ...overrides,
    },
  };
}

export { ctsEvent, smnEvent, versionCreated };
