/**
 * The plaintext material a stage decodes lives in one Buffer that is zeroed after use: checked through the stages
 * themselves (wrap-material, and a rotation's pinning of the new version), by capturing every Buffer
 * decodeSecretMaterial hands out and reading it once the stage has answered.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const handedOut: Buffer[] = [];
vi.mock('../../lib/lifecycle/decodeSecretMaterial.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../lib/lifecycle/decodeSecretMaterial.js')>();
  return {
    decodeSecretMaterial: (...args: Parameters<typeof actual.decodeSecretMaterial>): Buffer => {
      const material = actual.decodeSecretMaterial(...args);
      handedOut.push(material);
      return material;
    },
  };
});

const { StageName } = await import('../../lib/ports/index.js');
const { onEventDefinition } = await import('../../lib/stages/onEvent.js');
const { createAliasedKey } = await import('../../lib/lifecycle/index.js');
const { randomMaterial, startStageEnv } = await import('../helpers/stageEnv.js');
type StageEnv = Awaited<ReturnType<typeof startStageEnv>>;

const isZero = (buffer: Buffer): boolean => buffer.every((byte) => byte === 0);

describe('Stages: the decoded material is zeroed', () => {
  let env: StageEnv;
  beforeAll(async () => {
    env = await startStageEnv();
  });
  afterAll(async () => env.close());

  it('wrap-material zeroes the material it wrapped, and the same bytes reached KMS', async () => {
    // Prepare
    const material = randomMaterial();
    await env.createSecret('zero-wrap', { secretBinary: material.toString('base64') });
    handedOut.length = 0;

    // Act: the whole chain; wrap-material is the stage that decodes
    const result = await env.newDispatcher().runChain(StageName.CreateKey, { alias: 'zero-wrap', secret: { name: 'zero-wrap' } });

    // Assess: create-key decodes once to refuse bad material before any key exists, wrap-material once to wrap
    expect(result).toMatchObject({ ok: true, stage: 'import-material' });
    expect(handedOut).toHaveLength(2);
    for (const buffer of handedOut) expect(buffer).toHaveLength(32);
    for (const buffer of handedOut) expect(isZero(buffer)).toBe(true);
    expect(isZero(material)).toBe(false);
  });

  it('wrap-material zeroes the material when wrapping fails after decoding', async () => {
    // Prepare: a key whose import parameters are replaced by a wrapping key that is not a key
    await env.createSecret('zero-fail', { secretBinary: randomMaterial().toString('base64') });
    const created = await createAliasedKey(env.deps(), { alias: 'zero-fail', secretName: 'zero-fail' });
    handedOut.length = 0;

    // Act
    const result = await env.newDispatcher().runChain(StageName.WrapMaterial, {
      key_id: created.keyId,
      import_token: 'A'.repeat(300),
      public_key: Buffer.alloc(294, 7).toString('base64'),
      params_expire_at: new Date(env.clock.now().getTime() + 3_600_000).toISOString(),
      wrapping_algorithm: 'RSAES_OAEP_SHA_256',
    });

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'wrap-material', error: { code: 'BYOK.WRAP_FAILED' } });
    expect(handedOut).toHaveLength(1);
    expect(isZero(handedOut[0]!)).toBe(true);
  });

  it('a rotation zeroes the new version it checked and the material it imported', async () => {
    // Prepare: a managed key, then a new version of its secret
    await env.createSecret('zero-rot', { secretBinary: randomMaterial().toString('base64') });
    const first = await env.newDispatcher().runChain(StageName.CreateKey, { alias: 'zero-rot', secret: { name: 'zero-rot' } });
    expect(first.ok).toBe(true);
    await env.createSecret('zero-rot', { secretString: randomMaterial().toString('hex') });
    handedOut.length = 0;

    // Act
    const dispatcher = env.newDispatcher({ stages: { [StageName.OnEvent]: onEventDefinition() } });
    const result = await dispatcher.runChain(StageName.OnEvent, { action: 'rotate', alias: 'zero-rot' });

    // Assess: one decode to refuse bad material before creating the key, one to wrap it for the new key
    expect(result).toMatchObject({ ok: true, stage: 'on-event' });
    expect(handedOut.length).toBeGreaterThanOrEqual(2);
    for (const buffer of handedOut) expect(isZero(buffer)).toBe(true);
  });
});
