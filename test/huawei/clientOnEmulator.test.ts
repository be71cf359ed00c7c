import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import type { RunningEmulator } from '../../emulator/index.js';
import { KeyState } from '../../lib/domain/KeyState.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { createHuaweiClients } from '../../lib/huawei/index.js';
import type { CsmsClient, KmsClient } from '../../lib/huawei/index.js';

/** The client against the embedded cloud: real signing (virtual clock), real import, real CSMS. */
describe('Huawei client on the embedded cloud', () => {
  let dir: string;
  let emu: RunningEmulator;
  let kms: KmsClient;
  let csms: CsmsClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'byok-client-'));
    emu = await startEmulator({ dataFile: join(dir, 'emu.db'), clock: 'virtual', start: new Date('2030-01-01T00:00:00Z') });
    ({ kms, csms } = createHuaweiClients({
      config: { ak: emu.ak, sk: new SecretValue(emu.sk), projectId: emu.project_id, endpoint: emu.endpoint, region: emu.region },
      now: () => emu.now(),
    }));
  });
  afterAll(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates an external key, imports material with an expiry, and round-trips data', async () => {
    const { keyId } = await kms.createKey({ keyAlias: 'byok-client-test', origin: 'external' });
    expect((await kms.describeKey(keyId)).keyState).toBe(KeyState.PendingImport);

    const params = await kms.getParametersForImport(keyId);
    const material = crypto.randomBytes(32);
    const publicKey = crypto.createPublicKey({ key: Buffer.from(params.publicKey, 'base64'), format: 'der', type: 'spki' });
    const wrapped = crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
    material.fill(0);
    const expiresAt = new Date('2030-02-01T00:00:00Z');
    await kms.importKeyMaterial({ keyId, importToken: params.importToken, encryptedKeyMaterial: wrapped.toString('base64'), expirationTime: expiresAt });

    const key = await kms.describeKey(keyId);
    expect(key).toMatchObject({ keyState: KeyState.Enabled, origin: 'external', expirationTime: expiresAt });
    const { cipherText } = await kms.encryptData({ keyId, plainText: 'probe' });
    expect((await kms.decryptData({ cipherText })).plainText.reveal()).toBe('probe');
  });

  it('tags a key, finds it by tag and moves an alias', async () => {
    const a = await kms.createKey({ keyAlias: 'byok-client-a', origin: 'external' });
    const b = await kms.createKey({ keyAlias: 'byok-client-b', origin: 'external' });
    await kms.tags.batchCreateKeyTags(a.keyId, [{ key: 'byok:managed', value: 'client-test' }]);
    await kms.aliases.createAlias(a.keyId, 'alias/client-test');

    const found = await kms.tags.listAllKeysByTags({ tags: [{ key: 'byok:managed', values: ['client-test'] }] });
    await kms.aliases.associateAlias('alias/client-test', b.keyId);

    expect(found.map((r) => r.resourceId)).toEqual([a.keyId]);
    expect(await kms.tags.countKeysByTags({ tags: [{ key: 'byok:managed', values: ['client-test'] }] })).toBe(1);
    expect((await kms.aliases.listAliases(b.keyId)).map((x) => x.alias)).toContain('alias/client-test');
  });

  it('keeps secret versions and reads them by id and latest', async () => {
    await csms.createSecret({ name: 'client-test', secretBinary: Buffer.alloc(32, 1).toString('base64') });
    await csms.createSecretVersion('client-test', { secretBinary: Buffer.alloc(32, 2).toString('base64') });

    expect((await csms.showSecretVersion('client-test', 'v1')).secretBinary?.reveal()).toBe(Buffer.alloc(32, 1).toString('base64'));
    expect((await csms.showSecretVersion('client-test', 'latest')).metadata).toMatchObject({ id: 'v2', versionStages: ['SYSCURRENT'] });
    expect((await csms.listSecretVersions('client-test')).map((v) => v.id).sort()).toEqual(['v1', 'v2']);
    await expect(csms.showSecret('no-such-secret')).rejects.toMatchObject({ code: 'CSMS.0005' });
  });
});
