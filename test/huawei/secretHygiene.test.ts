import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isCloudApiError } from '../../lib/errors/index.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { CsmsClient } from '../../lib/huawei/CsmsClient.js';
import { HuaweiTransport } from '../../lib/huawei/HuaweiTransport.js';
import { KmsClient } from '../../lib/huawei/KmsClient.js';
import { FAKE_SK, FAKE_TOKEN, fakeConfig, NO_WAIT, startHuaweiFake } from '../helpers/huawei-fake.js';
import type { HuaweiFake } from '../helpers/huawei-fake.js';

const KMS = '/v1.0/{project_id}/kms';
const KEY_ID = '0d0466b0-e727-4d9c-b35d-f84bb474a37f';
const IMPORT_TOKEN = 'ImportTokenSecretAAAA'.repeat(12);
const WRAPPED_MATERIAL = 'WrappedMaterialSecretB'.repeat(16);
const PLAINTEXT = 'plaintext-probe-secret-CCCC';
const SECRET_VALUE = 'csms-secret-value-DDDD';

/** Everything that must never be printed or carried by an error. */
const FORBIDDEN = [FAKE_SK, FAKE_TOKEN, IMPORT_TOKEN, WRAPPED_MATERIAL, PLAINTEXT, SECRET_VALUE, 'SDK-HMAC-SHA256'];

describe('Secrets: failure paths of the Huawei client', () => {
  let fake: HuaweiFake;
  let printed = '';

  beforeAll(async () => {
    fake = await startHuaweiFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    printed = '';
  });

  /** Runs `scenario` with stdout, stderr and console captured; returns the error it threw. */
  async function captured(scenario: () => Promise<unknown>): Promise<unknown> {
    const sink = (chunk: unknown): boolean => {
      printed += String(chunk);
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(sink),
      vi.spyOn(process.stderr, 'write').mockImplementation(sink),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...args) => void sink(args.join(' ')))),
    ];
    try {
      return await scenario().then(
        () => undefined,
        (error: unknown) => error,
      );
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }

  function expectClean(error: unknown): void {
    expect(isCloudApiError(error)).toBe(true);
    const views = [String(error), (error as Error).message, (error as Error).stack ?? '', JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })];
    for (const view of [...views, printed]) {
      for (const secret of FORBIDDEN) expect(view).not.toContain(secret);
    }
    expect((error as { cause?: unknown }).cause).toBeUndefined();
  }

  function kms(timeoutMs = 5_000): KmsClient {
    return new KmsClient({ config: fakeConfig(fake), timeoutMs, retry: { ...NO_WAIT, maxAttempts: 2 } });
  }

  const importInput = { keyId: KEY_ID, importToken: new SecretValue(IMPORT_TOKEN), encryptedKeyMaterial: new SecretValue(WRAPPED_MATERIAL) };

  it('prints nothing secret when an import loses its connection', async () => {
    fake.on('POST', `${KMS}/import-key-material`, { destroy: true });

    expectClean(await captured(() => kms().importKeyMaterial(importInput)));
    expect(fake.requests.at(-1)?.headers['x-security-token']).toBe(FAKE_TOKEN); // the token was really sent
  });

  it('prints nothing secret when an import times out', async () => {
    fake.on('POST', `${KMS}/import-key-material`, { hang: true });

    expectClean(await captured(() => kms(150).importKeyMaterial(importInput)));
  });

  it('prints nothing secret when nothing listens at the endpoint', async () => {
    const closed = await startHuaweiFake();
    const config = fakeConfig(closed);
    await closed.close();

    expectClean(await captured(() => new KmsClient({ config, retry: NO_WAIT }).encryptData({ keyId: KEY_ID, plainText: PLAINTEXT })));
  });

  it('blanks a token or material that the service echoes in its error message', async () => {
    fake.on('POST', `${KMS}/import-key-material`, {
      status: 400,
      body: { error: { error_code: 'KMS.2605', error_msg: `token ${IMPORT_TOKEN} and material ${WRAPPED_MATERIAL} invalid` } },
    });

    const error = await captured(() => kms().importKeyMaterial(importInput));

    expectClean(error);
    expect((error as Error).message).toContain('[redacted]');
  });

  it('prints nothing secret when decrypt-data and CSMS calls fail with 5xx', async () => {
    fake.on('POST', `${KMS}/decrypt-data`, { status: 500, body: { error: { error_code: 'KMS.0100', error_msg: 'internal' } } });
    fake.on('POST', '/v1/{project_id}/secrets', { destroy: true });
    const csms = new CsmsClient({ transport: new HuaweiTransport({ config: fakeConfig(fake), retry: NO_WAIT }) });

    expectClean(await captured(() => kms().decryptData({ cipherText: 'Q2lwaGVy' })));
    expectClean(await captured(() => csms.createSecret({ name: 'app', secretString: new SecretValue(SECRET_VALUE) })));
  });
});
