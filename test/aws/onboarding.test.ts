/**
 * Onboarding on AWS through the common create-key chain (create-key → fetch-parameters → wrap-material →
 * import-material) against the AWS model: what lands in KMS is checked in the model's own state, and the
 * material is proven to be the secret's by decrypting the model's ciphertext with the secret's bytes.
 */
import { createDecipheriv } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { startAwsEnv } from './awsEnv.js';
import type { AwsEnv } from './awsEnv.js';

const DAY_MS = 86_400_000;

/** Decrypts a model ciphertext with `material` (the model's blob: magic, key id, material id, iv, tag, data). */
function openWith(material: Buffer, cipherText: string): string {
  const blob = Buffer.from(cipherText, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(72, 84));
  decipher.setAuthTag(blob.subarray(84, 100));
  return Buffer.concat([decipher.update(blob.subarray(100)), decipher.final()]).toString('utf8');
}

describe('AWS adapter: onboarding through the create-key chain', () => {
  let env: AwsEnv;
  beforeEach(() => {
    env = startAwsEnv();
  });
  afterEach(() => env.close());

  it('creates an EXTERNAL key named by byok:name, tags it, points the alias, imports the secret\'s material for the ttl', async () => {
    // Act
    const { keyId, material, versionId } = await env.onboard({ alias: 'app', ttl: '30d' });

    // Assess
    const key = env.model.kms.keys.get(keyId)!;
    expect(key.origin).toBe('EXTERNAL');
    expect(env.model.kms.stateOf(key)).toBe('Enabled');
    expect(key.tags.get('byok:name')).toBe(`app-${versionId}`);
    expect(Object.fromEntries(key.tags)).toMatchObject({ 'byok:managed': 'true', 'byok:secret': 'app-secret', 'byok:version': versionId, 'byok:ttl': '30d', 'byok:alias': 'app' });
    expect(key.tags.get('byok:fp')).toMatch(/^fp1-[0-9a-f]{32}$/);
    expect(env.model.kms.aliases.get('alias/app')?.keyId).toBe(keyId);
    expect(env.model.kms.aliases.get(`alias/byok-keeper/name/app-${versionId}`)?.keyId).toBe(keyId);
    expect(key.materials).toHaveLength(1);
    expect(key.materials[0]!.bytes.equals(material)).toBe(true);
    expect(key.materials[0]!.description).toBe(`byok-keeper secret=app-secret version=${versionId}`);
    expect(key.materials[0]!.validTo!.getTime() - env.model.now().getTime()).toBe(30 * DAY_MS);
    const info = await env.keys.describeKey(keyId);
    expect(info).toMatchObject({ keyState: 'Enabled', origin: 'external', keySpec: 'AES_256', region: 'eu-west-1' });
    expect(info.expirationTime!.getTime() - env.model.now().getTime()).toBe(30 * DAY_MS);
  });

  it('encrypts with the imported material: the secret\'s bytes open what the key sealed', async () => {
    // Prepare
    const { keyId, material } = await env.onboard({ alias: 'probe' });

    // Act
    const sealed = await env.keys.encryptData(keyId, new SecretValue('hello'));
    const opened = await env.keys.decryptData(sealed.cipherText);

    // Assess
    expect(sealed.keyId).toBe(keyId);
    expect(opened.keyId).toBe(keyId);
    expect(opened.plainText.reveal()).toBe('hello');
    expect(openWith(material, sealed.cipherText)).toBe('hello');
  });

  it('keeps byok:name out of the tags the domain sees, and finds the key by its name in one call', async () => {
    // Prepare
    const { keyId, versionId } = await env.onboard({ alias: 'named' });

    const before = env.model.calls.length;

    // Act
    const found = await env.keys.findKeyByName(`named-${versionId}`);
    const lookups = env.model.calls.length - before;
    const tags = await env.keys.showKeyTags(keyId);

    // Assess
    expect(tags.map((t) => t.key)).not.toContain('byok:name');
    expect(tags).toHaveLength(6);
    expect(found).toMatchObject({ keyId, name: `named-${versionId}`, keyState: 'Enabled' });
    expect(lookups).toBe(1);
    expect(await env.keys.findKeyByName('named-other')).toBeUndefined();
  });

  it('a repeated onboarding reuses its key (the name alias stands in for unique names)', async () => {
    // Prepare
    const first = await env.onboard({ alias: 'again', secret: 'again-secret' });

    // Act
    const second = await env.dispatcher().runChain('create-key', { alias: 'again', secret: { name: 'again-secret', version: first.versionId } });

    // Assess
    expect(second.ok).toBe(true);
    expect(second.key_id).toBe(first.keyId);
    expect(env.model.kms.keys.size).toBe(1);
    expect(env.model.callsOf('CreateKey')).toHaveLength(1);
  });

  it('a name held by a key pending deletion moves to the new key', async () => {
    // Prepare
    const { keyId } = await env.keys.createExternalKey({ name: 'old-v1', keySpec: 'AES_256' });
    await env.keys.scheduleKeyDeletion(keyId, 7);

    // Act
    const { keyId: fresh } = await env.keys.createExternalKey({ name: 'old-v1', keySpec: 'AES_256' });

    // Assess
    expect(fresh).not.toBe(keyId);
    expect((await env.keys.findKeyByName('old-v1'))?.keyId).toBe(fresh);
    await expect(env.keys.createExternalKey({ name: 'old-v1', keySpec: 'AES_256' })).rejects.toMatchObject({ kind: 'already-exists', code: 'CLIENT.KeyNameTaken' });
  });
});
