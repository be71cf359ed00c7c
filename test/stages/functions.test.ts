import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fingerprint } from '../../lib/crypto/fingerprint.js';
import { wrapMaterial } from '../../lib/crypto/wrapMaterial.js';
import type { FunctionGraphContext } from '../../lib/functiongraph/context.js';
import { fakeContext, invoke } from '../helpers/fgContext.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';

type Result = { ok: boolean; stage: string; key_id?: string; error?: { code: string; message: string } };

describe('Function: functions/* handlers', () => {
  let env: StageEnv;
  let context: () => FunctionGraphContext;
  const handlers: Record<string, unknown> = {};

  beforeAll(async () => {
    // Quiet handlers: only error lines reach stdout.
    vi.stubEnv('BYOK_LOG_LEVEL', 'error');
    for (const name of ['create-key', 'fetch-parameters', 'wrap-material', 'import-material']) {
      handlers[name] = ((await import(`../../functions/${name}.ts`)) as { handler: unknown }).handler;
    }
    env = await startStageEnv({ emulator: { clock: 'real' } });
    const credentials = await env.emu.temporaryCredentials();
    context = () =>
      fakeContext({
        credentials,
        projectId: env.emu.projectId,
        userData: { BYOK_KMS_ENDPOINT: env.emu.endpoint },
      });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await env.close();
  });

  it('create-key onboards a key with the agency credentials of the context', async () => {
    // Prepare
    await env.createSecret('fn-key', { secretBinary: randomMaterial().toString('base64') });

    // Act
    const result = await invoke<Result>(handlers['create-key'], { alias: 'fn', secret: { name: 'fn-key' } }, context());

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'create-key' });
    const info = await env.keys.describeKey(result.key_id!);
    expect(info.keyState).toBe('Enabled');
  });

  it('fetch-parameters runs the rest of the chain for a managed key', async () => {
    // Prepare
    const keyId = (await env.keys.describeKey('alias/fn')).keyId;

    // Act
    const result = await invoke<Result>(handlers['fetch-parameters'], { key_id: keyId }, context());

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'fetch-parameters', key_id: keyId });
  });

  it('wrap-material wraps for fresh parameters and the chain imports', async () => {
    // Prepare
    const keyId = (await env.keys.describeKey('alias/fn')).keyId;
    const params = await env.keys.getParametersForImport(keyId, 'RSAES_OAEP_SHA_256');
    const event = {
      key_id: keyId,
      import_token: params.importToken.reveal(),
      public_key: params.publicKey,
      params_expire_at: params.expiresAt.toISOString(),
      wrapping_algorithm: 'RSAES_OAEP_SHA_256',
    };

    // Act
    const result = await invoke<Result>(handlers['wrap-material'], event, context());

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'wrap-material', key_id: keyId });
  });

  it('import-material imports wrapped material and verifies the key', async () => {
    // Prepare: a key onboarded with ttl never, re-imported by hand-made wrap
    const material = randomMaterial();
    await env.createSecret('fn-imp', { secretBinary: material.toString('base64') });
    const created = await invoke<Result>(handlers['create-key'], { alias: 'fn-imp', secret: { name: 'fn-imp' }, ttl: 'never' }, context());
    const keyId = created.key_id!;
    const params = await env.keys.getParametersForImport(keyId, 'RSAES_OAEP_SHA_256');
    const event = {
      key_id: keyId,
      import_token: params.importToken.reveal(),
      encrypted_key_material: wrapMaterial(material, params.publicKey).wrapped,
      expiration_time: null,
      fingerprint: fingerprint(material),
    };

    // Act
    const result = await invoke<Result>(handlers['import-material'], event, context());

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'import-material', key_id: keyId, state: 'Enabled', expires_at: null });
  });

  it.each([
    ['create-key', { alias: 'fn', secret: { name: 7 } }, 'secret.name'],
    ['fetch-parameters', { key_id: 'not-a-key' }, 'key_id'],
    ['wrap-material', { key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f', import_token: 'x' }, 'import_token'],
    ['import-material', { key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f', expiration_time: 'soon' }, 'expiration_time'],
  ])('%s answers a bad event with a typed failure naming the field', async (name, event, field) => {
    // Act
    const result = await invoke<Result>(handlers[name], event, context());

    // Assess
    expect(result).toMatchObject({ ok: false, stage: name, error: { code: 'BYOK.INVALID_EVENT' } });
    expect(result.error?.message).toContain(`${field}:`);
  });

  it('answers BYOK.NO_CREDENTIALS without an execution agency', async () => {
    // Act
    const result = await invoke<Result>(handlers['fetch-parameters'], { key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f' }, fakeContext());

    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'BYOK.NO_CREDENTIALS' } });
  });
});
