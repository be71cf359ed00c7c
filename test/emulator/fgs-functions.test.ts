import { createHash } from 'node:crypto';
import { CreateFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/CreateFunctionRequest.js';
import { DeleteFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/DeleteFunctionRequest.js';
import { FuncCode } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/FuncCode.js';
import { InvokeFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/InvokeFunctionRequest.js';
import { ListFunctionsRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/ListFunctionsRequest.js';
import { ShowFunctionConfigRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/ShowFunctionConfigRequest.js';
import { UpdateFunctionCodeRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/UpdateFunctionCodeRequest.js';
import { UpdateFunctionCodeRequestBody } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/UpdateFunctionCodeRequestBody.js';
import { UpdateFunctionConfigRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/UpdateFunctionConfigRequest.js';
import { UpdateFunctionConfigRequestBody } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/UpdateFunctionConfigRequestBody.js';
import type { FunctionGraphClient } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { deployFunction, fgsClient, handlerZip, zipBase64 } from '../helpers/fgs.js';

type Wire = Record<string, any>;

describe('Emulator: FunctionGraph function management (official FunctionGraphClient)', () => {
  let emu: TestEmulator;
  let client: FunctionGraphClient;
  const call = async (p: Promise<unknown>): Promise<Wire> => (await p) as Wire;

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2030-03-04T05:06:07Z') });
    client = fgsClient(emu);
  });
  afterAll(async () => emu.close());

  const create = (body: Wire): Promise<Wire> => call(client.createFunction(new CreateFunctionRequest().withBody(body as never)));
  const valid = (overrides: Wire = {}): Wire => ({
    func_name: 'fn-valid',
    package: 'default',
    runtime: 'Node.js20.15',
    handler: 'index.handler',
    memory_size: 128,
    timeout: 30,
    code_type: 'zip',
    func_code: { file: handlerZip('return 1;') },
    ...overrides,
  });

  it('creates a function and reports it as FunctionGraph does (URN, sha512 digest of the zip, code size, cpu)', async () => {
    // Prepare
    const zip = handlerZip('return { hello: event.name };');
    // Act
    const res = await create(valid({ func_name: 'hello', func_code: { file: zip }, user_data: '{"GREETING":"hi"}', description: 'd' }));
    // Assess
    const bytes = Buffer.from(zip, 'base64');
    expect(res.httpStatusCode).toBe(200);
    expect(res).toMatchObject({
      func_urn: `urn:fss:${emu.region}:${emu.projectId}:function:default:hello:latest`,
      func_name: 'hello',
      namespace: emu.projectId,
      domain_id: emu.domainId,
      package: 'default',
      runtime: 'Node.js20.15',
      handler: 'index.handler',
      memory_size: 128,
      cpu: 300,
      timeout: 30,
      code_type: 'zip',
      code_size: bytes.length,
      digest: createHash('sha512').update(bytes).digest('hex'),
      version: 'latest',
      user_data: '{"GREETING":"hi"}',
      description: 'd',
      last_modified: '2030-03-04 05:06:07',
    });
    expect(res.func_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows, lists with paging, updates code and config, and deletes', async () => {
    // Prepare
    const names = ['page-a', 'page-b', 'page-c'];
    const urns = [];
    for (const name of names) urns.push(await deployFunction(client, { name, code: handlerZip('return "v1";') }));
    // Act
    const shown = await call(client.showFunctionConfig(new ShowFunctionConfigRequest().withFunctionUrn(urns[0]!)));
    const first = await call(client.listFunctions(new ListFunctionsRequest().withMaxitems('2')));
    const second = await call(client.listFunctions(new ListFunctionsRequest().withMaxitems('2').withMarker(String(first.next_marker))));
    const newZip = handlerZip('return "v2";');
    const updated = await call(
      client.updateFunctionCode(new UpdateFunctionCodeRequest().withFunctionUrn(urns[0]!).withBody(new UpdateFunctionCodeRequestBody().withCodeType('zip').withFuncCode(new FuncCode().withFile(newZip)))),
    );
    const ran = await call(client.invokeFunction(new InvokeFunctionRequest().withFunctionUrn(urns[0]!).withBody({} as never)));
    const configured = await call(
      client.updateFunctionConfig(
        new UpdateFunctionConfigRequest()
          .withFunctionUrn(urns[0]!)
          .withBody(new UpdateFunctionConfigRequestBody().withFuncName('page-a').withRuntime('Node.js18.15').withHandler('index.handler').withMemorySize(256).withTimeout(60).withUserData('{"A":"1"}')),
      ),
    );
    const deleted = await call(client.deleteFunction(new DeleteFunctionRequest().withFunctionUrn(urns[1]!)));
    const gone = await call(client.showFunctionConfig(new ShowFunctionConfigRequest().withFunctionUrn(urns[1]!)));
    // Assess
    expect(shown).toMatchObject({ func_name: 'page-a', httpStatusCode: 200 });
    const listed = [...first.functions, ...second.functions].map((f: Wire) => f.func_name);
    expect(listed).toEqual(expect.arrayContaining(names));
    expect(first.functions).toHaveLength(2);
    expect(first.count).toBe(second.count);
    expect(first.functions[0].func_urn).not.toMatch(/:latest$/);
    expect(updated).toMatchObject({ digest: createHash('sha512').update(Buffer.from(newZip, 'base64')).digest('hex'), httpStatusCode: 200 });
    expect(ran.result).toBe('v2');
    expect(configured).toMatchObject({ runtime: 'Node.js18.15', memory_size: 256, cpu: 600, timeout: 60, user_data: '{"A":"1"}' });
    expect(deleted.httpStatusCode).toBe(204);
    expect(gone).toMatchObject({ httpStatusCode: 404, error_code: 'FSS.1051' });
  });

  it.each([
    ['a runtime FunctionGraph has but the emulator cannot run', { runtime: 'Python3.9' }, 'FSS.1005'],
    ['an unknown Node.js runtime', { runtime: 'Node.js99.1' }, 'FSS.1005'],
    ['a memory size not in the list', { memory_size: 100 }, 'FSS.1007'],
    ['a timeout under 3 s', { timeout: 2 }, 'FSS.1008'],
    ['a timeout over 259200 s', { timeout: 259_201 }, 'FSS.1008'],
    ['a handler without an export', { handler: 'index' }, 'FSS.1003'],
    ['a name starting with a digit', { func_name: '1fn' }, 'FSS.1002'],
    ['a package that is not a name', { package: 'a b' }, 'FSS.1004'],
    ['code_type obs', { code_type: 'obs' }, 'FSS.1006'],
    ['no code', { func_code: {} }, 'FSS.1012'],
    ['a zip that does not open', { func_code: { file: Buffer.from('not a zip').toString('base64') } }, 'FSS.1011'],
    ['a zip without the handler file', { func_code: { file: zipBase64({ 'main.js': 'exports.handler=()=>1' }) } }, 'FSS.1011'],
    ['user data that is not a JSON object', { user_data: 'A=1' }, 'FSS.1009'],
    ['user data naming a preset variable', { user_data: '{"RUNTIME_FUNC_NAME":"x"}' }, 'FSS.1009'],
    ['more than 20 user data entries', { user_data: JSON.stringify(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`K${i}`, 'v']))) }, 'FSS.1017'],
  ])('refuses %s with 400 %s', async (_name, overrides, code) => {
    const res = await create(valid(overrides));
    expect([res.httpStatusCode, res.error_code]).toEqual([400, code]);
    expect(Object.keys(res).sort()).toEqual(['error_code', 'error_msg', 'httpStatusCode']);
  });

  it('refuses a second function of the same name with 409 FSS.1061', async () => {
    await deployFunction(client, { name: 'twice', code: handlerZip('return 1;') });
    const res = await create(valid({ func_name: 'twice' }));
    expect([res.httpStatusCode, res.error_code]).toEqual([409, 'FSS.1061']);
  });

  it('answers 404 FSS.1052 for a version other than latest and 404 FSS.0404 for another project', async () => {
    const v1 = await call(client.showFunctionConfig(new ShowFunctionConfigRequest().withFunctionUrn(`urn:fss:${emu.region}:${emu.projectId}:function:default:hello:v1`)));
    const other = await call(client.showFunctionConfig(new ShowFunctionConfigRequest().withFunctionUrn(`urn:fss:${emu.region}:${'f'.repeat(32)}:function:default:hello:latest`)));
    expect([v1.httpStatusCode, v1.error_code, other.httpStatusCode, other.error_code]).toEqual([404, 'FSS.1052', 404, 'FSS.0404']);
  });

  it('unpacks the code under the data folder, owner-only, per function and digest', async () => {
    const { statSync, readdirSync } = await import('node:fs');
    const { dirname, join } = await import('node:path');
    const root = join(dirname(emu.dataFile), 'emulator.fgs', 'code', 'default', 'hello');
    await call(client.invokeFunction(new InvokeFunctionRequest().withFunctionUrn(`urn:fss:${emu.region}:${emu.projectId}:function:default:hello:latest`).withBody({} as never)));
    const [digestDir] = readdirSync(root);
    expect(digestDir).toMatch(/^[0-9a-f]{16}$/);
    expect(statSync(join(root, digestDir!)).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, digestDir!, 'index.js')).mode & 0o777).toBe(0o600);
  });
});
