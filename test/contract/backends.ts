/**
 * The two backends the contract suite runs on: the embedded Huawei cloud (real HTTP, the Huawei adapters) and the
 * AWS model (the AWS adapters behind aws-sdk-client-mock). Each gives the same ports and the few things the suite
 * needs beyond them: seeding secrets, moving the cloud's clock, the cloud's sweep options and its rotation.
 */
import { rotateKeyMaterial } from '../../lib/aws/rotateKeyMaterial.js';
import { awsRenewalOptions } from '../../lib/aws/renewalOptions.js';
import { AliasSweepLock } from '../../lib/huawei/AliasSweepLock.js';
import { rotateSecret } from '../../lib/lifecycle/index.js';
import type { AliasRotation } from '../../lib/lifecycle/index.js';
import type { Logger } from '../../lib/log/Logger.js';
import type { Clock, KeyService, SecretStore, SweepLock } from '../../lib/ports/index.js';
import { parseRenewalOptions } from '../../lib/renewal/options.js';
import type { RenewalOptions } from '../../lib/renewal/options.js';
import { startStageEnv } from '../helpers/stageEnv.js';
import { startAwsEnv } from '../aws/awsEnv.js';

/** What the contract suite runs against. */
interface ContractBackend {
  name: 'huawei' | 'aws';
  keys: KeyService;
  secrets: SecretStore;
  lock: SweepLock;
  clock: Clock;
  region: string;
  logger: Logger;
  /** Creates the secret, or adds a version that becomes the latest; answers the version id. */
  putSecret(name: string, material: Buffer): Promise<string>;
  advanceMs(ms: number): Promise<void>;
  /** The cloud's sweep options (AWS: in place only and its rates); fast rates for tests. */
  sweepOptions(raw?: Record<string, unknown>): RenewalOptions;
  /** The cloud's rotation of an alias onto its secret's latest version. */
  rotate(alias: string): Promise<AliasRotation[]>;
  close(): Promise<void>;
}

async function startHuawei(): Promise<ContractBackend> {
  const env = await startStageEnv();
  return {
    name: 'huawei',
    keys: env.keys,
    secrets: env.secrets,
    lock: new AliasSweepLock(env.kms.aliases, env.kms),
    clock: env.clock,
    region: env.emu.region,
    logger: env.logger,
    putSecret: (name, material) => env.createSecret(name, { secretBinary: material.toString('base64') }),
    advanceMs: (ms) => env.emu.advance(Math.round(ms / 1000)),
    sweepOptions: (raw = {}) => parseRenewalOptions({ rps: 10_000, ...raw }),
    rotate: (alias) => rotateSecret({ alias }, env.deps()),
    close: () => env.close(),
  };
}

async function startAws(): Promise<ContractBackend> {
  const env = startAwsEnv();
  return {
    name: 'aws',
    keys: env.keys,
    secrets: env.secrets,
    lock: env.lock,
    clock: env.clock,
    region: env.model.region,
    logger: env.logger,
    putSecret: (name, material) => env.putSecret(name, material),
    advanceMs: async (ms) => env.model.advance(ms),
    sweepOptions: (raw = {}) => awsRenewalOptions({ rps: 10_000, ...raw }),
    rotate: (alias) => rotateKeyMaterial({ keys: env.keys, secrets: env.secrets, clock: env.clock, logger: env.logger }, { alias }),
    close: async () => env.close(),
  };
}

/** Each backend by name, for `describe.each`. */
const BACKENDS: ReadonlyArray<{ name: string; start: () => Promise<ContractBackend> }> = [
  { name: 'huawei', start: startHuawei },
  { name: 'aws', start: startAws },
];

export { BACKENDS };
export type { ContractBackend };
