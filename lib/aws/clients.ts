/**
 * The three AWS SDK clients, built alike: no SDK retries (AwsCaller.ts retries by the operation's retry class), a
 * per-request deadline, byok-keeper's user agent, and no SDK logger (its default prints nothing). All three are
 * pinned to the same release (package.json), the last to run on Node 20 without notice; see docs/aws.md#node-20
 * for the Node-version warning they print at construction and how the deployment silences it.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BYOK_VERSION } from '../huawei/userAgent.js';
import type { AwsCloudConfig } from './config.js';

/** A KMS, a Secrets Manager and a Lambda client for one region. */
interface AwsClients {
  kms: KMSClient;
  secrets: SecretsManagerClient;
  lambda: LambdaClient;
}

/** Per-request deadline: a hung connection must not eat a function's whole timeout. */
const REQUEST_TIMEOUT_MS = 10_000;
const CONNECTION_TIMEOUT_MS = 3_000;

/**
 * @example
 * const { kms, secrets, lambda } = createAwsClients(resolveAwsConfig(process.env));
 */
function createAwsClients(config: Pick<AwsCloudConfig, 'region' | 'endpoint'>): AwsClients {
  const common = {
    maxAttempts: 1,
    customUserAgent: `byok-keeper/${BYOK_VERSION}`,
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
    ...(config.region !== undefined ? { region: config.region } : {}),
    ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
  };
  return { kms: new KMSClient(common), secrets: new SecretsManagerClient(common), lambda: new LambdaClient(common) };
}

export { createAwsClients };
export type { AwsClients };
