/** The {@link SecretStore} port over Huawei CSMS (or the embedded cloud), through {@link CsmsClient}. */
import { CloudApiError, ErrorKind } from '../errors/index.js';
import { LATEST_VERSION } from '../ports/index.js';
import type { SecretMaterial, SecretStore } from '../ports/index.js';
import type { CsmsClient } from './CsmsClient.js';

/** CSMS's own name for the newest version (it also answers to the SYSCURRENT stage). */
const CSMS_LATEST = 'latest';

/**
 * Reads secret versions with their value. The value stays a `SecretValue` until the one stage that decodes it.
 *
 * @example
 * const secrets = new HuaweiSecretStore(createHuaweiClients({ config }).csms);
 * const { versionId } = await secrets.readVersion('app-key', 'latest');
 */
class HuaweiSecretStore implements SecretStore {
  readonly #csms: CsmsClient;

  constructor(csms: CsmsClient) {
    this.#csms = csms;
  }

  async readVersion(secretName: string, version: string): Promise<SecretMaterial> {
    const found = await this.#csms.showSecretVersion(secretName, version === LATEST_VERSION ? CSMS_LATEST : version);
    const versionId = found.metadata.id;
    const hasString = found.secretString !== undefined && found.secretString.length > 0;
    const hasBinary = found.secretBinary !== undefined && found.secretBinary.length > 0;
    if (hasString === hasBinary) {
      throw new CloudApiError({
        operation: 'showSecretVersion',
        code: 'CLIENT.BadResponse',
        kind: ErrorKind.InvalidState,
        retryable: false,
        message:
          `showSecretVersion failed: CLIENT.BadResponse: secret ${secretName} version ${versionId} has ` +
          `${hasString ? 'both secret_string and secret_binary' : 'no value'}. What to do: store the material in ` +
          'exactly one of them.',
      });
    }
    return hasBinary
      ? { secretName, versionId, encoding: 'binary', value: found.secretBinary! }
      : { secretName, versionId, encoding: 'string', value: found.secretString! };
  }
}

export { HuaweiSecretStore };
