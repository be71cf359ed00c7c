import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../lib/crypto/fingerprint.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { StageName } from '../../lib/ports/index.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';

const DAY_MS = 86_400_000;

describe('Function: wrapMaterialStage (secret formats)', () => {
  let env: StageEnv;

  beforeAll(async () => {
    env = await startStageEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  async function onboard(alias: string, secret: string, extra: Record<string, unknown> = {}) {
    const dispatcher = env.newDispatcher();
    const result = await dispatcher.runChain(StageName.CreateKey, { alias, secret: { name: secret }, ...extra });
    return { result, dispatcher };
  }

  async function assertRoundTrip(keyId: string): Promise<void> {
    const cipher = await env.keys.encryptData(keyId, new SecretValue('probe me'));
    expect((await env.keys.decryptData(cipher.cipherText)).plainText.reveal()).toBe('probe me');
  }

  it('imports material held as base64 in secret_string', async () => {
    // Prepare
    const material = randomMaterial();
    await env.createSecret('b64-key', { secretString: material.toString('base64') });

    // Act
    const { result } = await onboard('b64', 'b64-key');

    // Assess
    expect(result).toMatchObject({ ok: true, state: 'Enabled' });
    if (!result.ok) return;
    await assertRoundTrip(result.key_id);
    const tags = await env.keys.showKeyTags(result.key_id);
    expect(tags).toContainEqual({ key: 'byok:fp', value: fingerprint(material) });
  });

  it('imports material held as hex in secret_string (with a trailing newline)', async () => {
    // Prepare
    const material = randomMaterial();
    await env.createSecret('hex-key', { secretString: `${material.toString('hex')}\n` });

    // Act
    const { result } = await onboard('hex', 'hex-key');

    // Assess
    expect(result).toMatchObject({ ok: true, state: 'Enabled' });
    if (!result.ok) return;
    await assertRoundTrip(result.key_id);
    expect(await env.keys.showKeyTags(result.key_id)).toContainEqual({ key: 'byok:fp', value: fingerprint(material) });
  });

  it('imports the same material into KMS as the secret holds (a ciphertext decrypts after re-import)', async () => {
    // Prepare
    const material = randomMaterial();
    await env.createSecret('same-key', { secretBinary: material.toString('base64') });
    const { result } = await onboard('same', 'same-key');
    if (!result.ok) throw new Error(result.error.message);
    const cipher = await env.keys.encryptData(result.key_id, new SecretValue('kept'));

    // Act: the same chain again from fetch-parameters (what the renewal does)
    const again = await env.newDispatcher().runChain(StageName.FetchParameters, { key_id: result.key_id });

    // Assess
    expect(again).toMatchObject({ ok: true, state: 'Enabled' });
    expect((await env.keys.decryptData(cipher.cipherText)).plainText.reveal()).toBe('kept');
  });

  it('requests no expiry for ttl never and a 12 h one for ttl 12h', async () => {
    // Prepare
    await env.createSecret('never-key', { secretBinary: randomMaterial().toString('base64') });
    await env.createSecret('short-key', { secretBinary: randomMaterial().toString('base64') });
    const now = env.clock.now().getTime();

    // Act
    const never = (await onboard('never', 'never-key', { ttl: 'never' })).result;
    const short = (await onboard('short', 'short-key', { ttl: '12h' })).result;

    // Assess
    expect(never).toMatchObject({ ok: true, state: 'Enabled', expires_at: null });
    if (!never.ok || !short.ok) return;
    expect((await env.keys.describeKey(never.key_id)).expirationTime).toBeUndefined();
    const shortExpiry = (await env.keys.describeKey(short.key_id)).expirationTime!.getTime();
    expect(Math.abs(shortExpiry - (now + DAY_MS / 2))).toBeLessThanOrEqual(1_000);
    expect(await env.keys.showKeyTags(short.key_id)).toContainEqual({ key: 'byok:ttl', value: '12h' });
  });

  it.each([
    ['a short secret_string', { secretString: 'not-key-material-at-all-but-long' }],
    ['a 16-byte secret_binary', { secretBinary: Buffer.alloc(16, 7).toString('base64') }],
    ['JSON in secret_string', { secretString: '{"password":"hunter2-hunter2-hunter2-hunter2"}' }],
  ])('refuses %s with an error naming secret and version, never the content', async (_label, payload) => {
    // Prepare
    const name = `bad-${Math.random().toString(36).slice(2, 8)}`;
    const version = await env.createSecret(name, payload as { secretString: string });
    const dispatcher = env.newDispatcher();

    // Act
    const result = await dispatcher.runChain(StageName.CreateKey, { alias: name, secret: { name } });

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Checked by create-key before any key exists: no key is left in Pending import.
    expect(result.stage).toBe('create-key');
    expect(result.error.code).toBe('BYOK.BAD_SECRET_MATERIAL');
    expect(await env.keys.resolveAlias(name)).toBeUndefined();
    expect(result.error.message).toContain(`secret ${name} version ${version}`);
    const content = Object.values(payload)[0] as string;
    expect(result.error.message).not.toContain(content);
    expect(env.logs.text()).not.toContain(content);
    expect(dispatcher.events.map((e) => e.stage)).not.toContain('fetch-parameters');
  });
});
