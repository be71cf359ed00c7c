/**
 * The deployed functions reached only the ways the cloud reaches them: `serverless deploy --stage test` onto an
 * embedded cloud that hands user data to functions through `context.getUserData` ONLY (switch
 * `fgs_user_data_env: omit`), then CSMS → SMN → on-event (rotation), KMS → CTS → on-event (a hand-made key), a
 * stage whose code throws → the failure destination, a second deploy, and remove. Nothing but the first onboard
 * is invoked by hand. ~35 s: package and four deploys ~20 s, the functions ~15 s.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionTriggerRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/CreateFunctionTriggerRequest.js';
import { InvokeFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/InvokeFunctionRequest.js';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { deployFunction, drainFunctions, functionLog, handlerZip } from '../helpers/fgs.js';
import { deployedCloud } from './deployedCloud.js';
import type { DeployedCloud } from './deployedCloud.js';

type Wire = Record<string, any>;

const FUNCTION_KEYS = ['create-key', 'fetch-parameters', 'wrap-material', 'import-material', 'on-event', 'renew-expiring'];

describe('Deployed: events reach the functions through SMN, CTS and the failure destination', () => {
  let cloud: DeployedCloud;
  const materials: Buffer[] = [];

  const topic = (name: string): string => `urn:smn:${cloud.emu.region}:${cloud.emu.projectId}:${name}`;
  const invocations = async (key: string): Promise<Wire[]> =>
    (await cloud.emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(cloud.urn(key))}`)).body.invocations;
  const material = (): Buffer => {
    const bytes = randomBytes(32);
    materials.push(bytes);
    return bytes;
  };
  const tagsOf = async (keyId: string): Promise<Record<string, string>> =>
    Object.fromEntries((await cloud.keys.showKeyTags(keyId)).map((t) => [t.key, t.value]));
  const drain = (): Promise<void> => drainFunctions(cloud.emu, 120);

  beforeAll(async () => {
    cloud = await deployedCloud({
      stage: 'test',
      emulator: { clock: 'real' },
      beforeDeploy: (emu) => emu.setConfig({ fgs_user_data_env: 'omit' }),
    });
  }, 120_000);
  afterAll(async () => cloud?.close());

  it('a second deploy with nothing changed writes nothing and says so', async () => {
    const again = await cloud.sls('deploy', '--package', cloud.packageDir);
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).toContain('Nothing changed: FunctionGraph already matches serverless.yml (no code uploaded).');
  }, 60_000);

  it('gives the functions their settings through getUserData only, and the stages still hand on by async invoke', async () => {
    // Prepare: a probe shows what a function of this cloud sees.
    const probe = await deployFunction(cloud.fgs, {
      name: 'userdata-probe',
      userData: { BYOK_PROBE: 'from-user-data' },
      code: handlerZip('return { env: process.env.BYOK_PROBE ?? null, all: process.env.RUNTIME_USERDATA ?? null, userData: context.getUserData("BYOK_PROBE") ?? null };'),
    });
    await cloud.csms.createSecret({ name: 'rot-key', secretBinary: material().toString('base64'), eventSubscriptions: ['byok-rotation'] });

    // Act
    const seen = (await cloud.fgs.invokeFunction(new InvokeFunctionRequest().withFunctionUrn(probe).withBody({} as never))) as unknown as Wire;
    await cloud.onEvent.dispatch('on-event', { action: 'onboard', alias: 'rot', secret: { name: 'rot-key' }, ttl: '30d' });
    await drain();

    // Assess: BYOK_FN_URN_*, BYOK_FGS_ENDPOINT and BYOK_KMS_ENDPOINT exist only as user data, yet each stage ran as its
    // own function (read from the environment alone, on-event would have run the whole chain in its own invocation).
    expect(JSON.parse(seen.result as string)).toEqual({ env: null, all: null, userData: 'from-user-data' });
    for (const key of ['fetch-parameters', 'wrap-material', 'import-material']) {
      expect((await invocations(key)).map((run) => run.state), key).toEqual(['succeeded']);
    }
    // on-event also heard create-key's CTS trace, and left that key to create-key.
    expect((await invocations('on-event')).map((run) => [run.body.action ?? run.body.cts?.trace_name, run.state])).toEqual([
      ['onboard', 'succeeded'],
      ['createKey', 'succeeded'],
    ]);
    const keyId = (await cloud.keys.resolveAlias('rot'))!;
    expect((await cloud.keys.describeKey(keyId)).keyState).toBe('Enabled');
  }, 60_000);

  it('a new secret version created in CSMS reaches on-event through SMN and rotates the key: new key, alias moved', async () => {
    // Prepare: CSMS publishes the secret's version events to the topic on-event's SMN trigger listens on.
    const event = await cloud.emu.request('POST', '/v1/{project_id}/csms/events', {
      name: 'byok-rotation',
      event_types: ['SECRET_VERSION_CREATED'],
      state: 'ENABLED',
      notification: { target_type: 'SMN', target_id: topic('byok-secret-events'), target_name: 'byok-secret-events' },
    });
    expect(event.status).toBe(200);
    const oldKey = (await cloud.keys.resolveAlias('rot'))!;
    const before = (await cloud.keys.encryptData('alias/rot', new SecretValue('written before the rotation'))).cipherText;
    const onEventRuns = (await invocations('on-event')).length;

    // Act: only CSMS is called; everything after it is the cloud's doing.
    const version = await cloud.csms.createSecretVersion('rot-key', { secretString: material().toString('hex') });
    await drain();

    // Assess
    const runs = (await invocations('on-event')).slice(onEventRuns);
    expect(runs.map((run) => [run.body.record?.[0]?.event_source ?? run.body.cts?.trace_name, run.state])).toEqual([
      ['smn', 'succeeded'],
      ['createKey', 'succeeded'],
    ]);
    const newKey = (await cloud.keys.resolveAlias('rot'))!;
    expect(newKey).not.toBe(oldKey);
    expect((await cloud.keys.describeKey(newKey)).keyState).toBe('Enabled');
    expect(await tagsOf(newKey)).toMatchObject({ 'byok:managed': 'true', 'byok:version': version.id, 'byok:alias': 'rot' });
    expect(await tagsOf(oldKey)).toMatchObject({ 'byok:successor': newKey });
    expect((await cloud.keys.decryptData(before)).plainText.reveal()).toBe('written before the rotation');
  }, 60_000);

  it('a key made by hand as external with byok:secret reaches on-event through CTS and gets its material', async () => {
    // Prepare
    await cloud.csms.createSecret({ name: 'hand-key', secretString: material().toString('base64') });

    // Act: create-key is traced by CTS; the tag is set at once (the function needs its cold start first).
    const { keyId } = await cloud.kms.createKey({ keyAlias: 'handmade', origin: 'external', keySpec: 'AES_256' });
    await cloud.keys.putKeyTags(keyId, [{ key: 'byok:secret', value: 'hand-key' }]);
    await drain();

    // Assess
    const traced = (await invocations('on-event')).filter((run) => run.body.cts?.resource_id === keyId);
    expect(traced.map((run) => [run.body.cts.trace_name, run.state])).toEqual([['createKey', 'succeeded']]);
    expect((await cloud.keys.describeKey(keyId)).keyState).toBe('Enabled');
    expect(await tagsOf(keyId)).toMatchObject({ 'byok:managed': 'true', 'byok:secret': 'hand-key', 'byok:version': 'v1' });
    expect((await tagsOf(keyId))['byok:fp']).toMatch(/\S/);
  }, 60_000);

  it('a stage whose code throws lands on the failure destination with FunctionGraph’s destination payload', async () => {
    // Prepare: the real fetch-parameters bundle with a dependency that is missing from its zip, deployed as a new
    // package; an SMN-triggered probe on the alert topic records what reaches it.
    const broken = mkdtempSync(join(tmpdir(), 'byok-e2e-broken-'));
    cpSync(cloud.packageDir, broken, { recursive: true });
    const entries = unzipSync(readFileSync(join(broken, 'fetch-parameters.zip')));
    entries['index.js'] = strToU8(`require('./native-helper.js');\n${strFromU8(entries['index.js']!)}`);
    const zip = Buffer.from(zipSync(entries));
    writeFileSync(join(broken, 'fetch-parameters.zip'), zip);
    const manifestFile = join(broken, 'huaweicloud-manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Wire;
    manifest['fetch-parameters'] = { ...manifest['fetch-parameters'], sha256: createHash('sha256').update(zip).digest('hex'), bytes: zip.length };
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const deployed = await cloud.sls('deploy', '--package', broken);
    rmSync(broken, { recursive: true, force: true });
    expect(deployed.code, deployed.output).toBe(0);
    expect(deployed.stdout).toMatch(/fetch-parameters +function byok-keeper-test-fetch-parameters code updated\n/);
    const alerts = await deployFunction(cloud.fgs, { name: 'alerts-probe', code: handlerZip('return event.record.length;') });
    const trigger = (await cloud.fgs.createFunctionTrigger(
      new CreateFunctionTriggerRequest().withFunctionUrn(alerts).withBody({ trigger_type_code: 'SMN', trigger_status: 'ACTIVE', event_data: { topic_urn: topic('byok-keeper-alerts') } } as never),
    )) as unknown as Wire;
    expect(trigger.httpStatusCode).toBe(201);
    await cloud.csms.createSecret({ name: 'fail-key', secretBinary: material().toString('base64') });

    // Act: on-event onboards; create-key hands the key to fetch-parameters, which cannot even load.
    await cloud.onEvent.dispatch('on-event', { action: 'onboard', alias: 'fail', secret: { name: 'fail-key' } });
    await drain();

    // Assess
    const failed = (await invocations('fetch-parameters')).at(-1)!;
    expect(failed).toMatchObject({ state: 'failed', attempts: 3 });
    const delivered = (await cloud.emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(alerts)}`)).body.invocations as Wire[];
    expect(delivered).toHaveLength(1);
    const payload = JSON.parse(delivered[0]!.body.record[0].smn.message) as Wire;
    const keyId = (await cloud.keys.resolveAlias('fail'))!;
    expect(payload).toEqual({
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      request_context: { request_id: failed.request_id, function_urn: cloud.urn('fetch-parameters'), condition: 'RetriesExhausted', approximate_invoke_count: 3 },
      request_payload: expect.any(String),
      response_context: { status_code: 200, function_error: expect.stringMatching(/^Error: Cannot find module '\.\/native-helper\.js'/) },
      response_payload: expect.any(String),
    });
    expect(JSON.parse(payload.request_payload)).toEqual({ key_id: keyId, correlation_id: expect.any(String) });
    expect(JSON.parse(payload.response_payload)).toMatchObject({ errorType: 'Error', errorMessage: expect.stringContaining('native-helper') });
    expect((await cloud.keys.describeKey(keyId)).keyState).toBe('PendingImport');

    // The good package goes back: only that function's code changes.
    const restored = await cloud.sls('deploy', '--package', cloud.packageDir);
    expect(restored.stdout).toMatch(/fetch-parameters +function byok-keeper-test-fetch-parameters code updated\n/);
    expect(restored.stdout).toContain('1 change made.');
  }, 90_000);

  it('never writes key material or the secret key to a function log or the deploy output', async () => {
    const logs = await Promise.all(FUNCTION_KEYS.map((key) => functionLog(cloud.emu, cloud.name(key))));
    const text = [...logs.flat(), ...cloud.outputs].join('\n');
    expect(logs.flat().length).toBeGreaterThan(20);
    expect(text).not.toContain(cloud.emu.sk);
    for (const bytes of materials) for (const encoding of ['hex', 'base64', 'base64url'] as const) expect(text).not.toContain(bytes.toString(encoding));
  });

  it('serverless remove deletes the stage’s functions and nothing else', async () => {
    const removed = await cloud.sls('remove');
    expect(removed.code, removed.output).toBe(0);
    const listed = (await cloud.emu.request('GET', '/v2/{project_id}/fgs/functions')).body.functions as Wire[];
    expect(listed.map((f) => f.func_name).sort()).toEqual(['alerts-probe', 'userdata-probe']);
  }, 60_000);
});
