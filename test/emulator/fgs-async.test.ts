import { AsyncInvokeFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/AsyncInvokeFunctionRequest.js';
import { DeleteFunctionAsyncInvokeConfigRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/DeleteFunctionAsyncInvokeConfigRequest.js';
import { FuncAsyncDestinationConfig } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/FuncAsyncDestinationConfig.js';
import { FuncDestinationConfig } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/FuncDestinationConfig.js';
import { ShowFunctionAsyncInvokeConfigRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/ShowFunctionAsyncInvokeConfigRequest.js';
import { UpdateFunctionAsyncInvokeConfigRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/UpdateFunctionAsyncInvokeConfigRequest.js';
import { UpdateFunctionAsyncInvokeConfigRequestBody } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/UpdateFunctionAsyncInvokeConfigRequestBody.js';
import type { FunctionGraphClient } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { deployFunction, drainFunctions, fgsClient, handlerZip } from '../helpers/fgs.js';

type Wire = Record<string, any>;

describe('Emulator: FunctionGraph asynchronous invocation, retries and destinations', () => {
  let emu: TestEmulator;
  let client: FunctionGraphClient;
  let dlq: string;
  let done: string;

  const invokeAsync = async (urn: string, body: unknown): Promise<string> => {
    const res = (await client.asyncInvokeFunction(new AsyncInvokeFunctionRequest().withFunctionUrn(urn).withBody(body as never))) as unknown as Wire;
    expect(res.httpStatusCode).toBe(202);
    return res.request_id as string;
  };
  const configure = async (urn: string, body: UpdateFunctionAsyncInvokeConfigRequestBody): Promise<Wire> =>
    (await client.updateFunctionAsyncInvokeConfig(new UpdateFunctionAsyncInvokeConfigRequest().withFunctionUrn(urn).withBody(body))) as unknown as Wire;
  const destinations = (onFailure?: string, onSuccess?: string): FuncAsyncDestinationConfig => {
    const config = new FuncAsyncDestinationConfig();
    if (onFailure) config.withOnFailure(new FuncDestinationConfig().withDestination('FunctionGraph').withParam(JSON.stringify({ func_urn: onFailure })));
    if (onSuccess) config.withOnSuccess(new FuncDestinationConfig().withDestination('FunctionGraph').withParam(JSON.stringify({ func_urn: onSuccess })));
    return config;
  };
  const invocationsOf = async (urn: string): Promise<Wire[]> =>
    (await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(urn)}`)).body.invocations;

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2030-06-01T00:00:00Z') });
    client = fgsClient(emu);
    dlq = await deployFunction(client, { name: 'dlq', code: handlerZip('return "noted";') });
    done = await deployFunction(client, { name: 'done', code: handlerZip('return "noted";') });
  });
  afterAll(async () => emu.close());

  it('retries a throwing handler per the config, then hands Huawei’s destination payload to the on-failure function', async () => {
    // Prepare
    const urn = await deployFunction(client, { name: 'always-fails', code: handlerZip(`throw new Error('boom ' + event.n);`) });
    const set = await configure(urn, new UpdateFunctionAsyncInvokeConfigRequestBody().withMaxAsyncRetryAttempts(2).withDestinationConfig(destinations(dlq)));
    // Act
    const requestId = await invokeAsync(urn, { n: 1 });
    await drainFunctions(emu);
    // Assess
    expect(set).toMatchObject({ httpStatusCode: 200, max_async_retry_attempts: 2, max_async_event_age_in_seconds: 3600 });
    const [run] = await invocationsOf(urn);
    expect(run).toMatchObject({ request_id: requestId, state: 'failed', attempts: 3, error: { errorType: 'Error', errorMessage: 'boom 1' } });
    const delivered = (await invocationsOf(dlq)).find((i) => i.body.request_context?.request_id === requestId)!;
    expect(delivered).toMatchObject({ state: 'succeeded' });
    expect(delivered.body).toEqual({
      timestamp: emu.now().toISOString(),
      request_context: { request_id: requestId, function_urn: urn, condition: 'RetriesExhausted', approximate_invoke_count: 3 },
      request_payload: '{"n":1}',
      response_context: { status_code: 200, function_error: 'Error: boom 1' },
      response_payload: expect.stringContaining('"errorMessage":"boom 1"'),
    });
  });

  it('treats a returned failure value as a success (no retry) and a rejection or a timeout as failures', async () => {
    // Prepare
    const value = await deployFunction(client, { name: 'returns-failure', code: handlerZip('return { ok: false, error: { code: "X" } };') });
    const rejects = await deployFunction(client, { name: 'rejects', code: handlerZip('return Promise.reject(new RangeError("nope"));') });
    const slow = await deployFunction(client, { name: 'slow', timeout: 3, code: handlerZip('await new Promise((r) => setTimeout(r, 60_000));') });
    for (const urn of [value, rejects, slow]) {
      await configure(urn, new UpdateFunctionAsyncInvokeConfigRequestBody().withMaxAsyncRetryAttempts(0).withDestinationConfig(destinations(dlq, done)));
    }
    // Act
    const ids = [await invokeAsync(value, {}), await invokeAsync(rejects, {}), await invokeAsync(slow, {})];
    await drainFunctions(emu);
    // Assess
    const states = await Promise.all([value, rejects, slow].map(async (urn) => (await invocationsOf(urn))[0]!));
    expect(states.map((s) => [s.state, s.attempts])).toEqual([['succeeded', 1], ['failed', 1], ['failed', 1]]);
    expect(states[2]!.error.errorType).toBe('FunctionTimeout');
    const success = (await invocationsOf(done)).find((i) => i.body.request_context?.request_id === ids[0])!;
    expect(success.body.request_context.condition).toBe('');
    expect(JSON.parse(success.body.response_payload)).toEqual({ ok: false, error: { code: 'X' } });
    const failures = (await invocationsOf(dlq)).map((i) => i.body.request_context?.request_id);
    expect(failures).toEqual(expect.arrayContaining([ids[1], ids[2]]));
    expect(failures).not.toContain(ids[0]);
  });

  it('does not retry a failure of a function without async settings (FunctionGraph’s default)', async () => {
    const urn = await deployFunction(client, { name: 'unconfigured', code: handlerZip('throw new Error("once");') });
    await invokeAsync(urn, {});
    await drainFunctions(emu);
    expect((await invocationsOf(urn))[0]).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('runs each function’s asynchronous invocations one at a time, in arrival order', async () => {
    // Prepare: each run appends its number to a file in the function's own folder and reads the list back.
    const urn = await deployFunction(client, {
      name: 'ordered',
      code: handlerZip(`const fs = require('node:fs');
        await new Promise((r) => setTimeout(r, 20 * (5 - event.n)));
        fs.appendFileSync(process.env.HOME + '/ordered.txt', event.n + ',');
        return fs.readFileSync(process.env.HOME + '/ordered.txt', 'utf8');`),
    });
    // Act
    for (let n = 1; n <= 4; n++) await invokeAsync(urn, { n });
    await drainFunctions(emu);
    // Assess: run in parallel, the later (shorter) runs would have written first.
    const runs = await invocationsOf(urn);
    expect(runs.every((r) => r.state === 'succeeded')).toBe(true);
    expect(readFileSync(join(dirname(emu.dataFile), 'emulator.fgs', 'home', 'default', 'ordered', 'ordered.txt'), 'utf8')).toBe('1,2,3,4,');
  });

  it('shows, validates and deletes the async settings', async () => {
    const urn = await deployFunction(client, { name: 'settings', code: handlerZip('return 1;') });
    const before = (await client.showFunctionAsyncInvokeConfig(new ShowFunctionAsyncInvokeConfigRequest().withFunctionUrn(urn))) as unknown as Wire;
    const tooMany = await configure(urn, new UpdateFunctionAsyncInvokeConfigRequestBody().withMaxAsyncRetryAttempts(4));
    const badParam = await configure(
      urn,
      new UpdateFunctionAsyncInvokeConfigRequestBody().withDestinationConfig(
        new FuncAsyncDestinationConfig().withOnFailure(new FuncDestinationConfig().withDestination('FunctionGraph').withParam('{"func_urn":"nope"}')),
      ),
    );
    await configure(urn, new UpdateFunctionAsyncInvokeConfigRequestBody().withMaxAsyncEventAgeInSeconds(60).withDestinationConfig(destinations(dlq)));
    const shown = (await client.showFunctionAsyncInvokeConfig(new ShowFunctionAsyncInvokeConfigRequest().withFunctionUrn(urn))) as unknown as Wire;
    const deleted = (await client.deleteFunctionAsyncInvokeConfig(new DeleteFunctionAsyncInvokeConfigRequest().withFunctionUrn(urn))) as unknown as Wire;
    const after = (await client.showFunctionAsyncInvokeConfig(new ShowFunctionAsyncInvokeConfigRequest().withFunctionUrn(urn))) as unknown as Wire;
    expect(before.httpStatusCode).toBe(404);
    expect([tooMany.httpStatusCode, tooMany.error_code, badParam.httpStatusCode]).toEqual([400, 'FSS.0400', 400]);
    expect(shown).toMatchObject({
      func_urn: urn,
      max_async_event_age_in_seconds: 60,
      max_async_retry_attempts: 1,
      destination_config: { on_failure: { destination: 'FunctionGraph', param: JSON.stringify({ func_urn: dlq }) } },
    });
    expect([deleted.httpStatusCode, after.httpStatusCode]).toEqual([204, 404]);
  });

  it('answers drain with 504 while something still runs', async () => {
    const urn = await deployFunction(client, { name: 'lingers', timeout: 5, code: handlerZip('await new Promise((r) => setTimeout(r, 1500)); return 1;') });
    await invokeAsync(urn, {});
    const busy = await emu.request('POST', '/_emulator/fgs/drain', { timeout_seconds: 0.2 });
    await drainFunctions(emu);
    expect([busy.status, busy.body.error_code]).toEqual([504, 'EMU.0504']);
    expect((await invocationsOf(urn))[0]!.state).toBe('succeeded');
  });
});
