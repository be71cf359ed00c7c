/**
 * The Lambda functions (functions/aws/) against the AWS model, each stage in its own "function": events travel
 * through Lambda Invoke (InvocationType Event) into the model's queue and run when it drains. Covers onboarding
 * through on-event, recovery on the EventBridge expiration event, the AWS rotation, the renewal handler's options,
 * and a scan of everything the functions wrote and answered for material, tokens and wrapped material.
 */
// First: it switches the SDK's Node-version warning off before the handler modules build their clients.
import { FAST_CALLER, randomMaterial, startAwsEnv } from './awsEnv.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsStages } from '../../lib/aws/awsStages.js';
import { LambdaDispatcher, resolveFunctionNames } from '../../lib/aws/LambdaDispatcher.js';
import { AwsCaller } from '../../lib/aws/AwsCaller.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { StageName } from '../../lib/ports/index.js';
import { awsRenewExpiringFunction } from '../../functions/aws/renew-expiring.js';
import { awsStageFunction } from '../../functions/aws/runtime.js';
import type { AwsRuntimeOptions } from '../../functions/aws/runtime.js';
import { captureLines } from '../helpers/fgContext.js';
import type { CapturedLines } from '../helpers/fgContext.js';
import type { AwsEnv } from './awsEnv.js';
import { lambdaContext } from './lambdaContext.js';
import { LambdaClient } from '@aws-sdk/client-lambda';

const DAY_MS = 86_400_000;
const STAGES = [StageName.CreateKey, StageName.FetchParameters, StageName.WrapMaterial, StageName.ImportMaterial, StageName.OnEvent] as const;
const fnName = (stage: string): string => `byok-keeper-test-${stage}`;

/** Every stage as a Lambda function of the model, wired to each other through BYOK_FN_<STAGE>. */
function deployStages(env: AwsEnv, logs: CapturedLines): Record<string, (event: unknown) => Promise<unknown>> {
  const vars = Object.fromEntries(STAGES.map((s) => [`BYOK_FN_${s.toUpperCase().replace(/-/g, '_')}`, fnName(s)]));
  const options: AwsRuntimeOptions = { env: { AWS_REGION: 'eu-west-1', BYOK_AWS_WRAPPING_KEY_SPEC: 'RSA_2048', ...vars }, write: logs.write, now: () => env.model.now(), caller: FAST_CALLER };
  const handlers: Record<string, (event: unknown) => Promise<unknown>> = {};
  for (const stage of STAGES) {
    const handler = stage === StageName.OnEvent ? awsStageFunction(awsStages.onEvent(), options) : awsStageFunction(awsStages[stage] as never, options);
    handlers[stage] = (event) => handler(event, lambdaContext(fnName(stage)));
    env.model.lambda.define(fnName(stage), handlers[stage]);
  }
  return handlers;
}

describe('Lambda functions on the AWS model', () => {
  let env: AwsEnv;
  let logs: CapturedLines;
  let fn: Record<string, (event: unknown) => Promise<unknown>>;
  beforeEach(() => {
    env = startAwsEnv();
    logs = captureLines();
    fn = deployStages(env, logs);
  });
  afterEach(() => env.close());

  it('onboards through on-event: each stage in its own function, handed on by Lambda async invoke', async () => {
    // Prepare
    await env.putSecret('app-key', randomMaterial());

    // Act
    const first = await fn[StageName.OnEvent]!({ action: 'onboard', alias: 'app', secret: { name: 'app-key' }, ttl: '30d' });
    const rest = await env.model.lambda.drain();

    // Assess
    expect(first).toMatchObject({ ok: true, stage: 'on-event', outcome: 'onboard' });
    expect(env.model.lambda.invoked.map((i) => i.functionName)).toEqual([fnName('fetch-parameters'), fnName('wrap-material'), fnName('import-material')]);
    expect(env.model.callsOf('Invoke').every((c) => c.input['InvocationType'] === 'Event')).toBe(true);
    expect(rest.at(-1)).toMatchObject({ ok: true, stage: 'import-material', state: 'Enabled' });
    const dispatched = logs.records().filter((r) => r['event'] === 'stage.dispatched');
    expect(dispatched.map((r) => r['function_name'])).toEqual(env.model.lambda.invoked.map((i) => i.functionName));
    expect(dispatched[0]).toMatchObject({ stage: 'fetch-parameters', lambda_request_id: expect.stringMatching(/^model-invoke-/) });
    expect(logs.records().filter((r) => r['event'] === 'invoke.start').every((r) => typeof r['request_id'] === 'string')).toBe(true);
  });

  it('recovers a key on the EventBridge expiration event; leaves keys it does not manage alone', async () => {
    // Prepare
    const { keyId } = await env.onboard({ alias: 'exp', ttl: '1d' });
    const { keyId: foreign } = await env.keys.createExternalKey({ name: 'foreign-v1', keySpec: 'AES_256' });
    env.model.advance(1 * DAY_MS + 1);
    await env.keys.describeKey(keyId);
    const expired = env.model.kms.expirations.find((e) => e.keyId === keyId)!;
    const event = (id: string) => ({ version: '0', id: 'e1', 'detail-type': 'KMS Imported Key Material Expiration', source: 'aws.kms', account: '111122223333', time: expired.at.toISOString(), region: 'eu-west-1', resources: [`arn:aws:kms:eu-west-1:111122223333:key/${id}`], detail: { 'key-id': id, 'key-material-id': expired.materialId } });

    // Act
    const answered = await fn[StageName.OnEvent]!(event(keyId));
    await env.model.lambda.drain();
    const again = await fn[StageName.OnEvent]!(event(keyId));
    const ignored = await fn[StageName.OnEvent]!(event(foreign));

    // Assess
    expect(answered).toMatchObject({ ok: true, source: 'eventbridge', outcome: 'recover', tasks: [{ action: 'recover', state: 'PendingImport' }] });
    expect((await env.keys.describeKey(keyId)).keyState).toBe('Enabled');
    expect(again).toMatchObject({ ok: true, outcome: 'already-recovered' });
    expect(ignored).toMatchObject({ ok: true, outcome: 'not-managed' });
  });

  it('rotates on {"action":"rotate"}: new material on the same key, the alias unmoved, old ciphertext still readable', async () => {
    // Prepare
    const { keyId, secret } = await env.onboard({ alias: 'rot', ttl: '30d' });
    const before = await env.keys.encryptData(keyId, new SecretValue('old data'));
    const v2 = await env.putSecret(secret, randomMaterial());

    // Act
    const answered = await fn[StageName.OnEvent]!({ action: 'rotate', alias: 'rot' });
    const again = await fn[StageName.OnEvent]!({ action: 'rotate', alias: 'rot' });

    // Assess
    expect(answered).toMatchObject({ ok: true, outcome: 'rotate', tasks: [{ action: 'rotate', key_id: keyId, aliases: [{ alias: 'rot', old_key_id: keyId, new_key_id: keyId, version: v2, outcome: 'rotated' }] }] });
    expect(again).toMatchObject({ tasks: [{ aliases: [{ outcome: 'already-rotated' }] }] });
    const key = env.model.kms.keys.get(keyId)!;
    expect(key.materials.map((m) => m.state)).toEqual(['NON_CURRENT', 'CURRENT']);
    expect(key.tags.get('byok:version')).toBe(v2);
    expect(env.model.kms.aliases.get('alias/rot')?.keyId).toBe(keyId);
    expect(env.model.kms.keys.size).toBe(1);
    expect((await env.keys.decryptData(before.cipherText)).plainText.reveal()).toBe('old data');
    expect(env.model.callsOf('RotateKeyOnDemand')).toHaveLength(1);
  });

  it('refuses an onboarding whose ttl AWS cannot honour before any key is made', async () => {
    await env.putSecret('long-key', randomMaterial());
    const answered = await fn[StageName.OnEvent]!({ action: 'onboard', alias: 'long', secret: { name: 'long-key' }, ttl: '400d' });
    const direct = await fn[StageName.CreateKey]!({ alias: 'long', secret: { name: 'long-key' }, ttl: '400d' });
    expect(answered).toMatchObject({ ok: false, error: { code: 'BYOK.CONFIG', message: expect.stringMatching(/365 days/) } });
    expect(direct).toMatchObject({ ok: false, error: { code: 'BYOK.CONFIG' } });
    expect(env.model.callsOf('CreateKey')).toHaveLength(0);
  });

  it('renew-expiring: EventBridge\'s Scheduled Event means the defaults; delete-first is a failure event; nothing leaks', async () => {
    // Prepare
    const { keyId, material } = await env.onboard({ alias: 'tick', ttl: '3d' });
    env.model.advance(2.5 * DAY_MS);
    const handler = awsRenewExpiringFunction({ env: { AWS_REGION: 'eu-west-1' }, write: logs.write, now: () => env.model.now(), caller: FAST_CALLER });
    const scheduled = { version: '0', id: 's1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111122223333', time: '2026-03-03T12:00:00Z', region: 'eu-west-1', resources: [], detail: {} };

    // Act
    const refused = await handler({ mode: 'delete-first' }, lambdaContext('byok-keeper-test-renew-expiring'));
    const swept = await handler(scheduled, lambdaContext('byok-keeper-test-renew-expiring'));

    // Assess
    expect(refused).toMatchObject({ ok: false, error: { code: 'BYOK.CONFIG', message: expect.stringMatching(/delete-first is not available on AWS/) } });
    expect(swept).toMatchObject({ ok: true, summary: { renewed: 1, failed: 0, mode: 'in-place' } });
    expect(env.model.kms.keys.get(keyId)!.materials[0]!.validTo!.getTime()).toBe(env.model.now().getTime() + 3 * DAY_MS);
    const text = logs.text() + JSON.stringify([refused, swept]);
    const tokens = env.model.callsOf('ImportKeyMaterial').map((c) => Buffer.from(c.input['ImportToken'] as Uint8Array).toString('base64'));
    const wrapped = env.model.callsOf('ImportKeyMaterial').map((c) => Buffer.from(c.input['EncryptedKeyMaterial'] as Uint8Array).toString('base64'));
    for (const secret of [material.toString('base64'), material.toString('hex'), ...tokens.map((t) => t.slice(0, 40)), ...wrapped.map((w) => w.slice(0, 40))]) expect(text).not.toContain(secret);
  });
});

describe('LambdaDispatcher', () => {
  let env: AwsEnv;
  beforeEach(() => {
    env = startAwsEnv();
  });
  afterEach(() => env.close());

  it('names the variable to set for a stage without a function, and refuses malformed names without echoing them', async () => {
    const dispatcher = new LambdaDispatcher({ lambda: new LambdaClient({ region: 'eu-west-1' }), caller: new AwsCaller(FAST_CALLER), functionNames: {} });
    await expect(dispatcher.dispatch(StageName.FetchParameters, { key_id: 'x' })).rejects.toThrow(/set BYOK_FN_FETCH_PARAMETERS/);
    expect(() => resolveFunctionNames({ BYOK_FN_WRAP_MATERIAL: 'not a name; secret=abc' })).toThrow(/BYOK_FN_WRAP_MATERIAL is neither/);
    expect(() => resolveFunctionNames({ BYOK_FN_WRAP_MATERIAL: 'not a name; secret=abc' })).not.toThrow(/secret=abc/);
    expect(resolveFunctionNames({ BYOK_FN_ON_EVENT: 'arn:aws:lambda:eu-west-1:111122223333:function:byok-on-event:live' })).toEqual({ 'on-event': 'arn:aws:lambda:eu-west-1:111122223333:function:byok-on-event:live' });
  });

  it('never sends plaintext: an event with a field the stage guard forbids is refused before Invoke', async () => {
    env.model.lambda.define('f');
    const dispatcher = new LambdaDispatcher({ lambda: new LambdaClient({ region: 'eu-west-1' }), caller: new AwsCaller(FAST_CALLER), functionNames: { 'wrap-material': 'f' } });
    await expect(dispatcher.dispatch(StageName.WrapMaterial, { key_id: 'x', plaintext: 'secret' })).rejects.toMatchObject({ name: 'StageEventRejectedError' });
    expect(env.model.callsOf('Invoke')).toHaveLength(0);
  });
});
