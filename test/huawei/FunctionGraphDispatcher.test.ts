import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { isCloudApiError, isConfigError } from '../../lib/errors/index.js';
import { FunctionGraphDispatcher } from '../../lib/huawei/FunctionGraphDispatcher.js';
import type { DispatchReceipt } from '../../lib/huawei/FunctionGraphDispatcher.js';
import { isStageEventRejectedError } from '../../lib/dispatch/stageEventGuard.js';
import { StageName } from '../../lib/ports/index.js';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';

describe('Class: FunctionGraphDispatcher', () => {
  let emu: TestEmulator;
  let urn: (name: string) => string;
  let tokenText: string;
  let skText: string;
  const receipts: DispatchReceipt[] = [];
  let dispatcher: FunctionGraphDispatcher;

  const recorded = async (functionUrn: string): Promise<{ request_id: string; body: unknown }[]> => {
    const res = await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(functionUrn)}`);
    return res.body.invocations;
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual' });
    // Temporary credentials, as a FunctionGraph agency hands them to a function.
    const temp = await emu.temporaryCredentials();
    tokenText = temp.securityToken;
    skText = temp.sk;
    urn = (name) => `urn:fss:${emu.region}:${emu.projectId}:function:default:${name}:latest`;
    dispatcher = FunctionGraphDispatcher.fromEnv(
      { ak: temp.ak, sk: new SecretValue(temp.sk), securityToken: new SecretValue(temp.securityToken), projectId: emu.projectId, endpoint: emu.endpoint },
      {
        BYOK_FGS_ENDPOINT: emu.endpoint,
        BYOK_FN_URN_WRAP_MATERIAL: urn('byok-wrap-material'),
        BYOK_FN_URN_IMPORT_MATERIAL: ` ${urn('byok-import-material')} `,
        BYOK_FN_URN_ON_EVENT: `urn:fss:${emu.region}:0000000000000000000000000000ffff:function:default:elsewhere:latest`,
      },
      { now: () => emu.now(), onDispatched: (r) => receipts.push(r), retry: { sleep: async () => {} } },
    );
  });
  afterAll(async () => emu.close());

  describe('Method: dispatch', () => {
    it('invokes the stage function asynchronously with exactly the event given (URN with colons, signed with a security token)', async () => {
      // Prepare
      const event = {
        key_id: '0d4b3c4e-0000-4000-8000-000000000001',
        correlation_id: '6a1f9f0e-0000-4000-8000-000000000002',
        import_token: 'opaque-token-travels-to-the-next-stage',
        public_key: 'MIIBIjAN',
        params_expire_at: '2030-01-01T00:00:00.000Z',
        nested: { list: [1, 2, 3] },
      };
      // Act
      await dispatcher.dispatch(StageName.WrapMaterial, event);
      // Assess
      const calls = await recorded(urn('byok-wrap-material'));
      expect(calls).toHaveLength(1);
      expect(calls[0]?.body).toEqual(event);
      expect(receipts.at(-1)).toMatchObject({ stage: 'wrap-material', requestId: calls[0]?.request_id });
    });

    it('uses the URN configured for each stage', async () => {
      await dispatcher.dispatch(StageName.ImportMaterial, { key_id: 'k', encrypted_key_material: 'AAAA' });
      expect((await recorded(urn('byok-import-material'))).map((c) => c.body)).toEqual([{ key_id: 'k', encrypted_key_material: 'AAAA' }]);
    });

    it('fails with a ConfigError naming the variable when the stage has no URN', async () => {
      const error = await dispatcher.dispatch(StageName.FetchParameters, { key_id: 'k' }).catch((e: unknown) => e);
      expect(isConfigError(error)).toBe(true);
      expect((error as Error).message).toContain('BYOK_FN_URN_FETCH_PARAMETERS');
    });

    it('reports a function FunctionGraph does not know as FSS.0404 naming the variable', async () => {
      const error = await dispatcher.dispatch(StageName.OnEvent, { action: 'rotate' }).catch((e: unknown) => e);
      expect(isCloudApiError(error) && error.code).toBe('FSS.0404');
      expect((error as Error).message).toContain('BYOK_FN_URN_ON_EVENT');
    });

    it.each([
      ['plaintext', { key_id: 'k', plaintext: 'x' }, 'plaintext'],
      ['key material', { key_id: 'k', deep: [{ key_material: 'x' }] }, 'deep[0].key_material'],
      ['a secret value', { secret: { name: 's', secret_string: 'x' } }, 'secret.secret_string'],
      ['an SK', { sk: 'x' }, 'sk'],
      ['a security token', { auth: { security_token: 'x' } }, 'auth.security_token'],
      ['a SecretValue object', { import_token: new SecretValue('x') }, 'import_token'],
      ['raw bytes', { blob: Buffer.from('x') }, 'blob'],
    ])('refuses an event carrying %s, naming the field and sending nothing', async (_what, event, path) => {
      // Prepare
      const before = (await recorded(urn('byok-wrap-material'))).length;
      // Act
      const error = await dispatcher.dispatch(StageName.WrapMaterial, event as Record<string, unknown>).catch((e: unknown) => e);
      // Assess
      expect(isStageEventRejectedError(error)).toBe(true);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).not.toContain("'x'");
      expect(await recorded(urn('byok-wrap-material'))).toHaveLength(before);
    });

    it('refuses an event of 256 KB or more before sending it', async () => {
      const error = await dispatcher.dispatch(StageName.WrapMaterial, { pad: 'p'.repeat(256 * 1024) }).catch((e: unknown) => e);
      expect(isStageEventRejectedError(error)).toBe(true);
      expect((error as Error).message).toMatch(/256 KB/);
    });

    it('retries a throttled invocation and then delivers it once', async () => {
      // Prepare: one token per ~17 min; the first call takes it, the second is throttled until the bucket refills.
      await emu.request('POST', '/_emulator/limits', { fgs: { rps: 0.001, burst: 1 } });
      const attempts: number[] = [];
      const throttled = new FunctionGraphDispatcher({
        config: { ak: emu.ak, sk: new SecretValue(emu.sk), projectId: emu.projectId, endpoint: emu.endpoint },
        endpoint: emu.endpoint,
        functionUrns: { 'create-key': urn('byok-create-key') },
        now: () => emu.now(),
        retry: { maxAttempts: 2, sleep: async () => { attempts.push(1); await emu.request('POST', '/_emulator/limits', {}); } },
      });
      try {
        // Act
        await throttled.dispatch(StageName.CreateKey, { n: 1 });
        await throttled.dispatch(StageName.CreateKey, { n: 2 });
      } finally {
        await emu.request('POST', '/_emulator/limits', {});
      }
      // Assess
      expect(attempts).toHaveLength(1);
      expect((await recorded(urn('byok-create-key'))).map((c) => c.body)).toEqual([{ n: 1 }, { n: 2 }]);
    });

    it('keeps the SDK quiet and never puts credentials in errors', async () => {
      // Prepare
      const writes: string[] = [];
      const original = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        writes.push(String(chunk));
        return original(chunk, ...(rest as []));
      }) as typeof process.stdout.write;
      let error: unknown;
      try {
        // Act
        error = await dispatcher.dispatch(StageName.OnEvent, { x: 1 }).catch((e: unknown) => e);
      } finally {
        process.stdout.write = original;
      }
      // Assess
      const text = `${writes.join('')}\n${(error as Error).message}\n${JSON.stringify(error)}`;
      expect(text).not.toContain(tokenText);
      expect(text).not.toContain(skText);
      expect(writes.join('')).not.toMatch(/Some error found|Authorization/);
    });
  });
});
