import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StageName } from '../../lib/ports/index.js';
import type { StageOutcome } from '../../lib/dispatch/InProcessDispatcher.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';

const TOKEN_LIFETIME_PLUS_SECONDS = 25 * 3_600;

function expectOk(result: StageOutcome): asserts result is Extract<StageOutcome, { ok: true }> {
  if (!result.ok) throw new Error(`chain failed: ${result.error.code} ${result.error.message}`);
}

describe('Function: runChain (failures and recovery)', () => {
  let env: StageEnv;
  let serial = 0;

  beforeAll(async () => {
    env = await startStageEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  /** A secret with fresh material and a managed, imported key for it. */
  async function onboarded(): Promise<{ keyId: string; secret: string; alias: string }> {
    serial += 1;
    const secret = `fail-secret-${serial}`;
    const alias = `fail-${serial}`;
    await env.createSecret(secret, { secretBinary: randomMaterial().toString('base64') });
    const result = await env.newDispatcher().runChain(StageName.CreateKey, { alias, secret: { name: secret } });
    expectOk(result);
    return { keyId: result.key_id, secret, alias };
  }

  async function history(keyId: string): Promise<unknown[]> {
    const res = await env.emu.request('GET', `/_emulator/keys/${keyId}/history`);
    return res.body.history as unknown[];
  }

  it('refuses a wrong secret version by fingerprint before any import call', async () => {
    // Prepare: the key is pinned to v1; its version tag is pointed at v2 (other material)
    const { keyId, secret } = await onboarded();
    const v2 = await env.createSecret(secret, { secretBinary: randomMaterial().toString('base64') });
    await env.keys.putKeyTags(keyId, [{ key: 'byok:version', value: v2 }]);
    const before = { history: await history(keyId), info: await env.keys.describeKey(keyId) };
    const dispatcher = env.newDispatcher();

    // Act
    const result = await dispatcher.runChain(StageName.FetchParameters, { key_id: keyId });

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'wrap-material', key_id: keyId });
    if (result.ok) return;
    expect(result.error.code).toBe('BYOK.FINGERPRINT_MISMATCH');
    expect(result.error.message).toContain(`version ${v2}`);
    expect(dispatcher.events.map((e) => e.stage)).toEqual(['fetch-parameters', 'wrap-material']);
    expect(await history(keyId)).toEqual(before.history);
    expect((await env.keys.describeKey(keyId)).expirationTime).toEqual(before.info.expirationTime);
    const alert = env.logs.records().find((r) => r['event'] === 'stage.done' && r['error_code'] === 'BYOK.FINGERPRINT_MISMATCH');
    expect(alert).toMatchObject({ level: 'error', alert: true, key_id: keyId });
  });

  it('recovers from an import token that expired mid-chain by fetching parameters once more', async () => {
    // Prepare: move the cloud's clock past the token's 24 h just before the first import
    serial += 1;
    await env.createSecret(`late-${serial}`, { secretBinary: randomMaterial().toString('base64') });
    let advanced = false;
    const dispatcher = env.newDispatcher({
      beforeStage: async (stage) => {
        if (stage === StageName.ImportMaterial && !advanced) {
          advanced = true;
          await env.emu.advance(TOKEN_LIFETIME_PLUS_SECONDS);
        }
      },
    });

    // Act
    const result = await dispatcher.runChain(StageName.CreateKey, { alias: `late-${serial}`, secret: { name: `late-${serial}` } });

    // Assess
    expectOk(result);
    expect(result).toMatchObject({ stage: 'import-material', state: 'Enabled', outcome: 'imported' });
    expect(dispatcher.events.map((e) => e.stage)).toEqual([
      'create-key',
      'fetch-parameters',
      'wrap-material',
      'import-material',
      'fetch-parameters',
      'wrap-material',
      'import-material',
    ]);
    expect(dispatcher.events.at(-1)?.event['refetch']).toBe(1);
    expect(dispatcher.outcomes[3]).toMatchObject({ ok: true, outcome: 'refetch' });
    expect((await env.keys.describeKey(result.key_id)).keyState).toBe('Enabled');
  });

  it('fails with a retryable error when the token is refused again after one re-fetch', async () => {
    // Prepare: every import sees an expired token
    const { keyId } = await onboarded();
    const dispatcher = env.newDispatcher({
      beforeStage: async (stage) => {
        if (stage === StageName.ImportMaterial) await env.emu.advance(TOKEN_LIFETIME_PLUS_SECONDS);
      },
    });

    // Act
    const result = await dispatcher.runChain(StageName.FetchParameters, { key_id: keyId });

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'import-material', key_id: keyId });
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'BYOK.IMPORT_TOKEN_REJECTED', retryable: true });
    expect(dispatcher.events.filter((e) => e.stage === 'fetch-parameters')).toHaveLength(2);
  });

  it('raises KMS.2606 (different material) as an alert and never retries it', async () => {
    // Prepare: no fingerprint to stop it locally, and the version tag points at other material
    const { keyId, secret } = await onboarded();
    const v2 = await env.createSecret(secret, { secretBinary: randomMaterial().toString('base64') });
    await env.kms.tags.batchDeleteKeyTags(keyId, [{ key: 'byok:fp' }]);
    await env.keys.putKeyTags(keyId, [{ key: 'byok:version', value: v2 }]);
    const dispatcher = env.newDispatcher();

    // Act
    const result = await dispatcher.runChain(StageName.FetchParameters, { key_id: keyId });

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'import-material' });
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'KMS.2606', retryable: false });
    expect(result.error.message).toContain('ALERT');
    expect(dispatcher.events.map((e) => e.stage)).toEqual(['fetch-parameters', 'wrap-material', 'import-material']);
    expect(await env.keys.showKeyTags(keyId)).not.toContainEqual(expect.objectContaining({ key: 'byok:fp' }));
  });

  it('reuses a key an earlier create-key made without answering (same key_alias, no tags)', async () => {
    // Prepare
    serial += 1;
    const secret = `again-${serial}`;
    const version = await env.createSecret(secret, { secretBinary: randomMaterial().toString('base64') });
    const orphan = await env.kms.createKey({ keyAlias: `again-${serial}-${version}`, origin: 'external' });

    // Act
    const result = await env.newDispatcher().runChain(StageName.CreateKey, { alias: `again-${serial}`, secret: { name: secret } });

    // Assess
    expectOk(result);
    expect(result.key_id).toBe(orphan.keyId);
    expect('state' in result && result.state).toBe('Enabled');
  });

  it('refuses a key name taken by a key it does not manage', async () => {
    // Prepare
    serial += 1;
    const secret = `taken-${serial}`;
    const version = await env.createSecret(secret, { secretBinary: randomMaterial().toString('base64') });
    await env.kms.createKey({ keyAlias: `taken-${serial}-${version}` });

    // Act
    const result = await env.newDispatcher().runChain(StageName.CreateKey, { alias: `taken-${serial}`, secret: { name: secret } });

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'create-key', error: { code: 'BYOK.KEY_CONFLICT' } });
  });

  it('refuses to move an alias that already points at another key', async () => {
    // Prepare
    const { alias } = await onboarded();
    serial += 1;
    await env.createSecret(`other-${serial}`, { secretBinary: randomMaterial().toString('base64') });

    // Act
    const result = await env.newDispatcher().runChain(StageName.CreateKey, { alias, secret: { name: `other-${serial}` } });

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'create-key', error: { code: 'BYOK.ALIAS_IN_USE' } });
  });

  it('refuses a new secret version under an onboarded alias before creating a key (that is a rotation)', async () => {
    // Prepare
    const { alias, secret } = await onboarded();
    const v2 = await env.createSecret(secret, { secretBinary: randomMaterial().toString('base64') });

    // Act
    const result = await env.newDispatcher().runChain(StageName.CreateKey, { alias, secret: { name: secret } });

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'create-key', error: { code: 'BYOK.ALIAS_IN_USE' } });
    expect(await env.keys.findKeyByName(`${alias}-${v2}`)).toBeUndefined();
  });

  it('refuses to wrap for a key without byok:managed', async () => {
    // Prepare
    const plain = await env.kms.createKey({ keyAlias: `unmanaged-${serial}`, origin: 'external' });
    const dispatcher = env.newDispatcher();

    // Act
    const result = await dispatcher.runChain(StageName.FetchParameters, { key_id: plain.keyId });

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'wrap-material', key_id: plain.keyId });
    if (result.ok) return;
    expect(result.error.code).toBe('BYOK.NOT_MANAGED');
    expect(result.error.message).toContain('byok:managed');
  });

  it('answers a bad event with a typed failure naming the field', async () => {
    // Act
    const result = await env.newDispatcher().runChain(StageName.CreateKey, {
      alias: 'alias/with-prefix',
      secret: { name: 'x' },
      ttl: '45m',
    });

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'create-key', error: { code: 'BYOK.INVALID_EVENT', retryable: false } });
    if (result.ok) return;
    expect(result.error.message).toContain('alias:');
    expect(result.error.message).toContain('ttl:');
    expect(result.error.message).not.toContain('45m');
  });
});
