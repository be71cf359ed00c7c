/**
 * Where `byok` commands find KMS and CSMS: Huawei Cloud when its credentials are in the environment
 * (`HUAWEICLOUD_SDK_AK`/`SK`, see lib/huawei/config.ts), otherwise the embedded cloud started in this process on
 * `BYOK_EMULATOR_DATA` (default `.byok/emulator.db`) and closed by {@link Backend.close}.
 */
import { DEFAULT_DATA_FILE, startEmulator } from '../emulator/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { SecretValue } from '../lib/domain/SecretValue.js';
import { isConfigError } from '../lib/errors/index.js';
import { hasCloudCredentials, resolveHuaweiConfig } from '../lib/huawei/index.js';
import type { EnvSource, HuaweiCloudConfig } from '../lib/huawei/index.js';
import { huaweiPorts } from '../lib/huawei/wiring.js';
import type { Clock, KeyService, SecretStore, SweepLock } from '../lib/ports/index.js';
import { CliError } from './args.js';

/** Environment variables read here besides the Huawei ones. */
const BackendEnv = {
  /** Data file of the embedded cloud. */
  EmulatorData: 'BYOK_EMULATOR_DATA',
  /** `real` or `virtual`: the embedded cloud's clock; default the data file's own (virtual once it was virtual). */
  EmulatorClock: 'BYOK_EMULATOR_CLOCK',
} as const;

/** The ports a command works with, and what they talk to. */
interface Backend {
  /** `huawei` or `embedded`. */
  kind: 'huawei' | 'embedded';
  /** For people: `Huawei Cloud (cn-north-4)` or `embedded cloud (.byok/emulator.db)`. */
  description: string;
  keys: KeyService;
  secrets: SecretStore;
  /** The renewal sweep's lock, the same one the deployed timer takes. */
  lock: SweepLock;
  clock: Clock;
  /** Stops the embedded cloud; nothing for Huawei Cloud. */
  close(): Promise<void>;
}

async function startEmbedded(env: EnvSource): Promise<RunningEmulator> {
  const dataFile = env[BackendEnv.EmulatorData]?.trim() || DEFAULT_DATA_FILE;
  const clock = env[BackendEnv.EmulatorClock]?.trim() || undefined;
  if (clock !== undefined && clock !== 'real' && clock !== 'virtual') throw new CliError(`${BackendEnv.EmulatorClock} must be real or virtual`);
  try {
    return await startEmulator({ dataFile, clock, log: (line) => void process.stderr.write(`${line}\n`) });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 200) : 'unknown error';
    throw new CliError(`cannot start the embedded cloud on ${dataFile} (${reason}); set ${BackendEnv.EmulatorData} to another file`);
  }
}

/**
 * Opens the backend the environment selects. Close it when done.
 *
 * @throws {CliError} incomplete Huawei configuration (naming the variables) or an embedded cloud that cannot start
 * @example
 * const backend = await openBackend(process.env);
 * try { ... } finally { await backend.close(); }
 */
async function openBackend(env: EnvSource): Promise<Backend> {
  if (hasCloudCredentials(env)) {
    let config: HuaweiCloudConfig;
    try {
      config = resolveHuaweiConfig(env);
    } catch (error) {
      if (isConfigError(error)) throw new CliError(error.message);
      throw error;
    }
    return {
      kind: 'huawei',
      description: `Huawei Cloud (${config.region ?? config.endpoint})`,
      ...huaweiPorts(config),
      close: async () => {},
    };
  }
  const emulator = await startEmbedded(env);
  const config: HuaweiCloudConfig = {
    ak: emulator.ak,
    sk: new SecretValue(emulator.sk),
    projectId: emulator.project_id,
    region: emulator.region,
    endpoint: emulator.endpoint,
  };
  return {
    kind: 'embedded',
    description: `embedded cloud (${emulator.dataFile})`,
    ...huaweiPorts(config, () => emulator.now()),
    close: () => emulator.close(),
  };
}

/** The paragraph every command's help ends with. */
const BACKEND_HELP = `Backend: Huawei Cloud when HUAWEICLOUD_SDK_AK/SK are set (with HUAWEICLOUD_SDK_PROJECT_ID
and BYOK_REGION or BYOK_KMS_ENDPOINT), else the embedded cloud on BYOK_EMULATOR_DATA
(default .byok/emulator.db).
`;

export { BACKEND_HELP, BackendEnv, openBackend };
export type { Backend };
