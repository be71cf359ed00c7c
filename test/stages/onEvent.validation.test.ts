import { describe, expect, it } from 'vitest';
import { isEventValidationError } from '../../lib/errors/index.js';
import { parseOnEvent } from '../../lib/stages/eventSources.js';
import { ctsEvent, smnEvent, versionCreated } from './onEvent.fixtures.js';

const KEY = '0d4b3c4e-1111-4aaa-8bbb-000000000001';
/** Looks like a secret someone pasted in the wrong field: it must never be echoed. */
const LEAK = 'c2VjcmV0LW1hdGVyaWFsLXRoYXQtbXVzdC1ub3QtbGVhaw==';

function refusal(event: unknown): Error {
  try {
    parseOnEvent(event);
  } catch (error) {
    expect(isEventValidationError(error)).toBe(true);
    expect((error as Error).message).not.toContain(LEAK);
    return error as Error;
  }
  throw new Error('the event was accepted');
}

describe('Function: parseOnEvent', () => {
  describe('SMN trigger events', () => {
    it('reads a SECRET_VERSION_CREATED notification into a rotation', () => {
      expect(parseOnEvent(smnEvent(versionCreated('app-key', 'v2')))).toMatchObject({
        source: 'smn',
        tasks: [{ action: 'rotate', secretName: 'app-key', version: 'v2' }],
      });
    });

    it('accepts the alternative field names and a message without a version', () => {
      const parsed = parseOnEvent(smnEvent({ trigger_event_type: 'SECRET_VERSION_CREATED', secretName: 'k', versionId: 'v7' }));
      expect(parsed.tasks).toEqual([{ action: 'rotate', secretName: 'k', version: 'v7' }]);
      expect(parseOnEvent(smnEvent({ eventType: 'SECRET_VERSION_CREATED', secret_name: 'k' })).tasks).toEqual([
        { action: 'rotate', secretName: 'k' },
      ]);
    });

    it('describes the message shape with names and types only', () => {
      const parsed = parseOnEvent(smnEvent({ ...versionCreated('k', 'v1'), extra: { deep: [LEAK] } }));
      expect(parsed.messageShapes).toEqual([
        { event_name: 'string', event_type: 'string', secret_name: 'string', version_id: 'string', trigger_time: 'string', extra: { deep: ['string'] } },
      ]);
      expect(JSON.stringify(parsed.messageShapes)).not.toContain(LEAK);
    });

    it.each([
      ['no records', { record: [] }, 'record'],
      ['a message that is not a string', smnEvent('x', { smn: { message: 42 } }), 'record[0].smn.message'],
      ['a message that is not JSON', smnEvent(`not json ${LEAK}`), 'record[0].smn.message: expected a JSON string'],
      ['a message without a secret name', smnEvent({ event_type: 'SECRET_VERSION_CREATED' }), 'record[0].smn.message.secret_name: required'],
      ['another CSMS event type', smnEvent({ event_type: 'SECRET_DELETED', secret_name: 'k' }), 'record[0].smn.message.event_type'],
      ['an event type that is a secret', smnEvent({ event_type: LEAK, secret_name: 'k' }), 'record[0].smn.message.event_type'],
      ['a secret name that is not one', smnEvent({ event_type: 'SECRET_VERSION_CREATED', secret_name: LEAK }), 'record[0].smn.message.secret_name'],
      ['a bad version id', smnEvent({ ...versionCreated('k'), version_id: '../v1' }), 'record[0].smn.message.version_id'],
      ['a subscription confirmation', smnEvent(versionCreated('k'), { smn: { type: 'SubscriptionConfirmation', message: '{}' } }), 'record[0].smn.type'],
      ['a non-SMN record', smnEvent(versionCreated('k'), { event_source: 'obs' }), 'record[0].event_source'],
    ])('refuses an SMN event with %s, naming the field', (_what, event, named) => {
      expect(refusal(event).message).toContain(named);
    });
  });

  describe('CTS trigger events', () => {
    it('reads createKey as an import and deleteImportedKeyMaterial as a recovery', () => {
      expect(parseOnEvent(ctsEvent('createKey', KEY)).tasks).toEqual([{ action: 'import', keyId: KEY }]);
      expect(parseOnEvent(ctsEvent('deleteImportedKeyMaterial', KEY)).tasks).toEqual([{ action: 'recover', keyId: KEY, force: false }]);
    });

    it('takes the key id from response.key_info when resource_id is missing (object or JSON string)', () => {
      const response = { key_info: { key_id: KEY } };
      expect(parseOnEvent(ctsEvent('createKey', undefined, { resource_id: undefined, response })).tasks).toEqual([{ action: 'import', keyId: KEY }]);
      expect(parseOnEvent(ctsEvent('createKey', undefined, { resource_id: undefined, response: JSON.stringify(response) })).tasks).toEqual([
        { action: 'import', keyId: KEY },
      ]);
    });

    it.each([
      ['another service', ctsEvent('createKey', KEY, { service_type: 'ECS' }), 'cts.service_type'],
      ['another trace', ctsEvent('encryptData', KEY), 'cts.trace_name'],
      ['no key id', ctsEvent('createKey', undefined, { resource_id: LEAK }), 'cts.resource_id'],
      ['a failed call', ctsEvent('createKey', KEY, { code: '403' }), 'cts.code'],
      ['no cts object', { cts: LEAK }, 'cts'],
    ])('refuses a CTS event for %s, naming the field', (_what, event, named) => {
      expect(refusal(event).message).toContain(named);
    });
  });

  describe('direct invocations', () => {
    it('reads each action', () => {
      expect(parseOnEvent({ action: 'import', key_id: KEY }).tasks).toEqual([{ action: 'import', keyId: KEY }]);
      expect(parseOnEvent({ action: 'rotate', alias: 'app' }).tasks).toEqual([{ action: 'rotate', alias: 'app' }]);
      expect(parseOnEvent({ action: 'rotate', secret: { name: 's', version: 'v3' } }).tasks).toEqual([{ action: 'rotate', secretName: 's', version: 'v3' }]);
      expect(parseOnEvent({ action: 'recover', key_id: KEY, force: true }).tasks).toEqual([{ action: 'recover', keyId: KEY, force: true }]);
      expect(parseOnEvent({ action: 'onboard', alias: 'a', secret: { name: 's' }, ttl: '30d' }).tasks).toEqual([
        { action: 'onboard', input: { alias: 'a', secret: { name: 's' }, ttl: '30d' } },
      ]);
    });

    it('keeps a correlation id given with the event', () => {
      const correlationId = '6a1f9f0e-0000-4000-8000-000000000002';
      expect(parseOnEvent({ action: 'import', key_id: KEY, correlation_id: correlationId }).correlationId).toBe(correlationId);
    });

    it.each([
      ['an unknown action', { action: LEAK }, 'action'],
      ['an import without key_id', { action: 'import' }, 'key_id: required'],
      ['a key id that is not one', { action: 'recover', key_id: LEAK }, 'key_id'],
      ['a rotation with both alias and secret', { action: 'rotate', alias: 'a', secret: { name: 's' } }, 'exactly one of alias or secret'],
      ['a rotation with neither', { action: 'rotate' }, 'exactly one of alias or secret'],
      ['a non-boolean force', { action: 'recover', key_id: KEY, force: 'yes' }, 'force'],
      ['an onboard without secret', { action: 'onboard', alias: 'a' }, 'secret: required'],
      ['an onboard with a bad ttl', { action: 'onboard', alias: 'a', secret: { name: 's' }, ttl: LEAK }, 'ttl'],
    ])('refuses %s, naming the field', (_what, event, named) => {
      expect(refusal(event).message).toContain(named);
    });
  });

  it.each([
    ['a string', LEAK],
    ['an array', [LEAK]],
    ['null', null],
    ['an object of no known source', { hello: LEAK }],
    ['two sources at once', { action: 'import', cts: {} }],
  ])('refuses %s as the event', (_what, event) => {
    expect(refusal(event).message).toContain('(event)');
  });
});
