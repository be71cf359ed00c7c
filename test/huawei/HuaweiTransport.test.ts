import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRetryListener } from '../../lib/retryScope.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { CsmsClient } from '../../lib/huawei/CsmsClient.js';
import { HuaweiTransport, sdkDate } from '../../lib/huawei/HuaweiTransport.js';
import { KmsClient } from '../../lib/huawei/KmsClient.js';
import type { HttpAdapterRequest } from '../../lib/huawei/requestHooks.js';
import { BYOK_VERSION } from '../../lib/huawei/userAgent.js';
import { fakeConfig, NO_WAIT, startHuaweiFake } from '../helpers/huawei-fake.js';
import type { HuaweiFake } from '../helpers/huawei-fake.js';

const KMS = '/v1.0/{project_id}/kms';
const KEY_ID = '0d0466b0-e727-4d9c-b35d-f84bb474a37f';
const KEY_INFO = { key_info: { key_id: KEY_ID, key_state: '2' } };
const IMPORT = { keyId: KEY_ID, importToken: 'T'.repeat(200), encryptedKeyMaterial: 'M'.repeat(344) };

describe('Class: HuaweiTransport', () => {
  let fake: HuaweiFake;

  beforeAll(async () => {
    fake = await startHuaweiFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  function kmsClient(overrides: { maxAttempts?: number; timeoutMs?: number; sleep?: (ms: number) => Promise<void> } = {}): KmsClient {
    return new KmsClient({
      config: fakeConfig(fake),
      timeoutMs: overrides.timeoutMs ?? 5_000,
      retry: { ...NO_WAIT, maxAttempts: overrides.maxAttempts ?? 4, ...(overrides.sleep ? { sleep: overrides.sleep } : {}) },
    });
  }

  describe('Method: call (error mapping)', () => {
    it('maps a nested KMS error to code, status, request id and advice', async () => {
      fake.on('POST', `${KMS}/import-key-material`, {
        status: 400,
        body: { error: { error_code: 'KMS.2606', error_msg: 'The imported plaintext must be the same as the deleted key plaintext.' } },
      });

      const error = await kmsClient().importKeyMaterial(IMPORT).catch((e: unknown) => e);

      expect(error).toMatchObject({
        name: 'CloudApiError',
        operation: 'importKeyMaterial',
        code: 'KMS.2606',
        httpStatus: 400,
        requestId: expect.stringMatching(/^req-\d+$/),
        retryable: false,
        ambiguous: false,
      });
      expect((error as Error).message).toContain('check the secret version pinned');
      expect((error as Error).message).toContain('byok:version');
    });

    it.each([
      ['KMS.2601', 'fetch new import parameters'],
      ['KMS.2605', 'fetch new import parameters'],
      ['KMS.0310', 'not in Pending import'],
    ])('tells what to do for %s', async (code, advice) => {
      fake.on('POST', `${KMS}/import-key-material`, { status: 400, body: { error: { error_code: code, error_msg: 'x' } } });

      await expect(kmsClient().importKeyMaterial(IMPORT)).rejects.toThrow(advice);
    });

    it('maps a missing key (KMS.0207, HTTP 404)', async () => {
      fake.on('POST', `${KMS}/describe-key`, { status: 404, body: { error: { error_code: 'KMS.0207', error_msg: 'Key does not exist.' } } });

      await expect(kmsClient().describeKey(KEY_ID)).rejects.toMatchObject({ code: 'KMS.0207', httpStatus: 404, message: expect.stringContaining('BYOK_REGION') });
    });

    it('reads the {"error":{"code","message"}} shape', async () => {
      fake.on('POST', `${KMS}/describe-key`, { status: 401, body: { error: { code: 'APIGW.0301', message: 'Incorrect IAM authentication information' } } });

      const error = await kmsClient().describeKey(KEY_ID).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'APIGW.0301', httpStatus: 401, retryable: false });
      expect((error as Error).message).toContain('check HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK');
    });

    it('gives HTTP.<status> and keeps the request id for a non-JSON gateway page', async () => {
      fake.on('POST', `${KMS}/describe-key`, { status: 502, raw: '<html>Bad Gateway</html>' }, { body: KEY_INFO });

      const key = await kmsClient().describeKey(KEY_ID);

      expect(key.keyId).toBe(KEY_ID);
      fake.on('POST', `${KMS}/describe-key`, { status: 502, raw: '<html>Bad Gateway</html>' });
      await expect(kmsClient({ maxAttempts: 1 }).describeKey(KEY_ID)).rejects.toMatchObject({ code: 'HTTP.502', httpStatus: 502, requestId: expect.stringMatching(/^req-/) });
    });
  });

  describe('Method: call (retries)', () => {
    it('retries a throttled call (429 APIG.0308) and then succeeds', async () => {
      fake.on('POST', `${KMS}/describe-key`, { status: 429, body: { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached', request_id: 'gw-1' } }, { body: KEY_INFO });
      const delays: number[] = [];
      const before = fake.requestsTo('POST', `${KMS}/describe-key`).length;

      const key = await kmsClient({ sleep: async (ms) => void delays.push(ms) }).describeKey(KEY_ID);

      expect(key.keyId).toBe(KEY_ID);
      expect(fake.requestsTo('POST', `${KMS}/describe-key`).length - before).toBe(2);
      expect(delays).toEqual([750]); // a throttle waits equal jitter over 1 s: 500 + random 0.5 * 500 ms
    });

    it('reports each retried attempt with its kind to the listener of the call, whose wait replaces its own', async () => {
      fake.on('POST', `${KMS}/describe-key`, { status: 429, body: { error_code: 'APIG.0308', error_msg: 'throttled' } }, { status: 503, body: { error: { error_code: 'KMS.0101', error_msg: 'busy' } } }, { body: KEY_INFO });
      const delays: number[] = [];
      const reports: unknown[] = [];
      const listener = { beforeRetry: (report: unknown) => (reports.push(report), Promise.resolve()) };

      const key = await withRetryListener(listener, () => kmsClient({ sleep: async (ms) => void delays.push(ms) }).describeKey(KEY_ID));

      expect(key.keyId).toBe(KEY_ID);
      expect(reports).toEqual([
        { kind: 'throttled', retry: 1, delayMs: 750 },
        { kind: 'unavailable', retry: 2, delayMs: 300 },
      ]);
      expect(delays).toEqual([]);
    });

    it('retries 5xx up to the attempt limit, then surfaces the error', async () => {
      fake.on('POST', `${KMS}/describe-key`, { status: 500, body: { error: { error_code: 'KMS.0100', error_msg: 'internal error' } } });
      const before = fake.requestsTo('POST', `${KMS}/describe-key`).length;

      const error = await kmsClient({ maxAttempts: 3 }).describeKey(KEY_ID).catch((e: unknown) => e);

      expect(fake.requestsTo('POST', `${KMS}/describe-key`).length - before).toBe(3);
      expect(error).toMatchObject({ code: 'KMS.0100', httpStatus: 500, retryable: true, ambiguous: true });
      expect((error as Error).message).toContain('Gave up after 3 attempts');
    });

    it('retries an idempotent call after the server drops the connection', async () => {
      fake.on('POST', `${KMS}/describe-key`, { destroy: true }, { body: KEY_INFO });
      const before = fake.requestsTo('POST', `${KMS}/describe-key`).length;

      await expect(kmsClient().describeKey(KEY_ID)).resolves.toMatchObject({ keyId: KEY_ID });
      expect(fake.requestsTo('POST', `${KMS}/describe-key`).length - before).toBe(2);
    });

    it('does not repeat create-key after a dropped connection, and says how to check', async () => {
      fake.on('POST', `${KMS}/create-key`, { destroy: true }, { body: { key_info: { key_id: KEY_ID } } });
      const before = fake.requestsTo('POST', `${KMS}/create-key`).length;

      const error = await kmsClient().createKey({ keyAlias: 'byok/app', origin: 'external' }).catch((e: unknown) => e);

      expect(fake.requestsTo('POST', `${KMS}/create-key`).length - before).toBe(1);
      expect(error).toMatchObject({ code: 'ECONNRESET', httpStatus: undefined, retryable: false, ambiguous: true, operation: 'createKey' });
      expect((error as Error).message).toMatch(/may have been applied.*look the key up by its alias/);
    });

    it('does not repeat create-key after a 5xx', async () => {
      fake.on('POST', `${KMS}/create-key`, { status: 503, body: { error: { error_code: 'KMS.0104', error_msg: 'busy' } } });
      const before = fake.requestsTo('POST', `${KMS}/create-key`).length;

      await expect(kmsClient().createKey({ keyAlias: 'byok/app' })).rejects.toMatchObject({ code: 'KMS.0104', retryable: false, ambiguous: true });
      expect(fake.requestsTo('POST', `${KMS}/create-key`).length - before).toBe(1);
    });

    it('retries create-key on 429, which the gateway rejects before processing', async () => {
      fake.on('POST', `${KMS}/create-key`, { status: 429, body: { error_code: 'APIG.0308', error_msg: 'throttled' } }, { body: { key_info: { key_id: KEY_ID } } });

      await expect(kmsClient().createKey({ keyAlias: 'byok/app' })).resolves.toMatchObject({ keyId: KEY_ID });
    });

    it('does not replay an import after a 5xx and asks to re-check the key state', async () => {
      fake.on('POST', `${KMS}/import-key-material`, { status: 500, body: { error: { error_code: 'KMS.0100', error_msg: 'x' } } });
      const before = fake.requestsTo('POST', `${KMS}/import-key-material`).length;

      const error = await kmsClient().importKeyMaterial(IMPORT).catch((e: unknown) => e);

      expect(fake.requestsTo('POST', `${KMS}/import-key-material`).length - before).toBe(1);
      expect(error).toMatchObject({ retryable: false, ambiguous: true });
      expect((error as Error).message).toContain('re-check the key state');
    });

    it('does not repeat CSMS create-secret-version after a dropped connection', async () => {
      fake.on('POST', '/v1/{project_id}/secrets/app/versions', { destroy: true });
      const csms = new CsmsClient({ config: fakeConfig(fake), retry: NO_WAIT });

      await expect(csms.createSecretVersion('app', { secretString: 'v' })).rejects.toMatchObject({ code: 'ECONNRESET', retryable: false, ambiguous: true });
      expect(fake.requestsTo('POST', '/v1/{project_id}/secrets/app/versions')).toHaveLength(1);
    });

    it('flags a definite failure that follows an ambiguous attempt', async () => {
      fake.on(
        'POST',
        `${KMS}/schedule-key-deletion`,
        { status: 500, body: { error: { error_code: 'KMS.0100', error_msg: 'x' } } },
        { status: 400, body: { error: { error_code: 'KMS.1402', error_msg: 'already pending deletion' } } },
      );

      const error = await kmsClient().scheduleKeyDeletion(KEY_ID, 7).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'KMS.1402', ambiguous: true, retryable: false });
      expect((error as Error).message).toContain('earlier attempt of this call failed without a clear answer');
    });

    it('retries refused connections even for create-key (nothing was sent), up to the limit', async () => {
      const closed = await startHuaweiFake();
      const config = fakeConfig(closed);
      await closed.close();
      const kms = new KmsClient({ config, retry: { ...NO_WAIT, maxAttempts: 2 } });

      const error = await kms.createKey({ keyAlias: 'x' }).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'ECONNREFUSED', retryable: true, ambiguous: false });
      expect((error as Error).message).toContain('Gave up after 2 attempts');
    });

    it('times out a call that gets no answer', async () => {
      fake.on('POST', `${KMS}/describe-key`, { hang: true });

      const error = await kmsClient({ timeoutMs: 150, maxAttempts: 1 }).describeKey(KEY_ID).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'ETIMEDOUT', httpStatus: undefined, retryable: true, ambiguous: true });
      expect((error as Error).message).toContain('raise the timeout');
    });
  });

  describe('Method: call (signing)', () => {
    // The vector of docs/huawei-api.md#signing-test-vector.
    it('signs the documented test vector exactly', async () => {
      // Prepare: intercept at the adapter, so nothing leaves the process.
      const seen: HttpAdapterRequest[] = [];
      const kms = new KmsClient({
        config: { ak: 'AKEXAMPLE', sk: new SecretValue('SKEXAMPLE'), projectId: '0123456789abcdef0123456789abcdef', endpoint: 'https://kms.cn-north-4.myhuaweicloud.com' },
        now: () => new Date('2024-01-02T03:04:05Z'),
        adapter: async (config) => {
          seen.push(config);
          return { status: 200, headers: {}, data: JSON.stringify(KEY_INFO) };
        },
      });

      // Act
      await kms.describeKey(KEY_ID);

      // Assess
      const headers = seen[0]?.headers ?? {};
      expect(headers['Authorization']).toBe(
        'SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=4606f676083f2642d8e27371c52320e7a0cb6710217b3a27170449f25d04c636',
      );
      expect(headers['X-Sdk-Date']).toBe('20240102T030405Z');
      expect(seen[0]?.baseURL).toBe('https://kms.cn-north-4.myhuaweicloud.com');
      expect(seen[0]?.url).toBe('/v1.0/0123456789abcdef0123456789abcdef/kms/describe-key');
      expect(seen[0]?.data).toBe(`{"key_id":"${KEY_ID}"}`);
    });

    it('sends the security token signed and X-Sdk-Date from the injected clock on the wire', async () => {
      fake.on('POST', `${KMS}/describe-key`, { body: KEY_INFO });
      const kms = new KmsClient({ config: fakeConfig(fake), now: () => new Date('2031-05-06T07:08:09.999Z') });

      await kms.describeKey(KEY_ID);

      const headers = fake.requests.at(-1)?.headers ?? {};
      expect(headers['x-sdk-date']).toBe('20310506T070809Z');
      expect(headers['x-security-token']).toBe('SECURITY-TOKEN-do-not-print-0002');
      expect(headers['authorization']).toContain('SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token,');
      expect(headers['user-agent']).toBe(`huaweicloud-usdk-nodejs/3.0; byok-keeper/${BYOK_VERSION}`);
    });

    it('formats X-Sdk-Date as YYYYMMDDTHHmmssZ in UTC', () => {
      expect(sdkDate(new Date('2024-12-31T23:59:59.999Z'))).toBe('20241231T235959Z');
    });

    it('keeps the user-agent version equal to package.json', () => {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      expect(BYOK_VERSION).toBe(pkg.version);
    });

    it('exposes endpoint, project and region but never the SK when inspected', async () => {
      const transport = new HuaweiTransport({ config: fakeConfig(fake) });
      const { inspect } = await import('node:util');

      expect(transport).toMatchObject({ endpoint: fake.url, projectId: fake.projectId, region: 'cn-north-4' });
      expect(inspect(transport, { depth: 10 })).not.toContain('SK-super-secret');
      expect(inspect(new KmsClient({ transport }), { depth: 10 })).not.toContain('SK-super-secret');
    });
  });
});

