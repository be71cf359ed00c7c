/**
 * The project deployed for real onto an embedded cloud, for the end-to-end tests of the deployed functions:
 * `serverless package` once, `serverless deploy --stage <stage> --package` (osls and the provider plugin, as
 * test/deploy does), and the clients a test needs: the official FunctionGraph client, our KMS/CSMS clients and
 * ports (signing with the emulator's clock), a transport for the control surface, and the on-event dispatcher.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionGraphClient } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { FunctionGraphDispatcher } from '../../lib/huawei/FunctionGraphDispatcher.js';
import { HuaweiTransport } from '../../lib/huawei/HuaweiTransport.js';
import { createHuaweiClients } from '../../lib/huawei/index.js';
import type { CsmsClient, HuaweiCloudConfig, KmsClient } from '../../lib/huawei/index.js';
import { huaweiPorts } from '../../lib/huawei/wiring.js';
import type { KeyService } from '../../lib/ports/index.js';
import { runSls } from '../deploy/sls.js';
import type { SlsResult } from '../deploy/sls.js';
import { startTestEmulator } from '../helpers/emulator.js';
import type { StartTestEmulatorOptions, TestEmulator } from '../helpers/emulator.js';
import { fgsClient } from '../helpers/fgs.js';

interface DeployedCloud {
  emu: TestEmulator;
  stage: string;
  /** The package `serverless package` wrote (zips and manifest). */
  packageDir: string;
  /** osls with the emulator's credentials and endpoints in its environment; every output is kept in `outputs`. */
  sls(...args: string[]): Promise<SlsResult>;
  outputs: string[];
  /** `byok-keeper-<stage>-<key>`. */
  name(key: string): string;
  /** The function's `:latest` URN. */
  urn(key: string): string;
  fgs: FunctionGraphClient;
  kms: KmsClient;
  csms: CsmsClient;
  keys: KeyService;
  /** Signed, with a timeout long enough for `POST /_emulator/fgs/drain`. */
  transport: HuaweiTransport;
  /** Invokes the deployed on-event asynchronously (FunctionGraph's async invoke, the official client). */
  onEvent: FunctionGraphDispatcher;
  close(): Promise<void>;
}

/**
 * Starts an emulator, packages, and deploys the stage; close it in `afterAll`.
 *
 * @example
 * const cloud = await deployedCloud({ stage: 'test', emulator: { clock: 'virtual' } });
 */
async function deployedCloud(options: { stage: string; emulator?: StartTestEmulatorOptions; beforeDeploy?: (emu: TestEmulator) => Promise<void> }): Promise<DeployedCloud> {
  const emu = await startTestEmulator(options.emulator ?? { clock: 'virtual' });
  const packageDir = mkdtempSync(join(tmpdir(), 'byok-e2e-package-'));
  const outputs: string[] = [];
  const sls = async (...args: string[]): Promise<SlsResult> => {
    const result = await runSls([...args, '--stage', options.stage], {
      env: {
        HUAWEICLOUD_SDK_AK: emu.ak,
        HUAWEICLOUD_SDK_SK: emu.sk,
        HUAWEICLOUD_SDK_PROJECT_ID: emu.projectId,
        BYOK_REGION: emu.region,
        BYOK_FGS_ENDPOINT: emu.endpoint,
        BYOK_KMS_ENDPOINT: emu.endpoint,
      },
    });
    outputs.push(result.output);
    return result;
  };
  try {
    const packaged = await sls('package', '--package', packageDir);
    if (packaged.code !== 0) throw new Error(`package failed: ${packaged.output}`);
    await options.beforeDeploy?.(emu);
    const deployed = await sls('deploy', '--package', packageDir);
    if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.output}`);
  } catch (error) {
    await emu.close();
    rmSync(packageDir, { recursive: true, force: true });
    throw error;
  }
  const now = (): Date => emu.now();
  const config: HuaweiCloudConfig = { ak: emu.ak, sk: new SecretValue(emu.sk), projectId: emu.projectId, region: emu.region, endpoint: emu.endpoint };
  const { kms, csms } = createHuaweiClients({ config, now });
  const name = (key: string): string => `byok-keeper-${options.stage}-${key}`;
  const urn = (key: string): string => `urn:fss:${emu.region}:${emu.projectId}:function:default:${name(key)}:latest`;
  return {
    emu,
    stage: options.stage,
    packageDir,
    sls,
    outputs,
    name,
    urn,
    fgs: fgsClient(emu),
    kms,
    csms,
    keys: huaweiPorts(config, now).keys,
    transport: new HuaweiTransport({ config, now, timeoutMs: 130_000 }),
    onEvent: new FunctionGraphDispatcher({ config, endpoint: emu.endpoint, functionUrns: { 'on-event': urn('on-event') }, now }),
    close: async () => {
      await emu.close();
      rmSync(packageDir, { recursive: true, force: true });
    },
  };
}

export { deployedCloud };
export type { DeployedCloud };
