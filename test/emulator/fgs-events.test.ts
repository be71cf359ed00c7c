import { CreateFunctionTriggerRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/CreateFunctionTriggerRequest.js';
import { CreateFunctionTriggerRequestBody } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/CreateFunctionTriggerRequestBody.js';
import { TriggerEventDataRequestBody } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/TriggerEventDataRequestBody.js';
import type { FunctionGraphClient } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { createHuaweiClients } from '../../lib/huawei/index.js';
import type { CsmsClient, KmsClient } from '../../lib/huawei/index.js';
import { readSecretVersionCreated } from '../../lib/stages/csmsNotification.js';
import { CtsEvent, SmnEvent } from '../../lib/stages/onEventSchemas.js';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { deployFunction, drainFunctions, fgsClient, handlerZip } from '../helpers/fgs.js';

type Wire = Record<string, any>;
const EVENTS = '/v1/{project_id}/csms/events';

describe('Emulator: events reach functions (CSMS → SMN trigger, KMS → CTS trigger)', () => {
  let emu: TestEmulator;
  let client: FunctionGraphClient;
  let kms: KmsClient;
  let csms: CsmsClient;
  let topic: string;
  let smnFunction: string;
  let ctsFunction: string;

  const trigger = async (urn: string, type: string, data: Record<string, unknown>): Promise<void> => {
    const res = (await client.createFunctionTrigger(
      new CreateFunctionTriggerRequest().withFunctionUrn(urn).withBody(
        new CreateFunctionTriggerRequestBody().withTriggerTypeCode(type).withTriggerStatus('ACTIVE').withEventData(Object.assign(new TriggerEventDataRequestBody(), data)),
      ),
    )) as unknown as Wire;
    expect(res.httpStatusCode).toBe(201);
  };
  const received = async (urn: string): Promise<Wire[]> =>
    (await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(urn)}`)).body.invocations.map((i: Wire) => i.body);
  const messages = async (): Promise<Wire[]> => (await received(smnFunction)).map((e) => JSON.parse(e.record[0].smn.message));
  const secretEvent = (name: string, types: string[], state = 'ENABLED'): Wire => ({
    name,
    event_types: types,
    state,
    notification: { target_type: 'SMN', target_id: topic, target_name: 'csms-events' },
  });

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2030-02-02T00:00:00Z') });
    client = fgsClient(emu);
    ({ kms, csms } = createHuaweiClients({
      config: { ak: emu.ak, sk: new SecretValue(emu.sk), projectId: emu.projectId, endpoint: emu.endpoint, region: emu.region },
      now: () => emu.now(),
    }));
    topic = `urn:smn:${emu.region}:${emu.projectId}:csms-events`;
    smnFunction = await deployFunction(client, { name: 'smn-probe', code: handlerZip('return event.record.length;') });
    ctsFunction = await deployFunction(client, { name: 'cts-probe', code: handlerZip('return event.cts.trace_name;') });
    await trigger(smnFunction, 'SMN', { topic_urn: topic });
    await trigger(ctsFunction, 'CTS', { name: 'kms-keys', operations: ['KMS:cmk:createKey;deleteImportedKeyMaterial'] });
  });
  afterAll(async () => emu.close());

  it('manages CSMS events (create, list, show, update, delete) with CSMS’s validation', async () => {
    // Act
    const created = await emu.request('POST', EVENTS, secretEvent('ev-crud', ['SECRET_VERSION_CREATED']));
    const again = await emu.request('POST', EVENTS, secretEvent('ev-crud', ['SECRET_VERSION_CREATED']));
    const badType = await emu.request('POST', EVENTS, secretEvent('ev-bad', ['SECRET_EXPLODED']));
    const badTarget = await emu.request('POST', EVENTS, { ...secretEvent('ev-bad', ['SECRET_DELETED']), notification: { target_type: 'EMAIL' } });
    const updated = await emu.request('PUT', `${EVENTS}/ev-crud`, { state: 'DISABLED', event_types: ['SECRET_DELETED'] });
    const listed = await emu.request('GET', `${EVENTS}?limit=10`);
    const deleted = await emu.request('DELETE', `${EVENTS}/ev-crud`);
    const gone = await emu.request('GET', `${EVENTS}/ev-crud`);
    // Assess
    expect(created.status).toBe(200);
    expect(created.body.event).toMatchObject({
      name: 'ev-crud',
      event_types: ['SECRET_VERSION_CREATED'],
      state: 'ENABLED',
      notification: { target_type: 'SMN', target_id: topic, target_name: 'csms-events' },
    });
    expect(created.body.event.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect([again.status, badType.status, badType.body.error_code, badTarget.status]).toEqual([409, 400, 'CSMS.0002', 400]);
    expect(updated.body.event).toMatchObject({ state: 'DISABLED', event_types: ['SECRET_DELETED'] });
    expect(listed.body.events.map((e: Wire) => e.name)).toContain('ev-crud');
    expect([deleted.status, gone.status, gone.body.error_code]).toEqual([204, 400, 'CSMS.0005']);
  });

  it('delivers SECRET_VERSION_CREATED of a subscribed secret to the SMN-triggered function, in a message byok accepts', async () => {
    // Prepare
    expect((await emu.request('POST', EVENTS, secretEvent('byok-rotation', ['SECRET_VERSION_CREATED', 'SECRET_DELETED']))).status).toBe(200);
    await csms.createSecret({ name: 'app-material', secretString: 'v1-material', eventSubscriptions: ['byok-rotation'] });
    await csms.createSecret({ name: 'unsubscribed', secretString: 'x' });
    // Act
    const version = await csms.createSecretVersion('app-material', { secretString: 'v2-material' });
    await csms.createSecretVersion('unsubscribed', { secretString: 'y' });
    await drainFunctions(emu);
    // Assess
    const events = await received(smnFunction);
    expect(events).toHaveLength(1);
    const event = v.parse(SmnEvent, events[0]);
    expect(event.record[0]).toMatchObject({ event_source: 'smn', smn: { topic_urn: topic, type: 'notification' }, event_subscription_urn: smnFunction });
    const parsed = readSecretVersionCreated(JSON.parse(event.record[0]!.smn.message), 'message');
    expect(parsed).toEqual({ ok: true, value: { secretName: 'app-material', versionId: version.id } });
    expect(version.id).toBe('v2');
    expect(JSON.stringify(events)).not.toContain('v2-material');
  });

  it('publishes nothing for a disabled event, and SECRET_DELETED when the secret is deleted', async () => {
    // Prepare
    await emu.request('PUT', `${EVENTS}/byok-rotation`, { state: 'DISABLED' });
    await csms.createSecretVersion('app-material', { secretString: 'v3-material' });
    await drainFunctions(emu);
    const whileDisabled = (await messages()).length;
    await emu.request('PUT', `${EVENTS}/byok-rotation`, { state: 'ENABLED' });
    // Act
    const deleted = await emu.request('DELETE', '/v1/{project_id}/secrets/app-material');
    await drainFunctions(emu);
    // Assess
    expect(whileDisabled).toBe(1);
    expect(deleted.status).toBe(204);
    expect((await messages()).at(-1)).toMatchObject({ trigger_event_type: 'SECRET_DELETED', secret_name: 'app-material', event_name: 'byok-rotation' });
  });

  it('delivers a KMS createKey trace to the CTS-triggered function, and not an operation it did not subscribe to', async () => {
    // Act
    const { keyId } = await kms.createKey({ keyAlias: 'cts-watched', origin: 'external' });
    await kms.createKey({ keyAlias: 'kept-enabled' }).then(async (k) => kms.disableKey(k.keyId));
    await drainFunctions(emu);
    // Assess
    const events = await received(ctsFunction);
    expect(events.map((e) => e.cts.trace_name)).toEqual(['createKey', 'createKey']);
    const event = v.parse(CtsEvent, events[0]);
    expect(event.cts).toMatchObject({ service_type: 'KMS', resource_type: 'cmk', resource_id: keyId, trace_name: 'createKey', code: '200', trace_status: 'normal' });
    expect(events[0]!.cts.response).toMatchObject({ key_info: { key_id: keyId } });
    const runs = (await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(ctsFunction)}`)).body.invocations;
    expect(runs.map((r: Wire) => r.state)).toEqual(['succeeded', 'succeeded']);
  });

  it('delivers deleteImportedKeyMaterial with the key id and without tokens or material in the trace', async () => {
    // Prepare: a key with imported material.
    const crypto = await import('node:crypto');
    const { keyId } = await kms.createKey({ keyAlias: 'cts-import', origin: 'external' });
    const params = await kms.getParametersForImport(keyId);
    const material = crypto.randomBytes(32);
    const publicKey = crypto.createPublicKey({ key: Buffer.from(params.publicKey, 'base64'), format: 'der', type: 'spki' });
    const wrapped = crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
    await kms.importKeyMaterial({ keyId, importToken: params.importToken, encryptedKeyMaterial: wrapped.toString('base64') });
    // Act
    await kms.deleteImportedKeyMaterial(keyId);
    await drainFunctions(emu);
    // Assess
    const events = await received(ctsFunction);
    const deletion = events.find((e) => e.cts.trace_name === 'deleteImportedKeyMaterial');
    expect(deletion?.cts).toMatchObject({ resource_id: keyId, request: { key_id: keyId } });
    const everything = JSON.stringify(events);
    expect(everything).not.toContain(params.importToken.reveal().slice(0, 40));
    expect(everything).not.toContain(wrapped.toString('base64').slice(0, 40));
    expect(everything).not.toContain(material.toString('base64'));
  });
});
