/** The KMS operations the lifecycle needs, in the domain's words (implemented by lib/huawei and lib/aws). */
import type { DecryptResult, EncryptResult, ImportParameters, WrappingAlgorithm } from '../domain/ImportParameters.js';
import type { KeyInfo, KeyTag, KeyTagFilter, TaggedKey } from '../domain/KeyInfo.js';
import type { SecretValue } from '../domain/SecretValue.js';

/**
 * Two names a key can go by, kept apart on purpose: its **name** is fixed at creation (`<alias>-<version>`), while an
 * **alias** (`app`) is a pointer that a rotation moves from the old key to the new one. Aliases are given bare
 * (`app`); the adapter adds the provider's prefix (`alias/app`). Failures are `CloudApiError`s with a `kind`.
 */
interface KeyService {
  /** Creates a key with empty material (imported later): it starts in Pending import. */
  createExternalKey(input: { name: string; description?: string; keySpec: string }): Promise<{ keyId: string }>;
  describeKey(keyId: string): Promise<KeyInfo>;
  /** The live (not pending deletion) key with this name, if any: finds a key whose creation got no answer. */
  findKeyByName(name: string): Promise<KeyInfo | undefined>;
  /** The key the alias points at; `undefined` when the alias does not exist. */
  resolveAlias(alias: string): Promise<string | undefined>;
  /** Points the alias at `keyId`, creating the alias when it does not exist yet. */
  moveAlias(alias: string, keyId: string): Promise<void>;
  getParametersForImport(keyId: string, algorithm: WrappingAlgorithm): Promise<ImportParameters>;
  importKeyMaterial(input: {
    keyId: string;
    importToken: SecretValue;
    encryptedKeyMaterial: SecretValue;
    encryptedPrivatekey?: SecretValue;
    /** Omitted = the material never expires. */
    expirationTime?: Date;
  }): Promise<void>;
  deleteImportedKeyMaterial(keyId: string): Promise<void>;
  encryptData(keyId: string, plainText: SecretValue): Promise<EncryptResult>;
  decryptData(cipherText: string): Promise<DecryptResult>;
  showKeyTags(keyId: string): Promise<KeyTag[]>;
  /** Adds or overwrites tags. */
  putKeyTags(keyId: string, tags: KeyTag[]): Promise<void>;
  /** Removes the tags with these keys (absent ones are no error). */
  removeKeyTags(keyId: string, tagKeys: string[]): Promise<void>;
  /**
   * The keys carrying all the given tag keys, each with one of its values, one page at a time: a caller that
   * handles a page before asking for the next keeps its memory flat in the fleet's size.
   */
  keysByTags(filter: KeyTagFilter[]): AsyncIterable<TaggedKey[]>;
  enableKey(keyId: string): Promise<void>;
  disableKey(keyId: string): Promise<void>;
  /** Schedules the key's deletion after `pendingDays` (the cloud's own bounds apply, e.g. 7..1096 on Huawei). */
  scheduleKeyDeletion(keyId: string, pendingDays: number): Promise<void>;
}

export type { KeyService };
