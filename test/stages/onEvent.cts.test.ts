import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../lib/crypto/fingerprint.js';
import { StageName } from '../../lib/ports/index.js';
import { onEventDefinition } from '../../lib/stages/onEvent.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';
import { ctsEvent } from './onEvent.fixtures.js';

describe('Function: on-event CTS createKey (an external key tagged byok:secret is imported)', () => {
  let env: StageEnv;

  const onEvent = async (event: Record<string, unknown>): Promise<{ result: Record<string, unknown>; stages: string[] }> => {
    const dispatcher = env.newDispatcher({ stages: { [StageName.OnEvent]: onEventDefinition() } });
    const result = (await dispatcher.runChain(StageName.OnEvent, event)) as unknown as Record<string, unknown>;
    return { result, stages: dispatcher.events.map((e) => e.stage) };
  };
  const tagsOf = async (keyId: string): Promise<Record<string, string>> =>
    Object.fromEntries((await env.keys.showKeyTags(keyId)).map((t) => [t.key, t.value]));

  beforeAll(async () => {
    env = await startStageEnv();
  });
  afterAll(async () => env.close());

  it('adopts and imports a key created by hand with only byok:secret', async () => {
    // Prepare
    const material = randomMaterial();
    const version = await env.createSecret('cts-key', { secretBinary: material.toString('base64') });
    const { keyId } = await env.kms.createKey({ keyAlias: 'made-in-console', origin: 'external' });
    await env.keys.putKeyTags(keyId, [{ key: 'byok:secret', value: 'cts-key' }]);

    // Act
    const { result, stages } = await onEvent(ctsEvent('createKey', keyId));

    // Assess
    expect(stages).toEqual(['on-event', 'fetch-parameters', 'wrap-material', 'import-material']);
    expect(result).toMatchObject({ ok: true, stage: 'import-material', key_id: keyId, state: 'Enabled' });
    expect(await tagsOf(keyId)).toEqual({
      'byok:secret': 'cts-key',
      'byok:managed': 'true',
      'byok:version': version,
      'byok:ttl': '30d',
      'byok:fp': fingerprint(material),
    });
  });

  it('leaves a key onboarded by create-key to create-key, and skips a key that has its material', async () => {
    // Prepare: create-key tags and imports its own keys.
    await env.createSecret('cts-own', { secretBinary: randomMaterial().toString('base64') });
    const { result: onboarded } = await onEvent({ action: 'onboard', alias: 'cts-own', secret: { name: 'cts-own' } });
    const keyId = onboarded['key_id'] as string;
    const { keyId: pending } = await env.kms.createKey({ keyAlias: 'cts-own-pending', origin: 'external' });
    await env.keys.putKeyTags(pending, [
      { key: 'byok:managed', value: 'true' }, { key: 'byok:secret', value: 'cts-own' },
      { key: 'byok:version', value: 'v1' }, { key: 'byok:ttl', value: '30d' },
    ]);

    // Act
    const enabled = await onEvent(ctsEvent('createKey', keyId));
    const managedPending = await onEvent(ctsEvent('createKey', pending));

    // Assess
    expect(enabled.stages).toEqual(['on-event']);
    expect(enabled.result).toMatchObject({ ok: true, tasks: [{ action: 'import', outcome: 'already-imported' }] });
    expect(managedPending.stages).toEqual(['on-event']);
    expect(managedPending.result).toMatchObject({ ok: true, tasks: [{ action: 'import', outcome: 'left-to-create-key' }] });
  });

  it('imports a managed key in Pending import on a direct import', async () => {
    const { keyId } = await env.kms.createKey({ keyAlias: 'direct-import', origin: 'external' });
    await env.keys.putKeyTags(keyId, [
      { key: 'byok:managed', value: 'true' }, { key: 'byok:secret', value: 'cts-own' },
      { key: 'byok:version', value: 'v1' }, { key: 'byok:ttl', value: 'never' },
    ]);
    const { result } = await onEvent({ action: 'import', key_id: keyId });
    expect(result).toMatchObject({ ok: true, stage: 'import-material', key_id: keyId, state: 'Enabled', expires_at: null });
  });

  it.each([
    ['a key without byok:secret', async () => (await env.kms.createKey({ keyAlias: 'untagged', origin: 'external' })).keyId, 'byok:secret'],
    ['a KMS-generated key', async () => (await env.kms.createKey({ keyAlias: 'kms-origin' })).keyId, 'origin external'],
  ])('refuses %s with BYOK.NOT_MANAGED', async (_what, makeKey, named) => {
    const keyId = await makeKey();
    const { result, stages } = await onEvent(ctsEvent('createKey', keyId));
    expect(stages).toEqual(['on-event']);
    expect(result).toMatchObject({ ok: false, key_id: keyId, error: { code: 'BYOK.NOT_MANAGED', message: expect.stringContaining(named) } });
  });
});
