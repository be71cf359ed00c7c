/**
 * The AWS test bench: the AWS model behind every SDK client (attachModel.ts), the AWS ports over it (the real
 * adapters, as the Lambda functions build them), a captured logger, and helpers to seed secrets and onboard keys
 * through the same stages as on Huawei. Calls are not paced and retries do not wait, unless a test asks.
 *
 * @example
 * const env = startAwsEnv();
 * const { keyId } = await env.onboard({ alias: 'app', material: randomMaterial() });
 * env.close();
 */
import { randomBytes } from 'node:crypto';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsCallerOptions } from '../../lib/aws/AwsCaller.js';
import type { WrappingKeySpec } from '../../lib/aws/config.js';
import { awsPorts } from '../../lib/aws/wiring.js';
import type { AwsPorts } from '../../lib/aws/wiring.js';
import { InProcessDispatcher } from '../../lib/dispatch/InProcessDispatcher.js';
import { Logger } from '../../lib/log/Logger.js';
import { StageName } from '../../lib/ports/index.js';
import type { StageDeps } from '../../lib/stages/types.js';
import { captureLines } from '../helpers/fgContext.js';
import type { CapturedLines } from '../helpers/fgContext.js';
import { attachModel } from './model/attachModel.js';
import type { AttachedModel } from './model/attachModel.js';
import type { AwsModel, AwsModelOptions } from './model/AwsModel.js';

/** Calls unpaced, retries without waiting: tests that measure pacing pass their own. */
const FAST_CALLER: AwsCallerOptions = { operationRps: {}, retry: { sleep: async () => {}, random: () => 0.5 } };

interface AwsEnvOptions {
  model?: AwsModelOptions;
  caller?: AwsCallerOptions;
  /** Default RSA_2048 (the model makes its wrapping keys for real; RSA_4096 takes seconds). */
  wrappingKeySpec?: WrappingKeySpec;
}

interface OnboardInput {
  alias: string;
  /** The secret's first version; default 32 random bytes as SecretBinary. */
  material?: Buffer;
  secret?: string;
  ttl?: string;
}

interface AwsEnv extends AwsPorts {
  attached: AttachedModel;
  model: AwsModel;
  logs: CapturedLines;
  logger: Logger;
  /** A client of the model's Secrets Manager, to seed secrets. */
  sm: SecretsManagerClient;
  /** Creates the secret, or adds a version (made AWSCURRENT); answers the version id. */
  putSecret(name: string, value: Buffer | string): Promise<string>;
  dispatcher(): InProcessDispatcher;
  deps(): StageDeps;
  /** Onboards through the create-key chain (create, tag, alias, fetch, wrap, import). */
  onboard(input: OnboardInput): Promise<{ keyId: string; alias: string; secret: string; material: Buffer; versionId: string }>;
  close(): void;
}

/** 32 random bytes: AES-256 key material for a test. */
function randomMaterial(): Buffer {
  return randomBytes(32);
}

function startAwsEnv(options: AwsEnvOptions = {}): AwsEnv {
  const attached = attachModel(options.model);
  const { model } = attached;
  const ports = awsPorts(
    { region: model.region, wrappingKeySpec: options.wrappingKeySpec ?? 'RSA_2048' },
    { now: () => model.now(), caller: options.caller ?? FAST_CALLER },
  );
  const logs = captureLines();
  const logger = new Logger({ level: 'debug', write: logs.write, fields: { fn: 'test' } });
  const sm = new SecretsManagerClient({ region: model.region });
  const dispatcher = (): InProcessDispatcher => new InProcessDispatcher({ keys: ports.keys, secrets: ports.secrets, clock: ports.clock, logger });
  const env: AwsEnv = {
    ...ports,
    attached,
    model,
    logs,
    logger,
    sm,
    putSecret: async (name, value) => {
      const payload = typeof value === 'string' ? { SecretString: value } : { SecretBinary: new Uint8Array(value) };
      const out = model.secrets.secrets.has(name)
        ? await sm.send(new PutSecretValueCommand({ SecretId: name, ...payload }))
        : await sm.send(new CreateSecretCommand({ Name: name, ...payload }));
      return out.VersionId!;
    },
    dispatcher,
    deps: () => ({ keys: ports.keys, secrets: ports.secrets, clock: ports.clock, logger, dispatcher: dispatcher() }),
    onboard: async (input) => {
      const material = input.material ?? randomMaterial();
      const secret = input.secret ?? `${input.alias}-secret`;
      const versionId = await env.putSecret(secret, material);
      const result = await dispatcher().runChain(StageName.CreateKey, { alias: input.alias, secret: { name: secret }, ...(input.ttl !== undefined ? { ttl: input.ttl } : {}) });
      if (!result.ok) throw new Error(`onboarding failed: ${result.error.code} ${result.error.message}`);
      return { keyId: result.key_id, alias: input.alias, secret, material, versionId };
    },
    close: () => attached.restore(),
  };
  return env;
}

export { FAST_CALLER, randomMaterial, startAwsEnv };
export type { AwsEnv, AwsEnvOptions, OnboardInput };
