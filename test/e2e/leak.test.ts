/**
 * Leak test: a full onboard and a rotation through the FunctionGraph handlers, each stage handing the next its
 * event by FunctionGraph async invoke (the emulator records it; this test delivers it, as FunctionGraph would),
 * with the execution agency's TEMPORARY credentials. Everything observable is captured: every log line and raw
 * stdout/stderr write, every handler answer (results and failure events), every dispatched event, and the
 * messages of deliberate failures. Material (raw, hex, base64, base64url), SK and security token must appear
 * nowhere; import tokens and wrapped material only in dispatched stage events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import type { FunctionGraphContext } from '../../lib/functiongraph/context.js';
import { StageName } from '../../lib/ports/index.js';
import { coreStages } from '../../lib/stages/coreStages.js';
import type { StageDefinition } from '../../lib/stages/coreStages.js';
import { onEventDefinition } from '../../lib/stages/onEvent.js';
import { stageFunction } from '../../functions/runtime.js';
import { captureLines, fakeContext, invoke } from '../helpers/fgContext.js';
import type { TemporaryTestCredential } from '../helpers/emulator.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';
import { smnEvent, versionCreated } from '../stages/onEvent.fixtures.js';

type Answer = { ok: boolean; stage: string; key_id?: string; error?: { code: string; message: string } } & Record<string, unknown>;

/** Every way a 32-byte material could be written out. */
function encodings(material: Buffer): string[] {
  const latin1 = material.toString('latin1');
  return [
    latin1,
    JSON.stringify(latin1).slice(1, -1),
    material.toString('hex'),
    material.toString('hex').toUpperCase(),
    material.toString('base64'),
    material.toString('base64').replace(/=+$/, ''),
    material.toString('base64url'),
  ];
}

describe('End to end: nothing secret leaks through onboard + rotation on FunctionGraph', () => {
  let env: StageEnv;
  let credentials: TemporaryTestCredential;
  let context: () => FunctionGraphContext;
  const handlers = new Map<string, unknown>();
  const urnToStage = new Map<string, string>();
  const logs = captureLines();
  const raw: string[] = [];
  const answers: string[] = [];
  const dispatched: Record<string, unknown>[] = [];
  let lastSeq = 0;

  /** Calls a handler as FunctionGraph would, capturing raw stdout/stderr around it. */
  async function deliver(stage: string, event: unknown): Promise<Answer> {
    const out = process.stdout.write;
    const err = process.stderr.write;
    const grab = ((chunk: string | Uint8Array) => raw.push(Buffer.from(chunk).toString('latin1')) > 0) as typeof process.stdout.write;
    process.stdout.write = grab;
    process.stderr.write = grab;
    let answer: Answer;
    try {
      answer = await invoke<Answer>(handlers.get(stage), event, context());
    } catch (error) {
      answers.push(String((error as Error)?.message));
      throw error;
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    answers.push(JSON.stringify(answer));
    return answer;
  }

  /** Delivers every recorded async invocation to its stage until the chain is quiet; answers the last answer. */
  async function drain(): Promise<Answer | undefined> {
    let last: Answer | undefined;
    for (;;) {
      const res = await env.emu.request('GET', `/_emulator/fgs/invocations?after_seq=${lastSeq}`);
      const invocations = res.body.invocations as { seq: number; function_urn: string; body: Record<string, unknown> }[];
      if (invocations.length === 0) return last;
      for (const invocation of invocations) {
        lastSeq = invocation.seq;
        dispatched.push(invocation.body);
        last = await deliver(urnToStage.get(invocation.function_urn)!, invocation.body);
      }
    }
  }

  beforeAll(async () => {
    // The handlers sign with the system clock, so the emulator runs on it too.
    env = await startStageEnv({ emulator: { clock: 'real' } });
    credentials = await env.emu.temporaryCredentials();
    context = () => fakeContext({ credentials, projectId: env.emu.projectId, userData: { BYOK_KMS_ENDPOINT: env.emu.endpoint } });
    const runtimeEnv: Record<string, string> = { BYOK_LOG_LEVEL: 'debug', BYOK_FGS_ENDPOINT: env.emu.endpoint };
    const definitions: StageDefinition<any>[] = [...Object.values(coreStages), onEventDefinition()]; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const definition of definitions) {
      const urn = `urn:fss:${env.emu.region}:${env.emu.projectId}:function:default:byok-${definition.name}:latest`;
      runtimeEnv[`BYOK_FN_URN_${definition.name.toUpperCase().replace(/-/g, '_')}`] = urn;
      urnToStage.set(urn, definition.name);
    }
    // Wired as functions/*.ts are, with every stage reaching the next through FunctionGraph.
    for (const definition of definitions) {
      handlers.set(definition.name, stageFunction(definition, { env: runtimeEnv, write: logs.write }));
    }
  });
  afterAll(async () => env.close());

  it('onboards, rotates and fails on purpose without writing material, SK, security token, token or wrapped material', async () => {
    // Prepare: two materials, stored the two ways CSMS holds them.
    const first = randomMaterial();
    const second = randomMaterial();
    await env.createSecret('leak-key', { secretBinary: first.toString('base64') });

    // Act: onboard through create-key and the FunctionGraph chain.
    const created = await deliver(StageName.CreateKey, { alias: 'leak', secret: { name: 'leak-key' } });
    const imported = await drain();
    const firstKey = created.key_id!;
    const before = await env.keys.encryptData('alias/leak', new SecretValue('before rotation'));
    // Rotation: a new version, announced by CSMS through SMN.
    const v2 = await env.createSecret('leak-key', { secretString: second.toString('hex') });
    const rotated = await deliver(StageName.OnEvent, smnEvent(versionCreated('leak-key', v2)));
    await drain();
    // Failures on purpose: an enabled key is not recovered, an unknown key has no parameters.
    const refused = await deliver(StageName.OnEvent, { action: 'recover', key_id: firstKey });
    const unknown = await deliver(StageName.FetchParameters, { key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f' });

    // Assess: the work was done.
    expect(created).toMatchObject({ ok: true, stage: 'create-key' });
    expect(imported).toMatchObject({ ok: true, stage: 'import-material', key_id: firstKey, state: 'Enabled' });
    expect(rotated).toMatchObject({ ok: true, stage: 'on-event', tasks: [{ aliases: [{ old_key_id: firstKey, outcome: 'rotated' }] }] });
    expect((await env.keys.describeKey('alias/leak')).keyId).not.toBe(firstKey);
    expect((await env.keys.decryptData(before.cipherText)).plainText.reveal()).toBe('before rotation');
    expect(refused).toMatchObject({ ok: false, error: { code: 'BYOK.NOT_PENDING_IMPORT' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'KMS.0207' } });
    expect(dispatched.map((e) => Object.keys(e).sort().join(','))).toEqual([
      'correlation_id,key_id',
      'correlation_id,import_token,key_id,params_expire_at,public_key,refetch,wrapping_algorithm',
      'correlation_id,encrypted_key_material,expiration_time,fingerprint,import_token,key_id,refetch',
    ]);
    expect(logs.lines.length).toBeGreaterThan(20);

    // Assess: nothing secret anywhere.
    const everywhere = [...logs.lines, ...raw, ...answers, ...dispatched.map((e) => JSON.stringify(e))].join('\n');
    const secrets = [...encodings(first), ...encodings(second), credentials.sk, credentials.securityToken, env.emu.sk];
    for (const secret of secrets) expect(everywhere.includes(secret), 'a material, SK or security token was written').toBe(false);
    const travelling = dispatched.flatMap((e) => [e['import_token'], e['encrypted_key_material']]).filter((v): v is string => typeof v === 'string');
    expect(travelling).toHaveLength(3);
    const notEvents = [...logs.lines, ...raw, ...answers].join('\n');
    for (const value of travelling) expect(notEvents.includes(value), 'an import token or wrapped material was written').toBe(false);
    // Tokens and wrapped material of the rotation's in-process chain are never seen here; no long base64 run is.
    expect(notEvents).not.toMatch(/[A-Za-z0-9+/]{100,}/);
  });
});
