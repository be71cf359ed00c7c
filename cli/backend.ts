/**
 * Where `byok` commands find KMS and CSMS: Huawei Cloud when its credentials are in the environment
 * (`HUAWEICLOUD_SDK_AK`/`SK`, see lib/huawei/config.ts), otherwise the embedded cloud started in this process on
 * `BYOK_EMULATOR_DATA` (default `.byok/emulator.db`) and closed by {@link Backend.close}. With `--cloud aws`: AWS KMS
 * and Secrets Manager, credentials and region the SDK's usual way (lib/aws/config.ts, docs/aws.md).
 */
import { DEFAULT_DATA_FILE, DataFileError, startEmulator } from '../emulator/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import type { AwsPorts } from '../lib/aws/wiring.js';
import { SecretValue } from '../lib/domain/SecretValue.js';
import { ConfigError, isConfigError } from '../lib/errors/index.js';
import { createHuaweiClients, hasCloudCredentials, resolveHuaweiConfig } from '../lib/huawei/index.js';
import type { CsmsClient, EnvSource, HuaweiCloudConfig, HuaweiTransport, KmsClient } from '../lib/huawei/index.js';
import { portsOver } from '../lib/huawei/wiring.js';
import type { Clock, KeyService, SecretStore, SweepLock } from '../lib/ports/index.js';
import { parseRenewalOptions } from '../lib/renewal/options.js';
import type { RenewalOptions } from '../lib/renewal/options.js';

/** Environment variables read here besides the Huawei ones. */
const BackendEnv = {
  /** Data file of the embedded cloud. */
  EmulatorData: 'BYOK_EMULATOR_DATA',
  /** `real` or `virtual`: the embedded cloud's clock; default the data file's own (virtual once it was virtual). */
  EmulatorClock: 'BYOK_EMULATOR_CLOCK',
} as const;

/** The clouds `--cloud` names; without it, Huawei Cloud or the embedded cloud as the environment says. */
const Cloud = { Huawei: 'huawei', Aws: 'aws' } as const;
type Cloud = (typeof Cloud)[keyof typeof Cloud];

/** The one `--cloud` flag, shared by the commands that open a backend (parseArgs configuration). */
const CLOUD_OPTION = { cloud: { type: 'string' } } as const;

/**
 * The cloud a `--cloud` value names.
 *
 * @throws {ConfigError} for anything but `huawei` or `aws` (the value is not echoed)
 */
function parseCloud(value: string | undefined): Cloud | undefined {
  if (value === undefined) return undefined;
  if (value === Cloud.Huawei || value === Cloud.Aws) return value;
  if (value === '') throw new ConfigError('--cloud needs a value: huawei or aws', ['--cloud']);
  throw new ConfigError('--cloud must be huawei or aws', ['--cloud']);
}

/**
 * `--cloud C` (or `--cloud=C`) taken out of a command's arguments, for commands whose own parsing does not know it.
 *
 * @throws {ConfigError} for a value other than huawei or aws, or a missing one
 * @example
 * const { cloud, argv } = takeCloud(['--alias', 'app', '--cloud', 'aws']); // cloud 'aws', argv ['--alias', 'app']
 */
function takeCloud(given: readonly string[]): { cloud: Cloud | undefined; argv: string[] } {
  const argv: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < given.length; i++) {
    const arg = given[i]!;
    if (arg === '--cloud') value = given[++i] ?? '';
    else if (arg.startsWith('--cloud=')) value = arg.slice('--cloud='.length);
    else argv.push(arg);
  }
  return { cloud: parseCloud(value), argv };
}

/** How a sweep's options are read for a cloud: AWS adds its rules (in place only, its rates; lib/aws/renewalOptions.ts). */
async function renewalOptionsFor(cloud: Cloud | undefined): Promise<(raw: unknown) => RenewalOptions> {
  if (cloud !== Cloud.Aws) return parseRenewalOptions;
  return (await import('../lib/aws/renewalOptions.js')).awsRenewalOptions;
}

/** The ports a command works with, and what they talk to. */
interface Backend {
  /** `huawei`, `embedded` or `aws`. */
  kind: 'huawei' | 'embedded' | 'aws';
  /** For people: `Huawei Cloud at https://kms.cn-north-4.myhuaweicloud.com`, `embedded cloud (.byok/emulator.db)`, `AWS (eu-west-1)`. */
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
  /** Stops the embedded cloud; nothing for the others. */
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
  const clock = env[BackendEnv.EmulatorClock]?.trim() || undefined;
  if (clock !== undefined && clock !== 'real' && clock !== 'virtual') {
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

/** AWS KMS and Secrets Manager for the SDK's own credentials and region. */
async function openAws(env: EnvSource): Promise<Backend> {
  // The pinned SDK warns once per process that later releases need Node 22 (docs/aws.md#node-20): on a command whose
  // failures are one line on stderr, that is noise. Set the variable to false to see it.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const [{ resolveAwsConfig }, { awsPorts }] = await Promise.all([import('../lib/aws/config.js'), import('../lib/aws/wiring.js')]);
  let ports: AwsPorts;
  let region: string;
  try {
    ports = awsPorts(resolveAwsConfig(env));
    region = await ports.clients.kms.config.region();
  } catch (error) {
    if (isConfigError(error)) throw error;
    throw new ConfigError('AWS has no region configured: set AWS_REGION (or a region in your AWS profile)', ['AWS_REGION']);
  }
  const { keys, secrets, lock, clock } = ports;
  return { kind: 'aws', description: `AWS (${region})`, keys, secrets, lock, clock, embedded: false, close: async () => {} };
}

/**
 * Opens the backend `cloud` names, or the one the environment selects. Close it when done.
 *
 * @throws {ConfigError} incomplete Huawei configuration (naming the variables), an AWS region missing, or an
 *   embedded cloud that cannot start
 * @example
 * const backend = await openBackend(process.env, { cloud: parseCloud(flags.cloud) });
 * try { ... } finally { await backend.close(); }
 */
async function openBackend(env: EnvSource, options: { cloud?: Cloud | undefined } = {}): Promise<Backend> {
  if (options.cloud === Cloud.Aws) return openAws(env);
  if (hasCloudCredentials(env) || options.cloud === Cloud.Huawei) {
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
(default .byok/emulator.db). --cloud huawei|aws picks one: aws is AWS KMS and Secrets Manager,
credentials and region found the AWS SDK's usual way (AWS_REGION).
`;

export { BACKEND_HELP, BackendEnv, CLOUD_OPTION, Cloud, isLoopback, openBackend, parseCloud, renewalOptionsFor, takeCloud };
export type { Backend };
