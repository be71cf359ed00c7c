import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { StageName } from '../../lib/ports/index.js';
import { onEventDefinition } from '../../lib/stages/onEvent.js';
import { allKeysByTags } from '../../lib/lifecycle/allKeysByTags.js';
import { SUCCESSOR_TAG } from '../../lib/lifecycle/rotate.js';
import type { AliasRotation } from '../../lib/lifecycle/rotate.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';
import { smnEvent, versionCreated } from '../stages/onEvent.fixtures.js';

describe('Function: on-event rotation (SMN SECRET_VERSION_CREATED → new key, alias moved)', () => {
  let env: StageEnv;

  const tagsOf = async (keyId: string): Promise<Record<string, string>> =>
    Object.fromEntries((await env.keys.showKeyTags(keyId)).map((t) => [t.key, t.value]));
  const aliasKey = async (alias: string): Promise<string> => (await env.keys.describeKey(`alias/${alias}`)).keyId;
  const encrypt = async (keyId: string, text: string): Promise<string> =>
    (await env.keys.encryptData(keyId, new SecretValue(text))).cipherText;
  const decrypt = async (cipherText: string): Promise<{ keyId: string; text: string }> => {
    const out = await env.keys.decryptData(cipherText);
    return { keyId: out.keyId, text: out.plainText.reveal() };
  };
  const onEvent = async (event: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const dispatcher = env.newDispatcher({ stages: { [StageName.OnEvent]: onEventDefinition() } });
    return (await dispatcher.runChain(StageName.OnEvent, event)) as unknown as Record<string, unknown>;
  };
  const aliasesOf = (result: Record<string, unknown>): AliasRotation[] =>
    (result['tasks'] as { aliases: AliasRotation[] }[])[0]!.aliases;

  beforeAll(async () => {
    env = await startStageEnv();
  });
  afterAll(async () => env.close());

  it('moves every bound alias to a new key for the new version; old and new keys decrypt their own data', async () => {
    // Prepare: two aliases on v1 of one secret, data encrypted under each before the rotation.
    await env.createSecret('rot-key', { secretBinary: randomMaterial().toString('base64') });
    for (const alias of ['rot-a', 'rot-b']) {
      const onboarded = await onEvent({ action: 'onboard', alias, secret: { name: 'rot-key', version: 'v1' } });
      expect(onboarded).toMatchObject({ ok: true, stage: 'import-material', state: 'Enabled' });
    }
    const oldA = await aliasKey('rot-a');
    const oldB = await aliasKey('rot-b');
    const before = await encrypt(oldA, 'encrypted before rotation');
    const v2 = await env.createSecret('rot-key', { secretString: randomMaterial().toString('hex') });

    // Act
    const result = await onEvent(smnEvent(versionCreated('rot-key', v2)));

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'on-event', source: 'smn', outcome: 'rotate' });
    const rotations = aliasesOf(result).sort((x, y) => x.alias.localeCompare(y.alias));
    expect(rotations.map((r) => [r.alias, r.old_key_id, r.outcome, r.version])).toEqual([
      ['rot-a', oldA, 'rotated', v2],
      ['rot-b', oldB, 'rotated', v2],
    ]);
    const newA = await aliasKey('rot-a');
    expect(newA).toBe(rotations[0]!.new_key_id);
    expect(newA).not.toBe(oldA);
    expect((await env.keys.describeKey(newA)).keyState).toBe('Enabled');
    expect(await tagsOf(newA)).toMatchObject({ 'byok:managed': 'true', 'byok:version': v2, 'byok:alias': 'rot-a' });
    // The old key stays managed (so renewal keeps it alive) and names its successor.
    expect(await tagsOf(oldA)).toMatchObject({ 'byok:managed': 'true', 'byok:version': 'v1', [SUCCESSOR_TAG]: newA });
    expect((await env.keys.describeKey(oldA)).keyState).toBe('Enabled');
    const after = await encrypt('alias/rot-a', 'encrypted after rotation');
    expect(await decrypt(before)).toEqual({ keyId: oldA, text: 'encrypted before rotation' });
    expect(await decrypt(after)).toEqual({ keyId: newA, text: 'encrypted after rotation' });
  });

  it('is idempotent: a replayed notification creates nothing, an old one never moves the alias back', async () => {
    // Prepare
    const current = await aliasKey('rot-a');
    const managed = async (): Promise<number> =>
      (await allKeysByTags(env.keys, [{ key: 'byok:secret', values: ['rot-key'] }])).length;
    const keysBefore = await managed();
    const latest = (await env.secrets.readVersion('rot-key', 'latest')).versionId;

    // Act
    const replay = await onEvent(smnEvent(versionCreated('rot-key', latest)));
    const stale = await onEvent(smnEvent(versionCreated('rot-key', 'v1')));
    const byAlias = await onEvent({ action: 'rotate', alias: 'rot-a' });

    // Assess
    expect(aliasesOf(replay).map((r) => r.outcome)).toEqual(['already-rotated', 'already-rotated']);
    expect(aliasesOf(stale).map((r) => r.outcome)).toEqual(['superseded', 'superseded']);
    expect(aliasesOf(byAlias).map((r) => [r.alias, r.outcome])).toEqual([['rot-a', 'already-rotated']]);
    expect(await aliasKey('rot-a')).toBe(current);
    expect(await managed()).toBe(keysBefore);
  });

  it('leaves the alias on the old key when the new version cannot be imported', async () => {
    // Prepare: a version that does not hold 32 bytes of material.
    const current = await aliasKey('rot-a');
    const bad = await env.createSecret('rot-key', { secretString: 'not key material' });

    // Act
    const result = await onEvent(smnEvent(versionCreated('rot-key', bad)));

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'on-event', error: { code: 'BYOK.BAD_SECRET_MATERIAL' } });
    expect(JSON.stringify(result)).not.toContain('not key material');
    expect(await aliasKey('rot-a')).toBe(current);
    // Refused before any key was created for that version.
    const forBad = await allKeysByTags(env.keys, [{ key: 'byok:version', values: [bad] }]);
    expect(forBad).toEqual([]);
  });

  it('refuses a notification for a secret no managed key is bound to', async () => {
    await env.createSecret('lonely', { secretBinary: randomMaterial().toString('base64') });
    const result = await onEvent(smnEvent(versionCreated('lonely', 'v1')));
    expect(result).toMatchObject({ ok: false, error: { code: 'BYOK.NOT_MANAGED', message: expect.stringContaining('secret lonely') } });
  });

  it('logs the shape of the first CSMS message once, without values', async () => {
    // Prepare
    const stage = onEventDefinition();
    const dispatcher = env.newDispatcher({ stages: { [StageName.OnEvent]: stage } });
    const from = env.logs.lines.length;
    const message = { ...versionCreated('lonely', 'v1'), marker: 'value-that-must-not-be-logged' };

    // Act
    await dispatcher.runChain(StageName.OnEvent, smnEvent(message));
    await dispatcher.runChain(StageName.OnEvent, smnEvent(message));

    // Assess
    const lines = env.logs.lines.slice(from);
    const shapes = lines.filter((l) => l.includes('"csms.message.shape"'));
    expect(shapes).toHaveLength(1);
    expect(JSON.parse(shapes[0]!).shapes).toEqual([expect.objectContaining({ secret_name: 'string', marker: 'string' })]);
    expect(lines.join('\n')).not.toContain('value-that-must-not-be-logged');
  });
});
