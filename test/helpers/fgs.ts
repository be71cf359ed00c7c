/**
 * Helpers for tests of the embedded FunctionGraph: tiny CommonJS handlers zipped at test time (fflate), the
 * OFFICIAL `FunctionGraphClient` pointed at the emulator (statuses resolve instead of throwing, the SDK's logging
 * silenced), and deploying a function through it.
 */
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { FunctionGraphClient } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js';
import { CreateFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/CreateFunctionRequest.js';
import { CreateFunctionRequestBody } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/CreateFunctionRequestBody.js';
import { FuncCode } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/FuncCode.js';
import { strToU8, zipSync } from 'fflate';
import { silenceHuaweiSdkLogs } from './emulator.js';
import type { TestEmulator } from './emulator.js';

/** A zip holding `files` (path → source), base64, as `func_code.file` carries it. */
function zipBase64(files: Record<string, string>): string {
  const entries = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]));
  return Buffer.from(zipSync(entries)).toString('base64');
}

/** A CommonJS `index.js` exporting `handler` with the given body (`async (event, context) => { BODY }`). */
function handlerZip(body: string, extra: Record<string, string> = {}): string {
  return zipBase64({
    'index.js': `'use strict';\nexports.handler = async (event, context) => {\n${body}\n};\n`,
    'package.json': '{"type":"commonjs"}',
    ...extra,
  });
}

/** The official client against the emulator; answers resolve with `httpStatusCode` whatever the status. */
function fgsClient(emu: Pick<TestEmulator, 'endpoint' | 'ak' | 'sk' | 'projectId'>): FunctionGraphClient {
  const client = FunctionGraphClient.newBuilder()
    .withCredential(new BasicCredentials().withAk(emu.ak).withSk(emu.sk).withProjectId(emu.projectId))
    .withEndpoint(emu.endpoint)
    .withOptions({ customUserAgent: 'byok-test', axiosRequestConfig: { validateStatus: () => true, timeout: 60_000 } })
    .build();
  silenceHuaweiSdkLogs();
  return client;
}

/** What a test deploys. */
interface TestFunction {
  name: string;
  code: string;
  handler?: string;
  timeout?: number;
  memorySize?: number;
  userData?: Record<string, string>;
  appXrole?: string;
}

/** Deploys through the SDK's createFunction; answers the `func_urn` (…:latest). Throws on a refusal. */
async function deployFunction(client: FunctionGraphClient, fn: TestFunction): Promise<string> {
  const body = new CreateFunctionRequestBody()
    .withFuncName(fn.name)
    .withPackage('default')
    .withRuntime('Node.js20.15')
    .withHandler(fn.handler ?? 'index.handler')
    .withMemorySize(fn.memorySize ?? 128)
    .withTimeout(fn.timeout ?? 30)
    .withCodeType('zip')
    .withFuncCode(new FuncCode().withFile(fn.code));
  if (fn.userData !== undefined) body.withUserData(JSON.stringify(fn.userData));
  if (fn.appXrole !== undefined) body.withAppXrole(fn.appXrole);
  const res = (await client.createFunction(new CreateFunctionRequest().withBody(body))) as unknown as Record<string, unknown>;
  if (res.httpStatusCode !== 200) throw new Error(`createFunction ${fn.name} failed: ${JSON.stringify(res)}`);
  return res.func_urn as string;
}

/** Waits until the emulator's FunctionGraph queue is idle (POST /_emulator/fgs/drain); throws if it is not. */
async function drainFunctions(emu: TestEmulator, timeoutSeconds = 60): Promise<void> {
  const res = await emu.request('POST', '/_emulator/fgs/drain', { timeout_seconds: timeoutSeconds });
  if (res.status !== 200) throw new Error(`drain failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}

/** The lines of a function's log (GET /_emulator/fgs/logs). */
async function functionLog(emu: TestEmulator, name: string, query = ''): Promise<string[]> {
  const res = await emu.request('GET', `/_emulator/fgs/logs?function=${name}${query}`);
  if (res.status !== 200) throw new Error(`logs failed: HTTP ${res.status}`);
  return res.body.lines as string[];
}

export { deployFunction, drainFunctions, fgsClient, functionLog, handlerZip, zipBase64 };
export type { TestFunction };
