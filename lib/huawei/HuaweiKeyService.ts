/** The {@link KeyService} port over Huawei KMS (or the embedded cloud), through {@link KmsClient}. */
import type { KeyInfo, KeyTag, TaggedKey } from '../domain/KeyInfo.js';
import type { DecryptResult, EncryptResult, ImportParameters, WrappingAlgorithm } from '../domain/ImportParameters.js';
import type { SecretValue } from '../domain/SecretValue.js';
import { isCloudApiError } from '../errors.js';
import type { KeyService } from '../ports/index.js';
import type { KmsClient } from './KmsClient.js';

/** The code KMS answers for a missing key or alias. */
const NOT_FOUND = 'KMS.0207';

/**
 * KMS as the lifecycle sees it. Aliases are `alias/<name>` entities (create-alias / associate-alias), apart from a
 * key's own `key_alias` name, so a rotation can move `alias/<name>` while each key keeps its name.
 *
 * @example
 * const keys = new HuaweiKeyService(createHuaweiClients({ config }).kms);
 */
class HuaweiKeyService implements KeyService {
  readonly #kms: KmsClient;

  constructor(kms: KmsClient) {
    this.#kms = kms;
  }

  async createExternalKey(input: { alias: string; description?: string; keySpec: string }): Promise<{ keyId: string }> {
    const created = await this.#kms.createKey({
      keyAlias: input.alias,
      keySpec: input.keySpec,
      origin: 'external',
      ...(input.description !== undefined ? { keyDescription: input.description } : {}),
    });
    return { keyId: created.keyId };
  }

  describeKey(keyIdOrAlias: string): Promise<KeyInfo> {
    return this.#kms.describeKey(keyIdOrAlias);
  }

  getParametersForImport(keyId: string, algorithm: WrappingAlgorithm): Promise<ImportParameters> {
    return this.#kms.getParametersForImport(keyId, algorithm);
  }

  importKeyMaterial(input: {
    keyId: string;
    importToken: SecretValue;
    encryptedKeyMaterial: SecretValue;
    encryptedPrivatekey?: SecretValue;
    expirationTime?: Date;
  }): Promise<void> {
    return this.#kms.importKeyMaterial(input);
  }

  deleteImportedKeyMaterial(keyId: string): Promise<void> {
    return this.#kms.deleteImportedKeyMaterial(keyId);
  }

  encryptData(keyId: string, plainText: SecretValue): Promise<EncryptResult> {
    return this.#kms.encryptData({ keyId, plainText });
  }

  decryptData(cipherText: string): Promise<DecryptResult> {
    return this.#kms.decryptData({ cipherText });
  }

  showKeyTags(keyId: string): Promise<KeyTag[]> {
    return this.#kms.tags.showKeyTags(keyId);
  }

  putKeyTags(keyId: string, tags: KeyTag[]): Promise<void> {
    return this.#kms.tags.batchCreateKeyTags(keyId, tags);
  }

  findKeysByTags(filter: { key: string; values: string[] }[]): Promise<TaggedKey[]> {
    return this.#kms.tags.listAllKeysByTags({ tags: filter });
  }

  /** Associates an existing alias with `keyId`, or creates it when describe-key says it does not exist. */
  async moveAlias(alias: string, keyId: string): Promise<void> {
    let current: string | undefined;
    try {
      current = (await this.#kms.describeKey(alias)).keyId;
    } catch (error) {
      if (!isCloudApiError(error) || error.code !== NOT_FOUND) throw error;
    }
    if (current === keyId) return;
    if (current === undefined) await this.#kms.aliases.createAlias(keyId, alias);
    else await this.#kms.aliases.associateAlias(alias, keyId);
  }

  async findKeyByKeyAlias(keyAlias: string): Promise<KeyInfo | undefined> {
    for await (const key of this.#kms.iterateKeys()) {
      if (key.keyAlias === keyAlias && key.scheduledDeletionDate === undefined) return key;
    }
    return undefined;
  }
}

export { HuaweiKeyService };
