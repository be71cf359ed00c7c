import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { stageFunction } from '../../functions/runtime.js';
import type { FunctionGraphContext } from '../../lib/functiongraph/context.js';
import { onEventDefinition } from '../../lib/stages/onEvent.js';
import { captureLines, fakeContext, invoke } from '../helpers/fgContext.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';
import { ctsEvent, smnEvent } from './onEvent.fixtures.js';

type Result = { ok: boolean; stage: string; key_id?: string; correlation_id?: string; error?: { code: string; message: string } } & Record<string, unknown>;

describe('Function: functions/on-event handler (stages chained by FunctionGraph async invoke)', () => {
  let env: StageEnv;
  let context: () => FunctionGraphContext;
  let fetchUrn: string;
  const urns = new Map<string, string>();
  const handlers = new Map<string, unknown>();

  beforeAll(async () => {
    env = await startStageEnv({ emulator: { clock: 'real' } });
    vi.stubEnv('BYOK_LOG_LEVEL', 'error');
    for (const name of ['on-event', 'fetch-parameters', 'wrap-material', 'import-material']) {
      urns.set(`urn:fss:${env.emu.region}:${env.emu.projectId}:function:default:byok-${name}:latest`, name);
      handlers.set(name, ((await import(`../../functions/${name}.ts`)) as { handler: unknown }).handler);
    }
    fetchUrn = [...urns].find(([, name]) => name === 'fetch-parameters')![0];
    const credentials = await env.emu.temporaryCredentials();
    context = () => fakeContext({ credentials, projectId: env.emu.projectId, userData: { BYOK_KMS_ENDPOINT: env.emu.endpoint } });
  });
  beforeEach(() => {
    // Read per invocation; the config's unstubEnvs resets them before every test.
    vi.stubEnv('BYOK_FGS_ENDPOINT', env.emu.endpoint);
    for (const [urn, name] of urns) vi.stubEnv(`BYOK_FN_URN_${name.toUpperCase().replace(/-/g, '_')}`, urn);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await env.close();
  });

  it('hands a CTS createKey import to fetch-parameters by async invoke; that event finishes the import', async () => {
    // Prepare
    await env.createSecret('fgs-key', { secretBinary: randomMaterial().toString('base64') });
    const { keyId } = await env.kms.createKey({ keyAlias: 'fgs-console-key', origin: 'external' });
    await env.keys.putKeyTags(keyId, [{ key: 'byok:secret', value: 'fgs-key' }]);

    // Act
    const result = await invoke<Result>(handlers.get('on-event'), ctsEvent('createKey', keyId), context());
    const recorded = await env.emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(fetchUrn)}`);
    const sent = recorded.body.invocations.at(-1) as { seq: number; body: Record<string, unknown> };
    // Deliver each recorded invocation to its function, as FunctionGraph would, until the chain is quiet.
    const answers: Result[] = [await invoke<Result>(handlers.get('fetch-parameters'), sent.body, context())];
    for (let after = sent.seq; ; ) {
      const next = (await env.emu.request('GET', `/_emulator/fgs/invocations?after_seq=${after}`)).body.invocations[0];
      if (next === undefined) break;
      after = next.seq;
      answers.push(await invoke<Result>(handlers.get(urns.get(next.function_urn)!), next.body, context()));
    }

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'on-event', source: 'cts', key_id: keyId });
    expect(sent.body).toEqual({ key_id: keyId, correlation_id: result.correlation_id });
    expect(answers.map((a) => [a.ok, a.stage, a.key_id])).toEqual([
      [true, 'fetch-parameters', keyId],
      [true, 'wrap-material', keyId],
      [true, 'import-material', keyId],
    ]);
    expect((await env.keys.describeKey(keyId)).keyState).toBe('Enabled');
  });

  it('answers a malformed SMN message with a typed failure naming the field, logging no value', async () => {
    // Prepare
    const logs = captureLines();
    const handler = stageFunction(onEventDefinition(), { env: { BYOK_LOG_LEVEL: 'debug' }, write: logs.write });

    // Act
    const result = await invoke<Result>(handler, smnEvent({ event_type: 'SECRET_VERSION_CREATED', secret_name: 'not valid!', secret_string: 'sekrit-value' }), context());

    // Assess
    expect(result).toMatchObject({ ok: false, stage: 'on-event', error: { code: 'BYOK.INVALID_EVENT' } });
    expect(result.error?.message).toContain('record[0].smn.message.secret_name');
    expect(`${logs.text()}${JSON.stringify(result)}`).not.toMatch(/sekrit-value|not valid!/);
  });
});
