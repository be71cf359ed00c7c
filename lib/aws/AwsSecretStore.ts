/**
 * The {@link SecretStore} port over AWS Secrets Manager. A key pins a version by its `VersionId`; the domain's
 * `latest` is the version staged `AWSCURRENT` (Secrets Manager's word for the current one).
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretValue } from '../domain/SecretValue.js';
import { ErrorKind } from '../errors/index.js';
import { LATEST_VERSION } from '../ports/index.js';
import type { SecretMaterial, SecretStore } from '../ports/index.js';
import type { AwsCaller } from './AwsCaller.js';
import { clientError } from './awsErrors.js';
import { AwsOperation } from './operations.js';

/** Secrets Manager's staging label of the current version. */
const AWS_CURRENT = 'AWSCURRENT';

/**
 * @example
 * const secrets = new AwsSecretStore(clients.secrets, caller);
 * const { versionId } = await secrets.readVersion('app-key', 'latest'); // the AWSCURRENT version's id
 */
class AwsSecretStore implements SecretStore {
  readonly #client: SecretsManagerClient;
  readonly #caller: AwsCaller;

  constructor(client: SecretsManagerClient, caller: AwsCaller) {
    this.#client = client;
    this.#caller = caller;
  }

  async readVersion(secretName: string, version: string): Promise<SecretMaterial> {
    const which = version === LATEST_VERSION ? { VersionStage: AWS_CURRENT } : { VersionId: version };
    const out = await this.#caller.call(AwsOperation.GetSecretValue, () => this.#client.send(new GetSecretValueCommand({ SecretId: secretName, ...which })));
    const versionId = out.VersionId;
    const hasString = typeof out.SecretString === 'string' && out.SecretString.length > 0;
    const hasBinary = out.SecretBinary !== undefined && out.SecretBinary.length > 0;
    if (versionId === undefined || hasString === hasBinary) {
      out.SecretBinary?.fill(0);
      const what = versionId === undefined ? 'no version id' : hasString ? 'both SecretString and SecretBinary' : 'no value';
      throw clientError('GetSecretValue', 'BadSecretVersion', ErrorKind.InvalidState, `secret ${secretName} answered with ${what}; store the material in exactly one of SecretString or SecretBinary`);
    }
    if (!hasBinary) return { secretName, versionId, encoding: 'string', value: new SecretValue(out.SecretString!) };
    // The port carries binary material as base64 text (CSMS's wire form); the SDK's bytes are zeroed at once.
    const binary = Buffer.from(out.SecretBinary!.buffer, out.SecretBinary!.byteOffset, out.SecretBinary!.byteLength);
    try {
      return { secretName, versionId, encoding: 'binary', value: new SecretValue(binary.toString('base64')) };
    } finally {
      binary.fill(0);
    }
  }
}

export { AWS_CURRENT, AwsSecretStore };
