/**
 * Ports: what the lifecycle needs from the outside world, and nothing more. Domain code (lib/stages,
 * lib/renewal) depends on these interfaces only; lib/huawei (and later lib/aws) implement them.
 */
import type { KeyInfo, KeyTag, TaggedKey } from '../domain/KeyInfo.js';
import type { DecryptResult, EncryptResult, ImportParameters, WrappingAlgorithm } from '../domain/ImportParameters.js';
import type { SecretValue } from '../domain/SecretValue.js';

/** The KMS operations the stages use. */
interface KeyService {
  /** Creates a CMK with empty material (origin external): it starts in Pending import. */
  createExternalKey(input: { alias: string; description?: string; keySpec: string }): Promise<{ keyId: string }>;
  describeKey(keyIdOrAlias: string): Promise<KeyInfo>;
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
  /** Adds or overwrites tags (batch). */
  putKeyTags(keyId: string, tags: KeyTag[]): Promise<void>;
  /** Every key carrying all the given tag keys with one of the values (all pages). */
  findKeysByTags(filter: { key: string; values: string[] }[]): Promise<TaggedKey[]>;
  /** Points `alias` at `keyId`, creating it when it does not exist yet. */
  moveAlias(alias: string, keyId: string): Promise<void>;
  /**
   * The live key whose `key_alias` (the key's own name, not an `alias/...`) is `keyAlias`, if any. Used to find a
   * key whose create-key succeeded although no answer arrived (added for lib/stages; all pages).
   */
  findKeyByKeyAlias(keyAlias: string): Promise<KeyInfo | undefined>;
}

/** A version of a secret, with its value. The value is sensitive: reveal it only to decode material. */
interface SecretMaterial {
  secretName: string;
  /** The concrete version id (`v3`), never `latest`. */
  versionId: string;
  /** `binary` = `secret_binary` (base64 on the wire), `string` = `secret_string`. */
  encoding: 'binary' | 'string';
  value: SecretValue;
}

/** The secret store (CSMS). */
interface SecretStore {
  /** `version` is a version id or `latest`. */
  readVersion(secretName: string, version: string): Promise<SecretMaterial>;
}

/** Hands a stage's output to the next stage: FunctionGraph async invoke in the cloud, in-process locally. */
interface Dispatcher {
  dispatch(stage: StageName, event: Record<string, unknown>): Promise<void>;
}

/** The stages that can be dispatched to. */
const StageName = {
  CreateKey: 'create-key',
  FetchParameters: 'fetch-parameters',
  WrapMaterial: 'wrap-material',
  ImportMaterial: 'import-material',
  OnEvent: 'on-event',
} as const;
type StageName = (typeof StageName)[keyof typeof StageName];

/** Time as the cloud sees it (the embedded cloud's clock may be virtual). */
interface Clock {
  now(): Date;
}

export { StageName };
export type { Clock, Dispatcher, KeyService, SecretMaterial, SecretStore };
