/**
 * The renewal sweep on AWS (lib/renewal unchanged) against the AWS model: in place only, every material of a key
 * refreshed, a lapsed non-current material recovered, and delete-first refused before anything runs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rotateKeyMaterial } from '../../lib/aws/rotateKeyMaterial.js';
import { awsRenewalOptions } from '../../lib/aws/renewalOptions.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { isConfigError } from '../../lib/errors/index.js';
import { runSweep } from '../../lib/renewal/runSweep.js';
import type { SweepResult } from '../../lib/renewal/types.js';
import { randomMaterial, startAwsEnv } from './awsEnv.js';
import type { AwsEnv } from './awsEnv.js';

const DAY_MS = 86_400_000;

function sweep(env: AwsEnv, raw: Record<string, unknown> = {}): Promise<SweepResult> {
  return runSweep(awsRenewalOptions(raw), {
    targets: [{ region: env.model.region, keys: env.keys, secrets: env.secrets, lock: env.lock }],
    clock: env.clock,
    logger: env.logger,
    sleep: async () => {},
    random: () => 0.5,
  });
}

describe('AWS: the renewal sweep', () => {
  let env: AwsEnv;
  beforeEach(() => {
    env = startAwsEnv();
  });
  afterEach(() => env.close());

  it('renews a due key in place: a later ValidTo on the same material, the key never without it', async () => {
    // Prepare
    const { keyId } = await env.onboard({ alias: 'due', ttl: '3d' });
    env.model.advance(2.5 * DAY_MS);

    // Act
    const { summary, keys } = await sweep(env);

    // Assess
    expect(summary).toMatchObject({ due: 1, renewed: 1, failed: 0, pending_import: 0, lock: ['acquired'] });
    expect(keys[0]).toMatchObject({ key_id: keyId, outcome: 'renewed', mode_used: 'in-place' });
    const key = env.model.kms.keys.get(keyId)!;
    expect(key.materials).toHaveLength(1);
    expect(key.materials[0]!.validTo!.getTime()).toBe(env.model.now().getTime() + 3 * DAY_MS);
    expect(env.model.callsOf('DeleteImportedKeyMaterial')).toHaveLength(0);
    expect(env.model.callsOf('ImportKeyMaterial').at(-1)!.input['ImportType']).toBe('EXISTING_KEY_MATERIAL');
    expect(env.model.kms.aliases.has('alias/byok-keeper-sweep-lock')).toBe(false);
  });

  it('refuses delete-first as a configuration error before anything runs; auto becomes in-place', async () => {
    // Act
    const refused = (() => {
      try {
        awsRenewalOptions({ mode: 'delete-first' });
        return undefined;
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(isConfigError(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/delete-first is not available on AWS/);
    expect(awsRenewalOptions({ mode: 'auto' }).mode).toBe('in-place');
    expect(awsRenewalOptions({}).rps).toMatchObject({ 'kms-import': 2 });
    expect(awsRenewalOptions({ rps: { kms_import: 1 } }).rps).toMatchObject({ 'kms-import': 1, 'kms-key': 20 });
    await expect(env.keys.deleteImportedKeyMaterial()).rejects.toMatchObject({ code: 'CLIENT.InPlaceOnly', kind: 'invalid-request' });
    expect(env.model.callsOf('DeleteImportedKeyMaterial')).toHaveLength(0);
  });

  it('refreshes every material of a rotated key to the same expiry, each from the version its description names', async () => {
    // Prepare: two materials (an AWS rotation), the old one expiring first
    const { keyId, secret } = await env.onboard({ alias: 'multi', ttl: '10d' });
    const before = await env.keys.encryptData(keyId, new SecretValue('sealed under v1'));
    env.model.advance(2 * DAY_MS);
    const v2 = await env.putSecret(secret, randomMaterial());
    await rotateKeyMaterial({ keys: env.keys, secrets: env.secrets, clock: env.clock, logger: env.logger }, { alias: 'multi' });
    env.model.advance(6 * DAY_MS);
    expect((await env.keys.describeKey(keyId)).expirationTime!.getTime() - env.model.now().getTime()).toBe(2 * DAY_MS);

    // Act
    const { summary } = await sweep(env);

    // Assess
    expect(summary).toMatchObject({ renewed: 1, failed: 0 });
    const materials = env.model.kms.keys.get(keyId)!.materials;
    expect(materials.map((m) => m.state)).toEqual(['NON_CURRENT', 'CURRENT']);
    expect(new Set(materials.map((m) => m.validTo!.getTime()))).toEqual(new Set([env.model.now().getTime() + 10 * DAY_MS]));
    expect(materials[1]!.description).toBe(`byok-keeper secret=${secret} version=${v2}`);
    expect((await env.keys.decryptData(before.cipherText)).plainText.reveal()).toBe('sealed under v1');
    const rotations = env.model.callsOf('ListKeyRotations');
    expect(rotations.every((c) => c.input['IncludeKeyMaterial'] === 'ALL_KEY_MATERIAL')).toBe(true);
  });

  it('recovers a key whose non-current material lapsed: the whole key was in PendingImport', async () => {
    // Prepare
    const { keyId, secret } = await env.onboard({ alias: 'lapsed', ttl: '4d' });
    env.model.advance(1 * DAY_MS);
    await env.putSecret(secret, randomMaterial());
    await rotateKeyMaterial({ keys: env.keys, secrets: env.secrets, clock: env.clock, logger: env.logger }, { alias: 'lapsed' });
    env.model.advance(3.5 * DAY_MS);
    expect((await env.keys.describeKey(keyId)).keyState).toBe('PendingImport');

    // Act
    const { summary, keys } = await sweep(env);

    // Assess
    expect(keys[0]).toMatchObject({ action: 'recover', outcome: 'recovered' });
    expect(summary.pending_import).toBe(0);
    expect(env.model.kms.keys.get(keyId)!.materials.every((m) => m.imported)).toBe(true);
    expect((await env.keys.describeKey(keyId)).keyState).toBe('Enabled');
  });

  it('says which material it cannot renew when a material\'s description names no secret version', async () => {
    // Prepare
    const { keyId, secret } = await env.onboard({ alias: 'foreign', ttl: '3d' });
    await env.putSecret(secret, randomMaterial());
    await rotateKeyMaterial({ keys: env.keys, secrets: env.secrets, clock: env.clock, logger: env.logger }, { alias: 'foreign' });
    env.model.kms.keys.get(keyId)!.materials[0]!.description = 'imported by hand';
    env.model.advance(2.5 * DAY_MS);

    // Act
    const { keys } = await sweep(env);

    // Assess
    expect(keys[0]).toMatchObject({ outcome: 'failed', error_code: 'BYOK.AWS_MATERIAL_UNKNOWN', attempt: 1 });
    expect(keys[0]!.error_message).toMatch(/names no secret version/);
  });
});
