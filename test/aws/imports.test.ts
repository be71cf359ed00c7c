/**
 * The AWS adapter's imports against the AWS model: token expiry (and the stage chain's one refetch), material the
 * key refuses, the 365-day cap, wrapping algorithms, HMAC keys without ImportType.
 */
import { GetParametersForImportCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkTtlForAws } from '../../lib/aws/expiration.js';
import { wrapMaterial } from '../../lib/crypto/wrapMaterial.js';
import { InProcessDispatcher } from '../../lib/dispatch/InProcessDispatcher.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { isConfigError } from '../../lib/errors/index.js';
import { importPinnedMaterial, readManagedKey } from '../../lib/lifecycle/index.js';
import { StageName } from '../../lib/ports/index.js';
import { randomMaterial, startAwsEnv } from './awsEnv.js';
import type { AwsEnv } from './awsEnv.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Fetches parameters for `keyId` and wraps `material` with them. */
async function wrapped(env: AwsEnv, keyId: string, material: Buffer): Promise<{ importToken: SecretValue; encryptedKeyMaterial: SecretValue }> {
  const params = await env.keys.getParametersForImport(keyId, 'RSAES_OAEP_SHA_256');
  return { importToken: params.importToken, encryptedKeyMaterial: new SecretValue(wrapMaterial(material, params.publicKey).wrapped) };
}

describe('AWS adapter: imports', () => {
  let env: AwsEnv;
  beforeEach(() => {
    env = startAwsEnv();
  });
  afterEach(() => env.close());

  it('first import sends no ImportType; a token lasts 24 h and serves one import', async () => {
    // Prepare
    const { keyId } = await env.keys.createExternalKey({ name: 'k-v1', keySpec: 'AES_256' });
    const material = randomMaterial();
    const first = await wrapped(env, keyId, material);
    const params = env.model.callsOf('GetParametersForImport')[0]!.input;

    // Act
    await env.keys.importKeyMaterial({ keyId, ...first, expirationTime: new Date(env.model.now().getTime() + DAY_MS) });
    const replay = env.keys.importKeyMaterial({ keyId, ...first, expirationTime: new Date(env.model.now().getTime() + DAY_MS) });

    // Assess
    expect(params).toMatchObject({ WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    expect(env.model.callsOf('ImportKeyMaterial')[0]!.input['ImportType']).toBeUndefined();
    await expect(replay).rejects.toMatchObject({ code: 'InvalidImportTokenException', kind: 'import-token-rejected', retryable: false });
    const late = await wrapped(env, keyId, material);
    env.model.advance(24 * HOUR_MS + 1);
    await expect(env.keys.importKeyMaterial({ keyId, ...late, expirationTime: new Date(env.model.now().getTime() + DAY_MS) })).rejects.toMatchObject({
      code: 'ExpiredImportTokenException',
      kind: 'import-token-rejected',
    });
  });

  it('the stage chain fetches new parameters once when the token expired between wrap and import', async () => {
    // Prepare
    await env.putSecret('slow-secret', randomMaterial());
    let delayed = false;
    const dispatcher = new InProcessDispatcher({
      keys: env.keys,
      secrets: env.secrets,
      clock: env.clock,
      logger: env.logger,
      beforeStage: (stage) => {
        if (stage === StageName.ImportMaterial && !delayed) {
          delayed = true;
          env.model.advance(25 * HOUR_MS);
        }
      },
    });

    // Act
    const result = await dispatcher.runChain(StageName.CreateKey, { alias: 'slow', secret: { name: 'slow-secret' }, ttl: '30d' });

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'import-material', state: 'Enabled' });
    expect(env.model.callsOf('GetParametersForImport')).toHaveLength(2);
    expect(env.model.callsOf('ImportKeyMaterial').length).toBe(2);
  });

  it('material the key does not hold is refused by AWS and becomes the domain\'s alert, never retried', async () => {
    // Prepare: the fingerprint tag is gone, so only AWS can tell the material changed
    const { keyId, secret, versionId } = await env.onboard({ alias: 'swapped', ttl: '3d' });
    await env.keys.removeKeyTags(keyId, ['byok:fp']);
    env.model.secrets.secrets.get(secret)!.versions.find((v) => v.id === versionId)!.binary = randomMaterial();

    // Act
    const outcome = importPinnedMaterial(env.deps(), await readManagedKey(env.keys, keyId));

    // Assess
    await expect(outcome).rejects.toMatchObject({ code: 'IncorrectKeyMaterialException', kind: 'material-mismatch', alert: true, retryable: false });
    await expect(outcome).rejects.toThrow(/ALERT: KMS refused the material/);
    expect(env.model.callsOf('ImportKeyMaterial').at(-1)!.input['ImportType']).toBe('EXISTING_KEY_MATERIAL');
  });

  it('refuses a material lifetime over 365 days as a configuration error, before AWS is called', async () => {
    // Prepare
    const { keyId } = await env.keys.createExternalKey({ name: 'long-v1', keySpec: 'AES_256' });
    const parts = await wrapped(env, keyId, randomMaterial());

    // Act
    const tooLong = env.keys.importKeyMaterial({ keyId, ...parts, expirationTime: new Date(env.model.now().getTime() + 366 * DAY_MS) });

    // Assess
    await expect(tooLong).rejects.toSatisfy(isConfigError);
    await expect(tooLong).rejects.toThrow(/over 365 days .* set byok:ttl to 365d or less/);
    expect(env.model.callsOf('ImportKeyMaterial')).toHaveLength(0);
    expect(() => checkTtlForAws('400d')).toThrow(/365 days/);
    expect(() => checkTtlForAws('365d')).not.toThrow();
    expect(() => checkTtlForAws('never')).not.toThrow();
    await env.keys.importKeyMaterial({ keyId, ...parts, expirationTime: new Date(env.model.now().getTime() + 365 * DAY_MS) });
    expect((await env.keys.describeKey(keyId)).keyState).toBe('Enabled');
  });

  it('refuses PKCS#1 v1.5 and SM2 wrapping with the reason, and the model refuses v1.5 as AWS does', async () => {
    // Prepare
    const { keyId } = await env.keys.createExternalKey({ name: 'alg-v1', keySpec: 'AES_256' });

    // Act / Assess
    await expect(env.keys.getParametersForImport(keyId, 'RSAES_PKCS1_V1_5')).rejects.toMatchObject({ code: 'CLIENT.UnsupportedWrappingAlgorithm', kind: 'invalid-request' });
    await expect(env.keys.getParametersForImport(keyId, 'RSAES_PKCS1_V1_5')).rejects.toThrow(/refuses RSAES_PKCS1_V1_5 since October 2023/);
    await expect(env.keys.getParametersForImport(keyId, 'SM2_ENCRYPT')).rejects.toThrow(/China regions/);
    expect(env.model.callsOf('GetParametersForImport')).toHaveLength(0);
    await expect(new KMSClient({ region: 'eu-west-1' }).send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: 'RSA_2048' }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('imports into an HMAC key without ImportType (AWS refuses it there)', async () => {
    // Prepare
    const { keyId } = await env.keys.createExternalKey({ name: 'mac-v1', keySpec: 'HMAC_256' });
    const parts = await wrapped(env, keyId, randomMaterial());

    // Act
    await env.keys.importKeyMaterial({ keyId, ...parts });

    // Assess
    const sent = env.model.callsOf('ImportKeyMaterial')[0]!.input;
    expect(sent['ImportType']).toBeUndefined();
    expect(sent['KeyMaterialDescription']).toBeUndefined();
    expect(sent['ExpirationModel']).toBe('KEY_MATERIAL_DOES_NOT_EXPIRE');
    expect(env.model.callsOf('ListKeyRotations')).toHaveLength(0);
    expect((await env.keys.describeKey(keyId))).toMatchObject({ keyState: 'Enabled', keySpec: 'HMAC_256' });
  });
});
