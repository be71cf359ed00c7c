/** The {@link KeyService} port over Huawei KMS (or the embedded cloud), through {@link KmsClient}. */
import type { DecryptResult, EncryptResult, ImportParameters, WrappingAlgorithm } from '../domain/ImportParameters.js';
import type { KeyInfo, KeyTag, KeyTagFilter, TaggedKey } from '../domain/KeyInfo.js';
import type { SecretValue } from '../domain/SecretValue.js';
import { ErrorKind, hasKind } from '../errors/index.js';
import type { KeyService } from '../ports/index.js';
import type { KmsClient } from './KmsClient.js';
import { toKeyInfo } from './kmsTypes.js';

/**
 * Keys per page of the tag query (the API allows 1..1000). A page is one response parsed at once, and a caller
 * that streams (the renewal sweep) holds about one; pages of 1,000 keys drive the function's peak RSS near 130 MB,
 * pages of 200 keep it near 100 MB (bench/renewal.ts, memory), for five times as many calls (500 per 100,000 keys).
 */
const KEYS_BY_TAGS_PAGE_SIZE = 200;

/** Huawei names an alias `alias/<name>`; the port speaks of `<name>`. */
const ALIAS_PREFIX = 'alias/';

/** The KMS name of a bare alias (`app` → `alias/app`). */
function kmsAlias(alias: string): string {
  return alias.startsWith(ALIAS_PREFIX) ? alias : `${ALIAS_PREFIX}${alias}`;
}

/**
 * KMS as the lifecycle sees it. A key's name is its `key_alias` (set at create-key); an alias is an `alias/<name>`
 * entity (create-alias / associate-alias) that describe-key resolves, so a rotation can move it.
 *
 * @example
 * const keys = new HuaweiKeyService(createHuaweiClients({ config }).kms);
 */
class HuaweiKeyService implements KeyService {
  readonly #kms: KmsClient;

  constructor(kms: KmsClient) {
    this.#kms = kms;
  }

  async createExternalKey(input: { name: string; description?: string; keySpec: string }): Promise<{ keyId: string }> {
    const created = await this.#kms.createKey({
      keyAlias: input.name,
      keySpec: input.keySpec,
      origin: 'external',
      ...(input.description !== undefined ? { keyDescription: input.description } : {}),
    });
    return { keyId: created.keyId };
  }

  async describeKey(keyId: string): Promise<KeyInfo> {
    return toKeyInfo(await this.#kms.describeKey(keyId));
  }

  async findKeyByName(name: string): Promise<KeyInfo | undefined> {
    for await (const key of this.#kms.iterateKeys()) {
      if (key.keyAlias === name && key.scheduledDeletionDate === undefined) return toKeyInfo(key);
    }
    return undefined;
  }

  async resolveAlias(alias: string): Promise<string | undefined> {
    try {
      return (await this.#kms.describeKey(kmsAlias(alias))).keyId;
    } catch (error) {
      if (hasKind(error, ErrorKind.NotFound)) return undefined;
      throw error;
    }
  }

  /** Associates an existing alias with `keyId`, or creates it when it does not exist. */
  async moveAlias(alias: string, keyId: string): Promise<void> {
    const current = await this.resolveAlias(alias);
    if (current === keyId) return;
    if (current === undefined) await this.#kms.aliases.createAlias(keyId, kmsAlias(alias));
    else await this.#kms.aliases.associateAlias(kmsAlias(alias), keyId);
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

  removeKeyTags(keyId: string, tagKeys: string[]): Promise<void> {
    return this.#kms.tags.batchDeleteKeyTags(keyId, tagKeys.map((key) => ({ key })));
  }

  async *keysByTags(filter: KeyTagFilter[]): AsyncIterable<TaggedKey[]> {
    for await (const page of this.#kms.tags.pagesOfKeysByTags({ tags: filter }, KEYS_BY_TAGS_PAGE_SIZE)) {
      yield page.map((resource) => ({
        keyId: resource.resourceId,
        ...(resource.keyInfo !== undefined ? { info: toKeyInfo(resource.keyInfo) } : {}),
        tags: resource.tags,
      }));
    }
  }

  async enableKey(keyId: string): Promise<void> {
    await this.#kms.enableKey(keyId);
  }

  async disableKey(keyId: string): Promise<void> {
    await this.#kms.disableKey(keyId);
  }

  async scheduleKeyDeletion(keyId: string, pendingDays: number): Promise<void> {
    await this.#kms.scheduleKeyDeletion(keyId, pendingDays);
  }
}

export { HuaweiKeyService, kmsAlias };
