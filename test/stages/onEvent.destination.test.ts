/**
 * on-event as the failure destination of the stage functions: FunctionGraph hands it the failed invocation's
 * payload (the shape the embedded cloud sends, emulator/fgs/asyncInvocations.ts). It reads only the stage and the
 * key id, starts the import again for a managed key left in Pending import, and writes none of the rest — the
 * payload of wrap-material or import-material holds an import token and wrapped material.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAliasedKey } from '../../lib/lifecycle/index.js';
import { StageName } from '../../lib/ports/index.js';
import { onEventDefinition } from '../../lib/stages/onEvent.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';

/** The payload FunctionGraph sends a destination after a stage's last retry failed. */
function destinationPayload(env: StageEnv, stage: string, event: Record<string, unknown>): Record<string, unknown> {
  return {
    timestamp: env.clock.now().toISOString(),
    request_context: {
      request_id: '3f1b1c9e-8a2d-4c51-9e61-1b2c3d4e5f60',
      function_urn: `urn:fss:${env.emu.region}:${env.emu.projectId}:function:default:byok-keeper-prod-${stage}:latest`,
      condition: 'RetriesExhausted',
      approximate_invoke_count: 3,
    },
    request_payload: JSON.stringify(event),
    response_context: { status_code: 200, function_error: 'Error: the function timed out' },
    response_payload: '{"errorType":"Error","errorMessage":"timed out"}',
  };
}

describe('Function: on-event as the stages\' failure destination', () => {
  let env: StageEnv;
  const onEvent = (event: Record<string, unknown>) =>
    env.newDispatcher({ stages: { [StageName.OnEvent]: onEventDefinition() } }).runChain(StageName.OnEvent, event);

  beforeAll(async () => {
    env = await startStageEnv();
  });
  afterAll(async () => env.close());

  it('starts the import again for a managed key left in Pending import, writing no token or wrapped material', async () => {
    // Prepare: a key created but never imported (its import-material invocation failed for good)
    await env.createSecret('lost-import', { secretBinary: randomMaterial().toString('base64') });
    const key = await createAliasedKey(env.deps(), { alias: 'lost-import', secretName: 'lost-import' });
    const token = `TOKEN${'x'.repeat(295)}`;
    const wrapped = `WRAPPED${'y'.repeat(337)}`;
    const failed = { key_id: key.keyId, import_token: token, encrypted_key_material: wrapped, expiration_time: null, fingerprint: `fp1-${'a'.repeat(32)}` };

    // Act
    const result = await onEvent(destinationPayload(env, 'import-material', failed));

    // Assess: the chain ran again from fetch-parameters and the key has its material
    expect(result).toMatchObject({ ok: true, stage: 'import-material', key_id: key.keyId, state: 'Enabled' });
    const lost = env.logs.records().find((r) => r['event'] === 'stage.lost' && r['key_id'] === key.keyId);
    expect(lost).toMatchObject({ level: 'error', stage: 'import-material', condition: 'RetriesExhausted', outcome: 'recovery-started' });
    expect(env.logs.text()).not.toContain(token);
    expect(env.logs.text()).not.toContain(wrapped);
  });

  it('leaves a key that has its material to the renewal timer', async () => {
    // Prepare: a key onboarded to the end
    await env.createSecret('lost-enabled', { secretBinary: randomMaterial().toString('base64') });
    const onboarded = await env.newDispatcher().runChain(StageName.CreateKey, { alias: 'lost-enabled', secret: { name: 'lost-enabled' } });
    expect(onboarded.ok).toBe(true);
    const keyId = onboarded.ok ? onboarded.key_id : '';
    const before = (await env.keys.describeKey(keyId)).expirationTime;

    // Act
    const result = await onEvent(destinationPayload(env, 'wrap-material', { key_id: keyId, import_token: 'T'.repeat(300) }));

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'on-event', source: 'destination', tasks: [{ action: 'lost', key_id: keyId, stage: 'wrap-material', outcome: 'left-to-timer' }] });
    expect((await env.keys.describeKey(keyId)).expirationTime).toEqual(before);
  });

  it('refuses a payload without its request context, naming the field', async () => {
    // Act
    const result = await onEvent({ request_context: { condition: 'RetriesExhausted' }, request_payload: '{}' });

    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'BYOK.INVALID_EVENT' } });
    expect(!result.ok && result.error.message).toContain('request_context.function_urn');
  });
});
