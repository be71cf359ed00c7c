/**
 * With BYOK_EMULATOR_FGS_CGROUP the emulator starts every function process inside that memory cgroup, so Node
 * sizes its heap from the cgroup's limit as it would in FunctionGraph's container. Needs a writable memory cgroup
 * controller (root; v1 or v2), as on the CI machine. Cost: ~1 s.
 */
import type { FunctionGraphClient } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js';
import { InvokeFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/InvokeFunctionRequest.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMemoryCgroup } from '../helpers/cgroup.js';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { deployFunction, fgsClient, handlerZip } from '../helpers/fgs.js';

const LIMIT_BYTES = 192 * 1024 * 1024;
const NAME = `byok-test-${process.pid}`;

const cgroup = makeMemoryCgroup(NAME, LIMIT_BYTES);

describe.skipIf(cgroup === undefined)('Emulator: FunctionGraph functions in a memory cgroup', () => {
  let emu: TestEmulator;
  let client: FunctionGraphClient;
  const invoke = async (urn: string): Promise<{ cgroups: string; heapLimit: number }> => {
    const res = (await client.invokeFunction(new InvokeFunctionRequest().withFunctionUrn(urn).withBody({} as never))) as unknown as { result: string };
    return JSON.parse(res.result);
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'real' });
    client = fgsClient(emu);
  });
  afterAll(async () => {
    delete process.env['BYOK_EMULATOR_FGS_CGROUP'];
    await emu.close();
    cgroup!.remove();
  });

  it('starts the function process inside the cgroup, and Node sizes its heap from the cgroup\'s limit', async () => {
    // Prepare
    const urn = await deployFunction(client, {
      name: 'where',
      code: handlerZip(`return { cgroups: require('node:fs').readFileSync('/proc/self/cgroup', 'utf8'), heapLimit: require('node:v8').getHeapStatistics().heap_size_limit };`),
    });
    const outside = await invoke(urn);

    // Act
    process.env['BYOK_EMULATOR_FGS_CGROUP'] = cgroup!.folder;
    const inside = await invoke(urn);

    // Assess
    expect(outside.cgroups).not.toContain(NAME);
    expect(inside.cgroups).toContain(`/${NAME}\n`);
    expect(inside.heapLimit).toBeLessThan(outside.heapLimit);
  });
});
