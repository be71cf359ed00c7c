/**
 * `serverless deploy | info | invoke | remove` with the FunctionGraph provider plugin against the embedded cloud's
 * FunctionGraph, read back through the OFFICIAL FunctionGraph client. The package is built once; every command is
 * an osls child process (~3 s each, about 12 of them: ~45 s for the file, plus the functions the emulator runs).
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionGraphClient } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { deployFunction, drainFunctions, fgsClient, handlerZip } from '../helpers/fgs.js';
import { FUNCTION_KEYS } from './plugin.js';
import { runSls } from './sls.js';
import type { SlsResult } from './sls.js';

type Wire = Record<string, any>;

const STAGE_KEYS = ['create-key', 'fetch-parameters', 'wrap-material', 'import-material', 'on-event'];

describe('Commands: serverless deploy, info, invoke, remove (FunctionGraph on the embedded cloud)', () => {
  let emu: TestEmulator;
  let client: FunctionGraphClient;
  let outDir: string;
  const outputs: string[] = [];

  /** osls with the emulator's credentials in the environment, as a person would set them. */
  const sls = async (...args: string[]): Promise<SlsResult> => {
    const result = await runSls(args, {
      env: {
        HUAWEICLOUD_SDK_AK: emu.ak,
        HUAWEICLOUD_SDK_SK: emu.sk,
        HUAWEICLOUD_SDK_PROJECT_ID: emu.projectId,
        BYOK_REGION: emu.region,
        BYOK_FGS_ENDPOINT: emu.endpoint,
        BYOK_KMS_ENDPOINT: emu.endpoint,
        BYOK_LOG_LEVEL: 'warn',
      },
    });
    outputs.push(result.output);
    return result;
  };
  const call = async (operation: string, request: Wire): Promise<Wire> => {
    const res = (await (client as unknown as Record<string, (r: Wire) => Promise<Wire>>)[operation]!(request)) as Wire;
    return res;
  };
  const ours = async (stage = 'dev'): Promise<Map<string, Wire>> => {
    const listed = await call('listFunctions', { package_name: 'default' });
    const prefix = `byok-keeper-${stage}-`;
    return new Map((listed['functions'] as Wire[]).filter((f) => String(f['func_name']).startsWith(prefix)).map((f) => [String(f['func_name']).slice(prefix.length), f]));
  };
  // The SDK answers a JSON array with `httpStatusCode` set on the array itself; keep the elements.
  const triggersOf = async (urn: string): Promise<Wire[]> => [...((await call('listFunctionTriggers', { function_urn: urn })) as unknown as Wire[])];

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'real' });
    client = fgsClient(emu);
    outDir = mkdtempSync(join(tmpdir(), 'byok-deploy-'));
    const packaged = await runSls(['package', '--package', outDir]);
    if (packaged.code !== 0) throw new Error(`package failed: ${packaged.output}`);
  }, 120_000);
  afterAll(async () => {
    await emu.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('deploy creates every function with its configuration, the stage URNs as user data, async settings and triggers', async () => {
    // Act
    const result = await sls('deploy', '--package', outDir);

    // Assess
    expect(result.code, result.output).toBe(0);
    for (const key of FUNCTION_KEYS) expect(result.stdout).toMatch(new RegExp(`${key} +function byok-keeper-dev-${key} created`));
    const functions = await ours();
    expect([...functions.keys()].sort()).toEqual([...FUNCTION_KEYS].sort());
    // The listing names a function without its version; deploy hands the stages each other's `:latest`.
    const urnOf = (key: string): string => `${String(functions.get(key)!['func_urn']).replace(/:latest$/, '')}:latest`;
    for (const key of FUNCTION_KEYS) {
      const config = await call('showFunctionConfig', { function_urn: urnOf(key) });
      expect(config).toMatchObject({ runtime: 'Node.js20.15', handler: 'index.handler', app_xrole: 'byok-keeper-functions', memory_size: 256 });
      expect(config['timeout']).toBe(key === 'renew-expiring' ? 900 : 60);
      const userData = JSON.parse(String(config['user_data'])) as Record<string, string>;
      for (const stage of STAGE_KEYS) expect(userData[`BYOK_FN_URN_${stage.toUpperCase().replace(/-/g, '_')}`]).toBe(urnOf(stage));
      expect(userData).toMatchObject({ BYOK_REGION: emu.region, BYOK_KMS_ENDPOINT: emu.endpoint, BYOK_FGS_ENDPOINT: emu.endpoint });
    }
    const timers = await triggersOf(urnOf('renew-expiring'));
    expect(timers).toEqual([
      expect.objectContaining({
        trigger_type_code: 'TIMER',
        trigger_status: 'ACTIVE',
        event_data: expect.objectContaining({ name: 'renew-expiring', schedule_type: 'Rate', schedule: '1h', user_event: '{"mode":"auto"}' }),
      }),
    ]);
    const onEvent = await triggersOf(urnOf('on-event'));
    expect(onEvent.map((t) => [t['trigger_type_code'], t['event_data']['topic_urn'] ?? t['event_data']['name']]).sort()).toEqual([
      ['CTS', 'byok-kms-events'],
      ['SMN', `urn:smn:${emu.region}:${emu.projectId}:byok-secret-events`],
    ]);
    const fetchAsync = await call('showFunctionAsyncInvokeConfig', { function_urn: urnOf('fetch-parameters') });
    expect(fetchAsync).toMatchObject({ max_async_retry_attempts: 2, max_async_event_age_in_seconds: 3600 });
    expect(fetchAsync['destination_config']['on_failure']['destination']).toBe('SMN');
    expect(JSON.parse(fetchAsync['destination_config']['on_failure']['param'])).toEqual({ topic_urn: `urn:smn:${emu.region}:${emu.projectId}:byok-keeper-alerts` });
    // The stages whose events hold an import token fail over to on-event, never to a topic.
    for (const stage of ['wrap-material', 'import-material']) {
      const failover = (await call('showFunctionAsyncInvokeConfig', { function_urn: urnOf(stage) }))['destination_config']['on_failure'];
      expect(failover['destination']).toBe('FunctionGraph');
      expect(JSON.parse(failover['param'])).toEqual({ func_urn: urnOf('on-event') });
    }
  }, 60_000);

  it('a second deploy with nothing changed uploads no code, changes nothing and says so', async () => {
    // Prepare
    const before = await ours();

    // Act
    const result = await sls('deploy', '--package', outDir);

    // Assess
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('Nothing changed: FunctionGraph already matches serverless.yml (no code uploaded).');
    expect(result.stdout).not.toMatch(/created|updated|replaced|deleted/);
    const after = await ours();
    for (const key of FUNCTION_KEYS) expect(after.get(key)!['last_modified']).toBe(before.get(key)!['last_modified']);
  }, 60_000);

  it('a changed setting updates only what changed', async () => {
    // Act
    const result = await sls('deploy', '--package', outDir, '--param=renewRate=30m');

    // Assess
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('trigger TIMER renew-expiring replaced (event data changed)');
    expect(result.stdout).toContain('1 change made.');
    const timers = await triggersOf(String((await ours()).get('renew-expiring')!['func_urn']));
    expect(timers.map((t) => t['event_data']['schedule'])).toEqual(['30m']);
  }, 60_000);

  it('info lists the functions with their code digests and triggers', async () => {
    // Act
    const result = await sls('info', '--param=renewRate=30m');

    // Assess
    expect(result.code, result.output).toBe(0);
    const functions = await ours();
    for (const key of FUNCTION_KEYS) {
      const codeName = String(functions.get(key)!['code_filename']);
      expect(result.stdout).toContain(`byok-keeper-dev-${key}  Node.js20.15`);
      expect(result.stdout).toContain(`code sha256 ${codeName.slice('index-'.length, 'index-'.length + 12)}`);
    }
    expect(result.stdout).toContain('trigger TIMER ACTIVE renew-expiring Rate 30m');
    expect(result.stdout).toContain(`trigger SMN ACTIVE urn:smn:${emu.region}:${emu.projectId}:byok-secret-events`);
  }, 60_000);

  it('invoke runs a function synchronously and prints its answer; the stages it hands on to run deployed', async () => {
    // Prepare
    const secret = await emu.request('POST', '/v1/{project_id}/secrets', { name: 'deployed-key', secret_binary: Buffer.alloc(32, 9).toString('base64') });
    expect(secret.status).toBe(200);

    // Act
    const result = await sls('invoke', '-f', 'create-key', '--data', '{"alias":"deployed","secret":{"name":"deployed-key"}}');
    await drainFunctions(emu);

    // Assess
    expect(result.code, result.output).toBe(0);
    const answer = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'), result.stdout.lastIndexOf('}') + 1)) as Wire;
    expect(answer).toMatchObject({ ok: true, stage: 'create-key', alias: 'deployed' });
    const key = await emu.request('POST', '/v1.0/{project_id}/kms/describe-key', { key_id: answer['key_id'] });
    expect(key.body.key_info).toMatchObject({ key_state: '2', origin: 'external' });
    const runs = (await emu.request('GET', '/_emulator/fgs/invocations')).body.invocations as Wire[];
    const ran = (name: string): Wire[] => runs.filter((r) => String(r['function_urn']).includes(`:byok-keeper-dev-${name}:`));
    for (const stage of ['fetch-parameters', 'wrap-material', 'import-material']) expect(ran(stage).map((r) => r['state']), stage).toEqual(['succeeded']);
  }, 90_000);

  it('invoke names the functions it knows when asked for another', async () => {
    const result = await sls('invoke', '-f', 'nope');
    expect(result.code).toBe(1);
    expect(result.output).toContain('no function nope in serverless.yml (functions: create-key, fetch-parameters');
  }, 60_000);

  it('new code for one function is uploaded for that function only', async () => {
    // Prepare: a package whose create-key zip holds other code (fetch-parameters').
    const changed = mkdtempSync(join(tmpdir(), 'byok-deploy-changed-'));
    cpSync(outDir, changed, { recursive: true });
    const manifestFile = join(changed, 'huaweicloud-manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, Wire>;
    copyFileSync(join(changed, 'fetch-parameters.zip'), join(changed, 'create-key.zip'));
    manifest['create-key'] = { ...manifest['fetch-parameters'], zip: 'create-key.zip' };
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const before = await ours();

    // Act
    const result = await sls('deploy', '--package', changed, '--param=renewRate=30m');
    rmSync(changed, { recursive: true, force: true });

    // Assess
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toMatch(/create-key +function byok-keeper-dev-create-key code updated\n/);
    expect(result.stdout).toContain('1 change made.');
    const after = await ours();
    expect(after.get('create-key')!['digest']).toBe(after.get('fetch-parameters')!['digest']);
    expect(after.get('create-key')!['digest']).not.toBe(before.get('create-key')!['digest']);
  }, 60_000);

  it('remove deletes what deploy made and nothing else', async () => {
    // Prepare: a function under the same prefix that deploy did not make.
    await deployFunction(client, { name: 'byok-keeper-dev-handmade', code: handlerZip('return 1;') });

    // Act
    const result = await sls('remove');

    // Assess
    expect(result.code, result.output).toBe(0);
    for (const key of FUNCTION_KEYS) expect(result.stdout).toContain(`function byok-keeper-dev-${key} deleted`);
    expect([...(await ours()).keys()]).toEqual(['handmade']);
    expect((await sls('remove')).stdout).toContain('Nothing to remove');
  }, 60_000);

  it('a deploy that failed halfway (FunctionGraph faults) is completed by the next one', async () => {
    // Prepare: seeded 5xx and connections dropped after the change was made, on FunctionGraph only. With seed 11 the
    // first fault is the 11th request: import-material's createFunction succeeds but its answer is dropped.
    const faults = await emu.request('POST', '/_emulator/faults', { seed: 11, error_rate: 0.1, drop_after_rate: 0.05, groups: ['fgs'] });
    expect(faults.status).toBe(200);

    // Act
    const failed = await sls('deploy', '--package', outDir, '--stage', 'half');
    const halfway = await ours('half');
    await emu.request('POST', '/_emulator/faults', { error_rate: 0, drop_after_rate: 0 });
    const completed = await sls('deploy', '--package', outDir, '--stage', 'half');

    // Assess
    expect(failed.code, failed.output).toBe(1);
    expect(failed.output).toMatch(/FunctionGraph \w+ (failed: FSS\.\d+ \(HTTP 5\d\d\)|did not answer)/);
    expect(halfway.size).toBeGreaterThan(0);
    expect(halfway.size).toBeLessThan(FUNCTION_KEYS.length);
    expect(completed.code, completed.output).toBe(0);
    const functions = await ours('half');
    expect([...functions.keys()].sort()).toEqual([...FUNCTION_KEYS].sort());
    expect(await triggersOf(String(functions.get('renew-expiring')!['func_urn']))).toHaveLength(1);
    expect(await triggersOf(String(functions.get('on-event')!['func_urn']))).toHaveLength(2);
    for (const key of ['create-key', 'fetch-parameters', 'wrap-material', 'import-material']) {
      const settings = await call('showFunctionAsyncInvokeConfig', { function_urn: String(functions.get(key)!['func_urn']) });
      expect(settings['httpStatusCode'], key).toBe(200);
    }
    expect((await sls('deploy', '--package', outDir, '--stage', 'half')).stdout).toContain('Nothing changed');
  }, 120_000);

  it('never prints the secret key', () => {
    expect(outputs.length).toBeGreaterThan(5);
    for (const output of outputs) expect(output).not.toContain(emu.sk);
  });
});
