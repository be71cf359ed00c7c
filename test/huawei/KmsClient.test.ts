import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeyState } from '../../lib/domain/KeyState.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { KmsClient } from '../../lib/huawei/KmsClient.js';
import { fakeConfig, NO_WAIT, startHuaweiFake } from '../helpers/huawei-fake.js';
import type { HuaweiFake } from '../helpers/huawei-fake.js';

const KMS = '/v1.0/{project_id}/kms';
const KEY_ID = '0d0466b0-e727-4d9c-b35d-f84bb474a37f';

/** describe-key's `key_info` as Huawei sends it: strings everywhere, 13-digit millisecond times. */
const WIRE_KEY = {
  key_id: KEY_ID,
  domain_id: 'b168fe00ff56492495a7d22974df2d0b',
  key_alias: 'byok/app',
  realm: 'cn-north-4',
  key_spec: 'AES_256',
  key_usage: 'ENCRYPT_DECRYPT',
  key_description: '',
  creation_date: '1501578672000',
  scheduled_deletion_date: '',
  key_state: '2',
  default_key_flag: '0',
  key_type: '1',
  expiration_time: '1735689600000',
  origin: 'external',
  key_rotation_enabled: 'false',
  sys_enterprise_project_id: '0',
  keystore_id: '0',
};

describe('Class: KmsClient', () => {
  let fake: HuaweiFake;
  let kms: KmsClient;

  beforeAll(async () => {
    fake = await startHuaweiFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    kms = new KmsClient({ config: fakeConfig(fake), retry: NO_WAIT });
  });

  function lastBody(path: string, method = 'POST'): unknown {
    return fake.requestsTo(method, `${KMS}${path}`).at(-1)?.body;
  }

  it('creates an external key and returns its id', async () => {
    fake.on('POST', `${KMS}/create-key`, { body: { key_info: { key_id: KEY_ID, domain_id: 'd1', region_id: 'cn-north-4' } } });

    const created = await kms.createKey({ keyAlias: 'byok/app', origin: 'external', keyDescription: 'app key' });

    expect(created).toEqual({ keyId: KEY_ID, domainId: 'd1', regionId: 'cn-north-4' });
    expect(lastBody('/create-key')).toEqual({ key_alias: 'byok/app', origin: 'external', key_description: 'app key' });
    const request = fake.requestsTo('POST', `${KMS}/create-key`).at(-1);
    expect(request?.path).toBe(`/v1.0/${fake.projectId}/kms/create-key`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-project-id']).toBe(fake.projectId);
    expect(request?.headers['user-agent']).toContain('byok-keeper/');
  });

  it('describes a key with times as Date and the state named', async () => {
    fake.on('POST', `${KMS}/describe-key`, { body: { key_info: WIRE_KEY } });

    const key = await kms.describeKey(KEY_ID);

    expect(lastBody('/describe-key')).toEqual({ key_id: KEY_ID });
    expect(key).toEqual({
      keyId: KEY_ID,
      domainId: 'b168fe00ff56492495a7d22974df2d0b',
      keyAlias: 'byok/app',
      realm: 'cn-north-4',
      keySpec: 'AES_256',
      keyUsage: 'ENCRYPT_DECRYPT',
      creationDate: new Date(1501578672000),
      keyState: KeyState.Enabled,
      keyStateCode: '2',
      defaultKey: false,
      keyType: '1',
      expirationTime: new Date('2025-01-01T00:00:00.000Z'),
      origin: 'external',
      keyRotationEnabled: false,
      sysEnterpriseProjectId: '0',
      keystoreId: '0',
    });
  });

  it('reads a material expiry sent in epoch seconds the same as in milliseconds', async () => {
    fake.on('POST', `${KMS}/describe-key`, { body: { key_info: { ...WIRE_KEY, key_state: '5', expiration_time: 1735689600 } } });

    const key = await kms.describeKey(KEY_ID);

    expect(key.expirationTime).toEqual(new Date('2025-01-01T00:00:00.000Z'));
    expect(key.keyState).toBe(KeyState.PendingImport);
  });

  it('fails with CLIENT.BadResponse instead of dropping an unreadable expiry', async () => {
    fake.on('POST', `${KMS}/describe-key`, { body: { key_info: { ...WIRE_KEY, expiration_time: 'soon' } } });

    await expect(kms.describeKey(KEY_ID)).rejects.toMatchObject({ code: 'CLIENT.BadResponse', retryable: false, requestId: expect.stringMatching(/^req-/) });
  });

  it('lists every key across pages with key_spec ALL', async () => {
    const keyB = { ...WIRE_KEY, key_id: 'bbbbbbbb-0000-0000-0000-000000000000', key_spec: 'RSA_2048' };
    const keyC = { ...WIRE_KEY, key_id: 'cccccccc-0000-0000-0000-000000000000', key_state: '5' };
    fake.on(
      'POST',
      `${KMS}/list-keys`,
      { body: { keys: [KEY_ID, keyB.key_id], key_details: [WIRE_KEY, keyB], next_marker: '2', truncated: 'true', total: 3 } },
      { body: { keys: [keyC.key_id], key_details: [keyC], next_marker: '', truncated: 'false', total: 3 } },
    );

    const keys = await kms.listAllKeys({ limit: 2 });

    expect(keys.map((k) => k.keyId)).toEqual([KEY_ID, keyB.key_id, keyC.key_id]);
    expect(keys[2]?.keyState).toBe(KeyState.PendingImport);
    const bodies = fake.requestsTo('POST', `${KMS}/list-keys`).slice(-2).map((r) => r.body);
    expect(bodies).toEqual([
      { limit: '2', key_spec: 'ALL' },
      { limit: '2', marker: '2', key_spec: 'ALL' },
    ]);
  });

  it('returns a single list-keys page with its marker and a key_state filter on the wire', async () => {
    fake.on('POST', `${KMS}/list-keys`, { body: { keys: [KEY_ID], key_details: [WIRE_KEY], next_marker: '1', truncated: 'true', total: '7' } });

    const page = await kms.listKeysPage({ keyState: KeyState.PendingImport, limit: 1 });

    expect(page).toMatchObject({ keys: [KEY_ID], nextMarker: '1', truncated: true, total: 7 });
    expect(lastBody('/list-keys')).toEqual({ limit: '1', key_state: '5', key_spec: 'ALL' });
  });

  it('stops with CLIENT.BadResponse when list-keys repeats a marker', async () => {
    fake.on('POST', `${KMS}/list-keys`, { body: { keys: [], key_details: [], next_marker: '9', truncated: 'true' } });

    await expect(kms.listAllKeys()).rejects.toMatchObject({ code: 'CLIENT.BadResponse' });
  });

  it('gets import parameters with the token wrapped and the expiry from epoch seconds', async () => {
    const token = 'A'.repeat(300);
    fake.on('POST', `${KMS}/get-parameters-for-import`, {
      body: { key_id: KEY_ID, import_token: token, expiration_time: 1501578672, public_key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A' },
    });

    const params = await kms.getParametersForImport(KEY_ID);

    expect(lastBody('/get-parameters-for-import')).toEqual({ key_id: KEY_ID, wrapping_algorithm: 'RSAES_OAEP_SHA_256' });
    expect(params.expiresAt).toEqual(new Date(1501578672000));
    expect(params.publicKey).toBe('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A');
    expect(params.importToken).toBeInstanceOf(SecretValue);
    expect(params.importToken.reveal()).toBe(token);
    expect(JSON.stringify(params)).not.toContain(token);
  });

  it('imports material with the expiry in epoch seconds', async () => {
    fake.on('POST', `${KMS}/import-key-material`, { body: {} });

    await kms.importKeyMaterial({
      keyId: KEY_ID,
      importToken: new SecretValue('T'.repeat(200)),
      encryptedKeyMaterial: 'M'.repeat(344),
      expirationTime: new Date('2030-01-01T00:00:00.900Z'),
    });

    expect(lastBody('/import-key-material')).toEqual({
      key_id: KEY_ID,
      import_token: 'T'.repeat(200),
      encrypted_key_material: 'M'.repeat(344),
      expiration_time: 1893456000,
    });
  });

  it('imports asymmetric material with the wrapped private key and no expiry', async () => {
    fake.on('POST', `${KMS}/import-key-material`, { body: {} });

    await kms.importKeyMaterial({ keyId: KEY_ID, importToken: 'T'.repeat(200), encryptedKeyMaterial: 'M'.repeat(344), encryptedPrivatekey: 'P'.repeat(400) });

    expect(lastBody('/import-key-material')).toEqual({
      key_id: KEY_ID,
      import_token: 'T'.repeat(200),
      encrypted_key_material: 'M'.repeat(344),
      encrypted_privatekey: 'P'.repeat(400),
    });
  });

  it('deletes imported material on an empty answer', async () => {
    fake.on('POST', `${KMS}/delete-imported-key-material`, { status: 200 });

    await expect(kms.deleteImportedKeyMaterial(KEY_ID)).resolves.toBeUndefined();
    expect(lastBody('/delete-imported-key-material')).toEqual({ key_id: KEY_ID });
  });

  it('enables and disables a key, reading the nested key_info answer', async () => {
    fake.on('POST', `${KMS}/enable-key`, { body: { key_info: { key_id: KEY_ID, key_state: '2' } } });
    fake.on('POST', `${KMS}/disable-key`, { body: { key_info: { key_id: KEY_ID, key_state: '3' } } });

    expect(await kms.enableKey(KEY_ID)).toEqual({ keyId: KEY_ID, keyState: KeyState.Enabled, keyStateCode: '2' });
    expect(await kms.disableKey(KEY_ID)).toEqual({ keyId: KEY_ID, keyState: KeyState.Disabled, keyStateCode: '3' });
    expect(lastBody('/enable-key')).toEqual({ key_id: KEY_ID });
    expect(lastBody('/disable-key')).toEqual({ key_id: KEY_ID });
  });

  it('schedules deletion with pending_days as a string and cancels it', async () => {
    fake.on('POST', `${KMS}/schedule-key-deletion`, { body: { key_id: KEY_ID, key_state: '4' } });
    fake.on('POST', `${KMS}/cancel-key-deletion`, { body: { key_id: KEY_ID, key_state: '3' } });

    expect(await kms.scheduleKeyDeletion(KEY_ID, 7)).toMatchObject({ keyState: KeyState.PendingDeletion });
    expect(await kms.cancelKeyDeletion(KEY_ID)).toMatchObject({ keyState: KeyState.Disabled });
    expect(lastBody('/schedule-key-deletion')).toEqual({ key_id: KEY_ID, pending_days: '7' });
    expect(lastBody('/cancel-key-deletion')).toEqual({ key_id: KEY_ID });
  });

  it('encrypts and decrypts, returning the plaintext as a SecretValue', async () => {
    fake.on('POST', `${KMS}/encrypt-data`, { body: { key_id: KEY_ID, cipher_text: 'Q2lwaGVy' } });
    fake.on('POST', `${KMS}/decrypt-data`, { body: { key_id: KEY_ID, plain_text: 'probe', plain_text_base64: 'cHJvYmU=' } });

    const encrypted = await kms.encryptData({ keyId: KEY_ID, plainText: 'probe', encryptionContext: { purpose: 'verify' } });
    const decrypted = await kms.decryptData({ cipherText: encrypted.cipherText, encryptionContext: { purpose: 'verify' } });

    expect(encrypted).toEqual({ keyId: KEY_ID, cipherText: 'Q2lwaGVy' });
    expect(lastBody('/encrypt-data')).toEqual({ key_id: KEY_ID, plain_text: 'probe', encryption_context: { purpose: 'verify' } });
    expect(lastBody('/decrypt-data')).toEqual({ cipher_text: 'Q2lwaGVy', encryption_context: { purpose: 'verify' } });
    expect(decrypted.plainText.reveal()).toBe('probe');
    expect(decrypted.plainTextBase64?.reveal()).toBe('cHJvYmU=');
    expect(`${decrypted.plainText}`).toBe('[redacted]');
  });

  it('rejects a path parameter that could escape its segment, without sending anything', async () => {
    const before = fake.requests.length;

    await expect(kms.tags.showKeyTags('../../secrets')).rejects.toMatchObject({ code: 'CLIENT.InvalidParameter', retryable: false });
    expect(fake.requests.length).toBe(before);
  });
});
