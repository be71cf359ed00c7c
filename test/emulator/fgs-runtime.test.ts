import { AsyncInvokeFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/AsyncInvokeFunctionRequest.js';
import { InvokeFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/InvokeFunctionRequest.js';
import type { FunctionGraphClient } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { SIGN_JS, deployFunction, drainFunctions, fgsClient, functionLog, handlerZip } from '../helpers/fgs.js';

type Wire = Record<string, any>;
const DAY_S = 86_400;

describe('Emulator: FunctionGraph runs functions', () => {
  let emu: TestEmulator;
  let client: FunctionGraphClient;
  const invoke = async (urn: string, body: unknown = {}, tail = false): Promise<Wire> => {
    const request = new InvokeFunctionRequest().withFunctionUrn(urn).withBody(body as never);
    if (tail) request.withXCffLogType('tail');
    return (await client.invokeFunction(request)) as unknown as Wire;
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2031-05-06T07:08:09Z') });
    client = fgsClient(emu);
  });
  afterAll(async () => emu.close());

  it('runs a synchronous invocation and answers {request_id, result, log, status} with X-Cff-Request-Id', async () => {
    // Prepare
    const urn = await deployFunction(client, {
      name: 'echo',
      code: handlerZip(`console.log('got', JSON.stringify(event)); context.getLogger().info('logger line'); return { echoed: event };`),
    });
    // Act
    const res = await invoke(urn, { k: 'v' }, true);
    // Assess
    expect(res.httpStatusCode).toBe(200);
    expect(JSON.parse(res.result)).toEqual({ echoed: { k: 'v' } });
    expect(res.status).toBe(200);
    expect(res['X-Cff-Request-Id']).toBe(res.request_id);
    expect(res.log).toMatch(new RegExp(`Start invoke request '${res.request_id}'`));
    expect(res.log).toContain('got {"k":"v"}');
    expect(res.log).toMatch(new RegExp(`\\S+ ${res.request_id} INFO logger line`));
    expect(res.log).toMatch(/Finish invoke request '[^']+', duration: [\d.]+ms, billing duration: \d+ms, memory used: [\d.]+MB, billing memory: 128MB$/);
  });

  it('hands the handler a FunctionGraph context and environment', async () => {
    // Prepare
    const urn = await deployFunction(client, {
      name: 'ctx',
      timeout: 20,
      memorySize: 256,
      userData: { GREETING: 'hello', BYOK_KMS_ENDPOINT: 'http://127.0.0.1:1' },
      code: handlerZip(`return {
        requestId: context.getRequestID(), remaining: context.getRemainingTimeInMilliSeconds(),
        name: context.getFunctionName(), version: context.getVersion(), memory: context.getMemorySize(),
        cpu: context.getCPUNumber(), pkg: context.getPackage(), project: context.getProjectID(),
        running: context.getRunningTimeInSeconds(), greeting: context.getUserData('GREETING'), missing: context.getUserData('NOPE') ?? null,
        ak: context.getSecurityAccessKey(), sk: context.getSecuritySecretKey(), token: context.getSecurityToken(), iam: context.getToken(),
        env: { GREETING: process.env.GREETING, RUNTIME_FUNC_NAME: process.env.RUNTIME_FUNC_NAME, RUNTIME_PROJECT_ID: process.env.RUNTIME_PROJECT_ID,
          RUNTIME_TIMEOUT: process.env.RUNTIME_TIMEOUT, RUNTIME_MEMORY: process.env.RUNTIME_MEMORY, RUNTIME_USERDATA: process.env.RUNTIME_USERDATA,
          HUAWEICLOUD_SDK_SK: process.env.HUAWEICLOUD_SDK_SK ?? null, clockVariables: Object.keys(process.env).filter((k) => k.includes('CLOCK')) },
      };`),
    });
    // Act
    const res = await invoke(urn);
    const out = JSON.parse(res.result);
    // Assess
    expect(out).toMatchObject({
      requestId: res.request_id,
      name: 'ctx',
      version: 'latest',
      memory: 256,
      cpu: 600,
      pkg: 'default',
      project: emu.projectId,
      running: 20,
      greeting: 'hello',
      missing: null,
      ak: '',
      sk: '',
      token: '',
      iam: '',
      env: { GREETING: 'hello', RUNTIME_FUNC_NAME: 'ctx', RUNTIME_PROJECT_ID: emu.projectId, RUNTIME_TIMEOUT: '20', RUNTIME_MEMORY: '256', HUAWEICLOUD_SDK_SK: null, clockVariables: [] },
    });
    expect(JSON.parse(out.env.RUNTIME_USERDATA)).toEqual({ GREETING: 'hello', BYOK_KMS_ENDPOINT: 'http://127.0.0.1:1' });
    expect(out.remaining).toBeGreaterThan(15_000);
    expect(out.remaining).toBeLessThanOrEqual(20_000);
  });

  it('gives a function with an agency temporary credentials that work against the emulator (KMS, FunctionGraph)', async () => {
    // Prepare: the function calls KMS create-key and then invokes another function asynchronously, as a
    // deployed byok stage does, reaching the emulator through its user data and signing with its own Date.
    const sink = await deployFunction(client, { name: 'sink', code: handlerZip('return "sunk";') });
    const urn = await deployFunction(client, {
      name: 'agent',
      appXrole: 'byok-agency',
      userData: { BYOK_KMS_ENDPOINT: emu.endpoint, BYOK_FGS_ENDPOINT: emu.endpoint, SINK: sink },
      code: handlerZip(
        `const { call } = require('./sign.js');
        const cred = { ak: context.getSecurityAccessKey(), sk: context.getSecuritySecretKey(), token: context.getSecurityToken() };
        const project = context.getProjectID();
        const key = await call(process.env.BYOK_KMS_ENDPOINT, 'POST', '/v1.0/' + project + '/kms/create-key', { key_alias: 'from-function' }, cred, project);
        const chained = await call(process.env.BYOK_FGS_ENDPOINT, 'POST', '/v2/' + project + '/fgs/functions/' + process.env.SINK + '/invocations-async', { from: 'agent' }, cred, project);
        const unsigned = await call(process.env.BYOK_KMS_ENDPOINT, 'POST', '/v1.0/' + project + '/kms/create-key', { key_alias: 'x' }, { ...cred, token: '' }, project);
        return { key: key.status, keyId: key.body.key_info && key.body.key_info.key_id, chained: chained.status, withoutToken: unsigned.status, akLength: cred.ak.length };`,
        { 'sign.js': SIGN_JS },
      ),
    });
    // Act
    const res = await invoke(urn);
    await drainFunctions(emu);
    const out = JSON.parse(res.result);
    const described = await emu.request('POST', '/v1.0/{project_id}/kms/describe-key', { key_id: out.keyId });
    const sunk = await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(sink)}`);
    // Assess
    expect(out).toMatchObject({ key: 200, chained: 202, withoutToken: 401, akLength: 20 });
    expect(described.body.key_info.key_alias).toBe('from-function');
    expect(sunk.body.invocations).toEqual([expect.objectContaining({ body: { from: 'agent' }, state: 'succeeded', attempts: 1 })]);
  });

  it('never writes the agency SK or security token to the function log or the invocation record', async () => {
    // Prepare: the function hands its credentials back (test only) and logs around them.
    const urn = await deployFunction(client, {
      name: 'secretive',
      appXrole: 'byok-agency',
      code: handlerZip(`console.log('working'); context.getLogger().info('done');
        return { sk: context.getSecuritySecretKey(), token: context.getSecurityToken() };`),
    });
    // Act
    const res = await invoke(urn, {}, true);
    await client.asyncInvokeFunction(new AsyncInvokeFunctionRequest().withFunctionUrn(urn).withBody({} as never));
    await drainFunctions(emu);
    const { sk, token } = JSON.parse(res.result) as { sk: string; token: string };
    const captured = [
      res.log,
      ...(await functionLog(emu, 'secretive')),
      JSON.stringify((await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(urn)}`)).body),
    ].join('\n');
    // Assess
    expect(sk.length).toBe(40);
    expect(token.length).toBeGreaterThan(100);
    expect(captured).toContain('working');
    expect(captured).not.toContain(sk);
    expect(captured).not.toContain(token);
  });

  it('shows the function the emulator clock as its Date, and keeps Date usable', async () => {
    // Prepare
    const urn = await deployFunction(client, {
      name: 'clock',
      code: handlerZip(`class Stamp extends Date {}
        const d = new Date();
        return { iso: d.toISOString(), now: Date.now(), str: Date(), isDate: d instanceof Date, sub: new Stamp() instanceof Date,
          fixed: new Date(0).toISOString(), utc: Date.UTC(2020, 0, 1), parsed: Date.parse('2020-01-01T00:00:00Z'), ctor: d.constructor === Date };`),
    });
    // Act
    const before = JSON.parse((await invoke(urn)).result);
    await emu.advance(3 * DAY_S);
    const after = JSON.parse((await invoke(urn)).result);
    // Assess
    const virtual = emu.now().getTime();
    expect(Math.abs(Date.parse(after.iso) - virtual)).toBeLessThan(5_000);
    expect(Math.abs(after.now - virtual)).toBeLessThan(5_000);
    // Each run's Date starts at the virtual time of its spawn and then flows at the real rate.
    expect(Date.parse(after.iso) - Date.parse(before.iso)).toBeGreaterThan(3 * DAY_S * 1000 - 5_000);
    expect(after.str).toMatch(/2031/);
    expect(after).toMatchObject({ isDate: true, sub: true, fixed: '1970-01-01T00:00:00.000Z', utc: 1577836800000, parsed: 1577836800000, ctor: true });
  });

  it('accepts the official client signing with the wall clock after the virtual clock moved by days', async () => {
    // The client signs with real time; the virtual clock is years ahead and was just moved further.
    const res = await invoke(`urn:fss:${emu.region}:${emu.projectId}:function:default:clock:latest`);
    expect(res.httpStatusCode).toBe(200);
    expect(Math.abs(emu.now().getTime() - Date.now())).toBeGreaterThan(DAY_S * 1000);
  });

  it('reports a handler that throws as a failed run: status 500, the error as result, X-Is-Func-Err', async () => {
    // Prepare
    await deployFunction(client, { name: 'thrower', code: handlerZip(`throw new TypeError('bad input: ' + event.n);`) });
    // Act
    const res = await emu.request('POST', `/v2/{project_id}/fgs/functions/urn:fss:${emu.region}:${emu.projectId}:function:default:thrower:latest/invocations`, { n: 7 });
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(500);
    expect(JSON.parse(res.body.result)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input: 7' });
    expect(res.headers['x-is-func-err']).toBe('true');
    expect(res.headers['x-cff-request-id']).toBe(res.body.request_id);
  });

  it('kills a handler that overruns its timeout and reports it as a timeout', async () => {
    // Prepare
    const urn = await deployFunction(client, { name: 'sleeper', timeout: 3, code: handlerZip(`await new Promise(() => setInterval(() => {}, 1000));`) });
    // Act
    const started = Date.now();
    const res = await invoke(urn, {}, true);
    const took = Date.now() - started;
    // Assess
    expect(res.status).toBe(500);
    expect(JSON.parse(res.result)).toMatchObject({ errorType: 'FunctionTimeout' });
    expect(res.log).toMatch(/Finish invoke request '[^']+'\(invoke timeout\), duration: 3\d{3}\.\d+ms/);
    expect(took).toBeGreaterThanOrEqual(3_000);
    expect(took).toBeLessThan(10_000);
  });

  it('runs an asynchronous invocation from the official client and records duration and peak RSS', async () => {
    // Prepare
    const urn = await deployFunction(client, { name: 'async-echo', code: handlerZip(`console.log('async got', event.n); return event.n;`) });
    // Act
    const accepted = (await client.asyncInvokeFunction(new AsyncInvokeFunctionRequest().withFunctionUrn(urn).withBody({ n: 42 } as never))) as unknown as Wire;
    await drainFunctions(emu);
    const recorded = await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(urn)}`);
    const lines = await functionLog(emu, 'async-echo', `&request_id=${accepted.request_id}`);
    // Assess
    expect(accepted.httpStatusCode).toBe(202);
    const [run] = recorded.body.invocations;
    expect(run).toMatchObject({ request_id: accepted.request_id, state: 'succeeded', attempts: 1 });
    expect(run.duration_ms).toBeGreaterThan(0);
    expect(run.max_rss_kb).toBeGreaterThan(10_000);
    expect(lines.some((l) => l.endsWith(`${accepted.request_id} INFO async got 42`))).toBe(true);
    expect(lines.every((l) => l.includes(accepted.request_id))).toBe(true);
  });

  it('serves the function log with tail and since filters', async () => {
    const all = await functionLog(emu, 'echo');
    const tail = await functionLog(emu, 'echo', '&tail=2');
    const future = await functionLog(emu, 'echo', `&since=${encodeURIComponent(new Date(emu.now().getTime() + 60_000).toISOString())}`);
    const none = await functionLog(emu, 'never-deployed');
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(tail).toEqual(all.slice(-2));
    expect(future).toEqual([]);
    expect(none).toEqual([]);
    const bad = await emu.request('GET', '/_emulator/fgs/logs?function=../../etc');
    expect([bad.status, bad.body.error_code]).toEqual([400, 'EMU.0400']);
  });
});
