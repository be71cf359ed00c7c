/**
 * The {@link KeyService} port over AWS KMS (docs/aws.md#ports-and-aws-calls), composed of the keys and their names
 * (KmsKeys.ts), aliases (`alias/<name>` as on Huawei, KmsAliases.ts), tags (KmsTags.ts) and imports (KmsImports.ts).
 *
 * Renewal on AWS is in place only: deleting imported material makes a key unusable at once, and AWS re-imports
 * the same material into an enabled key. So {@link AwsKeyService.deleteImportedKeyMaterial} refuses (the AWS wiring
 * never runs delete-first either, renewalOptions.ts), and the function role has no kms:DeleteImportedKeyMaterial.
 */
import { DecryptCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { DecryptResult, EncryptResult, ImportParameters, WrappingAlgorithm } from '../domain/ImportParameters.js';
import type { KeyInfo, KeyTag, KeyTagFilter, TaggedKey } from '../domain/KeyInfo.js';
import { SecretValue } from '../domain/SecretValue.js';
import { ErrorKind } from '../errors/index.js';
import type { Clock, KeyService, SecretStore } from '../ports/index.js';
import type { AwsCaller } from './AwsCaller.js';
import { clientError } from './awsErrors.js';
import type { WrappingKeySpec } from './config.js';
import { keyIdOf, toKeyInfo } from './keyMetadata.js';
import { KmsAliases } from './KmsAliases.js';
import { KmsImports } from './KmsImports.js';
import { KmsKeys } from './KmsKeys.js';
import type { ImportInput } from './KmsImports.js';
import { KmsTags, NAME_TAG, domainTags, mapLimit, nameOf } from './KmsTags.js';
import type { KeyMaterial, MaterialSource } from './materials.js';
import { MaterialRefresher } from './MaterialRefresher.js';
import { AwsOperation } from './operations.js';

/** Options of {@link AwsKeyService}. */
interface AwsKeyServiceOptions {
  kms: KMSClient;
  caller: AwsCaller;
  clock: Clock;
  /** Where the key's other materials are read when an import refreshes them all (MaterialRefresher.ts). */
  secrets: SecretStore;
  wrappingKeySpec: WrappingKeySpec;
}

const matches = (filter: readonly KeyTagFilter[]) => (tags: readonly KeyTag[]): boolean =>
  filter.every((f) => tags.some((t) => t.key === f.key && f.values.includes(t.value)));

/**
 * @example
 * const keys = new AwsKeyService({ kms, caller: new AwsCaller(), clock, secrets, wrappingKeySpec: 'RSA_2048' });
 */
class AwsKeyService implements KeyService {
  readonly #kms: KMSClient;
  readonly #caller: AwsCaller;
  readonly #tags: KmsTags;
  readonly #aliases: KmsAliases;
  readonly #imports: KmsImports;
  readonly #keys: KmsKeys;

  constructor(options: AwsKeyServiceOptions) {
    this.#kms = options.kms;
    this.#caller = options.caller;
    this.#tags = new KmsTags(options.kms, options.caller);
    this.#aliases = new KmsAliases(options.kms, options.caller);
    this.#keys = new KmsKeys(options.kms, options.caller, this.#aliases);
    let refresher: MaterialRefresher | undefined;
    this.#imports = new KmsImports({
      kms: options.kms,
      caller: options.caller,
      clock: options.clock,
      wrappingKeySpec: options.wrappingKeySpec,
      isSymmetric: (keyId) => this.#keys.isSymmetric(keyId),
      tagsOf: (keyId) => this.#tags.all(keyId),
      refreshOthers: (after) => refresher!.refresh(after),
    });
    refresher = new MaterialRefresher(this.#imports, { secrets: options.secrets, clock: options.clock });
  }

  /** The alias calls (the sweep lock uses them too). */
  get aliases(): KmsAliases {
    return this.#aliases;
  }

  async createExternalKey(input: { name: string; description?: string; keySpec: string }): Promise<{ keyId: string }> {
    return { keyId: await this.#keys.create(input) };
  }

  async describeKey(keyId: string): Promise<KeyInfo> {
    return toKeyInfo(await this.#keys.metadata(keyId));
  }

  findKeyByName(name: string): Promise<KeyInfo | undefined> {
    return this.#keys.findByName(name);
  }

  resolveAlias(alias: string): Promise<string | undefined> {
    return this.#aliases.resolve(alias);
  }

  moveAlias(alias: string, keyId: string): Promise<void> {
    return this.#aliases.move(alias, keyId);
  }

  getParametersForImport(keyId: string, algorithm: WrappingAlgorithm): Promise<ImportParameters> {
    return this.#imports.parameters(keyId, algorithm);
  }

  importKeyMaterial(input: ImportInput & { encryptedPrivatekey?: SecretValue }): Promise<void> {
    return this.#imports.importMaterial(input);
  }

  deleteImportedKeyMaterial(): Promise<void> {
    return Promise.reject(
      clientError('DeleteImportedKeyMaterial', 'InPlaceOnly', ErrorKind.InvalidRequest, 'on AWS byok-keeper renews in place only (mode in-place): deleting imported material makes the key unusable at once'),
    );
  }

  async encryptData(keyId: string, plainText: SecretValue): Promise<EncryptResult> {
    const out = await this.#caller.call(AwsOperation.Encrypt, () => this.#kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(plainText.reveal(), 'utf8') })));
    return { keyId: keyIdOf(out.KeyId ?? keyId), cipherText: Buffer.from(out.CiphertextBlob ?? []).toString('base64') };
  }

  async decryptData(cipherText: string): Promise<DecryptResult> {
    const out = await this.#caller.call(AwsOperation.Decrypt, () => this.#kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(cipherText, 'base64') })));
    const plain = Buffer.from(out.Plaintext ?? []);
    try {
      return { keyId: keyIdOf(out.KeyId ?? ''), plainText: new SecretValue(plain.toString('utf8')) };
    } finally {
      plain.fill(0);
      out.Plaintext?.fill(0);
    }
  }

  async showKeyTags(keyId: string): Promise<KeyTag[]> {
    return domainTags(await this.#tags.all(keyId));
  }

  putKeyTags(keyId: string, tags: KeyTag[]): Promise<void> {
    return this.#tags.put(keyId, domainTags(tags));
  }

  removeKeyTags(keyId: string, tagKeys: string[]): Promise<void> {
    return this.#tags.remove(keyId, tagKeys.filter((key) => key !== NAME_TAG));
  }

  async *keysByTags(filter: KeyTagFilter[]): AsyncIterable<TaggedKey[]> {
    for await (const page of this.#tags.scan(matches(filter))) {
      const described = await mapLimit(page, 8, async (key) => {
        const info = await this.#keys.describeIfExists(key.keyId, nameOf(key.tags));
        return info === undefined ? undefined : { keyId: key.keyId, info, tags: domainTags(key.tags) };
      });
      yield described.filter((k): k is TaggedKey & { info: KeyInfo } => k !== undefined);
    }
  }

  async enableKey(keyId: string): Promise<void> {
    await this.#caller.call(AwsOperation.EnableKey, () => this.#kms.send(new EnableKeyCommand({ KeyId: keyId })));
  }

  async disableKey(keyId: string): Promise<void> {
    await this.#caller.call(AwsOperation.DisableKey, () => this.#kms.send(new DisableKeyCommand({ KeyId: keyId })));
  }

  /** AWS's window is 7..30 days. */
  async scheduleKeyDeletion(keyId: string, pendingDays: number): Promise<void> {
    await this.#caller.call(AwsOperation.ScheduleKeyDeletion, () => this.#kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: pendingDays })));
  }

  /** AWS rotation, first half: new material waits as PENDING_ROTATION (rotateKeyMaterial.ts). */
  importNewMaterial(input: ImportInput & { source: MaterialSource }): Promise<string | undefined> {
    return this.#imports.importNew(input);
  }

  /** AWS rotation, second half: RotateKeyOnDemand. */
  rotateOnDemand(keyId: string): Promise<void> {
    return this.#imports.rotate(keyId);
  }

  /** Every material of a symmetric key. */
  listMaterials(keyId: string): Promise<KeyMaterial[]> {
    return this.#imports.materials(keyId);
  }
}

export { AwsKeyService };
export type { AwsKeyServiceOptions };
