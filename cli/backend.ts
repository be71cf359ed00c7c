/**
 * Where `byok` commands find KMS and CSMS: Huawei Cloud when its credentials are in the environment
 * (`HUAWEICLOUD_SDK_AK`/`SK`, see lib/huawei/config.ts), otherwise the embedded cloud started in this process on
 * `BYOK_EMULATOR_DATA` (default `.byok/emulator.db`) and closed by {@link Backend.close}.
 */
import { DEFAULT_DATA_FILE, DataFileError, startEmulator } from '../emulator/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { SecretValue } from '../lib/domain/SecretValue.js';
import { ConfigError } from '../lib/errors/index.js';
import { createHuaweiClients, hasCloudCredentials, resolveHuaweiConfig } from '../lib/huawei/index.js';
import type { CsmsClient, EnvSource, HuaweiCloudConfig, HuaweiTransport, KmsClient } from '../lib/huawei/index.js';
import { portsOver } from '../lib/huawei/wiring.js';
import type { Clock, KeyService, SecretStore, SweepLock } from '../lib/ports/index.js';

/** Environment variables read here besides the Huawei ones. */
const BackendEnv = {
  /** Data file of the embedded cloud. */
  EmulatorData: 'BYOK_EMULATOR_DATA',
  /** `real` (default) or `virtual`: the embedded cloud's clock (virtual resumes at the file's stored time). */
  EmulatorClock: 'BYOK_EMULATOR_CLOCK',
} as const;

/** The ports a command works with, and what they talk to. */
interface Backend {
  /** `huawei` or `embedded`. */
  kind: 'huawei' | 'embedded';
  /** For people: `Huawei Cloud at https://kms.cn-north-4.myhuaweicloud.com` or `embedded cloud (.byok/emulator.db)`. */
  description: string;
  keys: KeyService;
  secrets: SecretStore;
  /** The renewal sweep's lock, the same one the deployed timer takes. */
  lock: SweepLock;
  clock: Clock;
  /**
   * The Huawei clients under the ports, for what no port offers (CSMS writes, listing every key, the embedded
   * cloud's control surface); absent on another cloud.
   */
  huawei?: { kms: KmsClient; csms: CsmsClient; transport: HuaweiTransport };
  /** True when the endpoint is the embedded cloud (in this process, or `byok emulator` on loopback). */
  embedded: boolean;
  /** Stops the embedded cloud; nothing for Huawei Cloud. */
  close(): Promise<void>;
}

/** The ports and clients over one configuration. */
function wire(config: HuaweiCloudConfig, now: () => Date = () => new Date()): Pick<Backend, 'keys' | 'secrets' | 'lock' | 'clock' | 'huawei'> {
  const clients = createHuaweiClients({ config, now });
  return { ...portsOver(clients, now), huawei: clients };
}

/** Loopback endpoints are the embedded cloud (`byok emulator`): Huawei Cloud is never on 127.0.0.0/8. */
function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

async function startEmbedded(env: EnvSource): Promise<RunningEmulator> {
  const dataFile = env[BackendEnv.EmulatorData]?.trim() || DEFAULT_DATA_FILE;
  const clock = env[BackendEnv.EmulatorClock]?.trim() || 'real';
  if (clock !== 'real' && clock !== 'virtual') {
    throw new ConfigError(`${BackendEnv.EmulatorClock} must be real or virtual`, [BackendEnv.EmulatorClock]);
  }
  try {
    return await startEmulator({ dataFile, clock, log: (line) => void process.stderr.write(`${line}\n`) });
  } catch (error) {
    if (error instanceof DataFileError) {
      throw new ConfigError(`${error.message} (set ${BackendEnv.EmulatorData})`, [BackendEnv.EmulatorData], { cause: error });
    }
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 200) : 'unknown error';
    throw new ConfigError(`cannot start the embedded cloud on ${dataFile} (${reason}); set ${BackendEnv.EmulatorData} to another file`, [
      BackendEnv.EmulatorData,
    ]);
  }
}

/**
 * Opens the backend the environment selects. Close it when done.
 *
 * @throws {ConfigError} incomplete Huawei configuration (naming the variables) or an embedded cloud that cannot start
 * @example
 * const backend = await openBackend(process.env);
 * try { ... } finally { await backend.close(); }
 */
async function openBackend(env: EnvSource): Promise<Backend> {
  if (hasCloudCredentials(env)) {
    const config = resolveHuaweiConfig(env);
    return {
      kind: 'huawei',
      description: `Huawei Cloud at ${config.endpoint}`,
      ...wire(config),
      embedded: isLoopback(config.endpoint),
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
    ...wire(config, () => emulator.now()),
    embedded: true,
    close: () => emulator.close(),
  };
}

/** The paragraph every command's help ends with. */
const BACKEND_HELP = `Backend: Huawei Cloud when HUAWEICLOUD_SDK_AK/SK are set (with HUAWEICLOUD_SDK_PROJECT_ID
and BYOK_REGION or BYOK_KMS_ENDPOINT), else the embedded cloud on BYOK_EMULATOR_DATA
(default .byok/emulator.db).
`;

export { BACKEND_HELP, BackendEnv, isLoopback, openBackend };
export type { Backend };
