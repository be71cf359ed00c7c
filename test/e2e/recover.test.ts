import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { StageName } from '../../lib/ports/index.js';
import { onEventDefinition } from '../../lib/stages/onEvent.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';
import { ctsEvent } from '../stages/onEvent.fixtures.js';

const DAY_S = 86_400;

describe('Function: on-event recover (a managed key in Pending import gets its pinned material back)', () => {
  let env: StageEnv;
  let keyId: string;
  let cipherText: string;

  const onEvent = async (event: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const dispatcher = env.newDispatcher({ stages: { [StageName.OnEvent]: onEventDefinition() } });
    return (await dispatcher.runChain(StageName.OnEvent, event)) as unknown as Record<string, unknown>;
  };

  beforeAll(async () => {
    env = await startStageEnv();
    await env.createSecret('rec-key', { secretBinary: randomMaterial().toString('base64') });
    const onboarded = await onEvent({ action: 'onboard', alias: 'rec', secret: { name: 'rec-key' }, ttl: '1d' });
    keyId = onboarded['key_id'] as string;
    cipherText = (await env.keys.encryptData(keyId, new SecretValue('written before expiry'))).cipherText;
  });
  afterAll(async () => env.close());

  it('refuses a key that still has its material, unless forced', async () => {
    const refused = await onEvent({ action: 'recover', key_id: keyId });
    expect(refused).toMatchObject({ ok: false, stage: 'on-event', key_id: keyId, error: { code: 'BYOK.NOT_PENDING_IMPORT' } });
    expect((refused['error'] as { message: string }).message).toContain('force');

    const forced = await onEvent({ action: 'recover', key_id: keyId, force: true });
    expect(forced).toMatchObject({ ok: true, stage: 'import-material', key_id: keyId, state: 'Enabled' });
  });

  it('brings an expired key back to Enabled, and an old ciphertext decrypts again', async () => {
    // Prepare: past the material's expiry (1 d) and the emulator's deletion delay (1 h).
    await env.emu.advance(DAY_S + 2 * 3_600);
    expect((await env.keys.describeKey(keyId)).keyState).toBe('PendingImport');

    // Act
    const result = await onEvent({ action: 'recover', key_id: keyId });

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'import-material', key_id: keyId, state: 'Enabled', outcome: 'imported' });
    const info = await env.keys.describeKey(keyId);
    expect(info.keyState).toBe('Enabled');
    expect(info.expirationTime!.getTime()).toBeGreaterThan(env.clock.now().getTime());
    expect((await env.keys.decryptData(cipherText)).plainText.reveal()).toBe('written before expiry');
  });

  it('recovers on a CTS deleteImportedKeyMaterial trace', async () => {
    await env.keys.deleteImportedKeyMaterial(keyId);
    const result = await onEvent(ctsEvent('deleteImportedKeyMaterial', keyId));
    expect(result).toMatchObject({ ok: true, stage: 'import-material', key_id: keyId, state: 'Enabled' });
  });

  it('refuses a key byok-keeper does not manage', async () => {
    const { keyId: foreign } = await env.kms.createKey({ keyAlias: 'foreign-key', origin: 'external' });
    const result = await onEvent({ action: 'recover', key_id: foreign });
    expect(result).toMatchObject({ ok: false, key_id: foreign, error: { code: 'BYOK.NOT_MANAGED' } });
  });
});
