/**
 * Huawei Cloud KMS (v1.0 API) on `@huaweicloud/huaweicloud-sdk-core`: one method per operation, wire
 * names in the request bodies, typed domain values back (docs/huawei-api.md#kms-operations-used). Tags
 * and tag queries live on {@link KmsClient.tags}, aliases on {@link KmsClient.aliases}.
 */
import { keyStateToWire } from './keyStateWire.js';
import type { CreatedKey, KeyListPage, KeyStateChange, KmsKeyDetails } from './kmsTypes.js';
import type { KeyState } from '../domain/KeyState.js';
import type { DecryptResult, EncryptResult, ImportParameters, WrappingAlgorithm } from '../domain/ImportParameters.js';
import { revealSecret, SecretValue } from '../domain/SecretValue.js';
import { HuaweiTransport } from './HuaweiTransport.js';
import type { HuaweiTransportOptions } from './HuaweiTransport.js';
import { clientError } from './errorMapping.js';
import { KmsAliasClient } from './KmsAliasClient.js';
import { compact, toImportParameters, toKeyDetails, toKeyListPage, toKeyStateChange } from './kmsMappers.js';
import { KmsTagClient } from './KmsTagClient.js';
import { asRecord, optStr, reqStr, toEpochSeconds } from './normalise.js';
import { KmsOperation as Op } from './operations.js';

/** Either a shared transport (e.g. with {@link CsmsClient}) or the options to build one, never both. */
type KmsClientOptions = { transport: HuaweiTransport } | (HuaweiTransportOptions & { transport?: never });

interface CreateKeyInput {
  keyAlias: string;
  /** Default `AES_256`. */
  keySpec?: string;
  keyUsage?: string;
  keyDescription?: string;
  /** `external` for imported material (BYOK). Default `kms`. */
  origin?: 'kms' | 'external';
  enterpriseProjectId?: string;
}

interface ListKeysInput {
  /** Page size as sent ("limit"). */
  limit?: number;
  marker?: string;
  keyState?: KeyState;
  /** Default `ALL` (Huawei's own default, AES_256, hides asymmetric keys). */
  keySpec?: string;
}

interface ImportKeyMaterialInput {
  keyId: string;
  importToken: SecretValue | string;
  /** Base64 of the wrapped material (or of the wrapped temporary AES key for asymmetric import). */
  encryptedKeyMaterial: SecretValue | string;
  /** Asymmetric import only: base64 of the RFC 5649-wrapped PKCS#8 private key. */
  encryptedPrivatekey?: SecretValue | string;
  /** When KMS deletes the material (it does so within 24 h after); omit for never. Sent as epoch seconds. */
  expirationTime?: Date;
}

interface EncryptDataInput {
  keyId: string;
  plainText: SecretValue | string;
  encryptionContext?: Record<string, string>;
  encryptionAlgorithm?: string;
}

interface DecryptDataInput {
  cipherText: string;
  encryptionContext?: Record<string, string>;
  encryptionAlgorithm?: string;
  /** Asymmetric keys only. */
  keyId?: string;
}

const MAX_PAGES = 10_000;

/** Calls KMS. Results are domain values; failures are `CloudApiError`s. */
class KmsClient {
  readonly #transport: HuaweiTransport;
  /** Key tags and tag queries (`resource_instances`). */
  readonly tags: KmsTagClient;
  /** Aliases: create, list, associate (move), delete. */
  readonly aliases: KmsAliasClient;

  constructor(options: KmsClientOptions) {
    this.#transport = options.transport ?? new HuaweiTransport(options as HuaweiTransportOptions);
    this.tags = new KmsTagClient(this.#transport);
    this.aliases = new KmsAliasClient(this.#transport);
  }

  /** The transport, to share with a `CsmsClient`. */
  get transport(): HuaweiTransport {
    return this.#transport;
  }

  /** create-key. Not retried after an ambiguous failure: look the alias up before creating again. */
  createKey(input: CreateKeyInput): Promise<CreatedKey> {
    const body = {
      key_alias: input.keyAlias,
      key_spec: input.keySpec,
      key_usage: input.keyUsage,
      key_description: input.keyDescription,
      origin: input.origin,
      enterprise_project_id: input.enterpriseProjectId,
    };
    return this.#transport.call(Op.createKey, { body }, (raw) => {
      const info = asRecord(asRecord(raw, 'body')['key_info'], 'key_info');
      return compact<CreatedKey>({
        keyId: reqStr(info['key_id'], 'key_info.key_id'),
        domainId: optStr(info['domain_id']),
        regionId: optStr(info['region_id']),
      });
    });
  }

  /** describe-key; `keyId` may also be `alias/<name>`. */
  describeKey(keyId: string): Promise<KmsKeyDetails> {
    return this.#transport.call(Op.describeKey, { body: { key_id: keyId } }, (raw) =>
      toKeyDetails(asRecord(asRecord(raw, 'body')['key_info'], 'key_info')),
    );
  }

  /** One page of list-keys. */
  listKeysPage(input: ListKeysInput = {}): Promise<KeyListPage> {
    const body = {
      limit: input.limit === undefined ? undefined : String(input.limit),
      marker: input.marker,
      key_state: input.keyState === undefined ? undefined : keyStateToWire(input.keyState),
      key_spec: input.keySpec ?? 'ALL',
    };
    return this.#transport.call(Op.listKeys, { body }, (raw) => toKeyListPage(asRecord(raw, 'body')));
  }

  /** Every key, page after page (`marker = next_marker` while `truncated` is "true"). */
  async *iterateKeys(input: Omit<ListKeysInput, 'marker'> = {}): AsyncGenerator<KmsKeyDetails> {
    let marker: string | undefined;
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.listKeysPage(marker === undefined ? input : { ...input, marker });
      yield* result.keyDetails;
      if (!result.truncated || result.nextMarker === undefined) return;
      // A marker seen before would loop forever: the service is misbehaving.
      if (seen.has(result.nextMarker)) throw clientError(Op.listKeys, 'BadResponse', 'next_marker repeats a previous page');
      seen.add(result.nextMarker);
      marker = result.nextMarker;
    }
  }

  /** Every key, collected (see {@link KmsClient.iterateKeys}). */
  async listAllKeys(input: Omit<ListKeysInput, 'marker'> = {}): Promise<KmsKeyDetails[]> {
    const keys: KmsKeyDetails[] = [];
    for await (const key of this.iterateKeys(input)) keys.push(key);
    return keys;
  }

  /** get-parameters-for-import: a fresh wrapping key and import token (valid 24 h). */
  getParametersForImport(keyId: string, wrappingAlgorithm: WrappingAlgorithm = 'RSAES_OAEP_SHA_256'): Promise<ImportParameters> {
    return this.#transport.call(
      Op.getParametersForImport,
      { body: { key_id: keyId, wrapping_algorithm: wrappingAlgorithm } },
      (raw) => toImportParameters(asRecord(raw, 'body')),
    );
  }

  /** import-key-material. Never repeated after an ambiguous failure: re-check the key state instead. */
  async importKeyMaterial(input: ImportKeyMaterialInput): Promise<void> {
    const body = {
      key_id: input.keyId,
      import_token: revealSecret(input.importToken),
      encrypted_key_material: revealSecret(input.encryptedKeyMaterial),
      encrypted_privatekey: input.encryptedPrivatekey === undefined ? undefined : revealSecret(input.encryptedPrivatekey),
      expiration_time: input.expirationTime === undefined ? undefined : toEpochSeconds(input.expirationTime),
    };
    await this.#transport.call(Op.importKeyMaterial, { body }, () => undefined);
  }

  /** delete-imported-key-material: the key goes to Pending import. */
  async deleteImportedKeyMaterial(keyId: string): Promise<void> {
    await this.#transport.call(Op.deleteImportedKeyMaterial, { body: { key_id: keyId } }, () => undefined);
  }

  enableKey(keyId: string): Promise<KeyStateChange> {
    return this.#transport.call(Op.enableKey, { body: { key_id: keyId } }, (raw) => toKeyStateChange(asRecord(raw, 'body')));
  }

  disableKey(keyId: string): Promise<KeyStateChange> {
    return this.#transport.call(Op.disableKey, { body: { key_id: keyId } }, (raw) => toKeyStateChange(asRecord(raw, 'body')));
  }

  /** schedule-key-deletion; `pendingDays` 7..1096 (sent as a string, as the API wants). */
  scheduleKeyDeletion(keyId: string, pendingDays: number): Promise<KeyStateChange> {
    const body = { key_id: keyId, pending_days: String(pendingDays) };
    return this.#transport.call(Op.scheduleKeyDeletion, { body }, (raw) => toKeyStateChange(asRecord(raw, 'body')));
  }

  cancelKeyDeletion(keyId: string): Promise<KeyStateChange> {
    return this.#transport.call(Op.cancelKeyDeletion, { body: { key_id: keyId } }, (raw) => toKeyStateChange(asRecord(raw, 'body')));
  }

  /** encrypt-data (used to verify an import). */
  encryptData(input: EncryptDataInput): Promise<EncryptResult> {
    const body = {
      key_id: input.keyId,
      plain_text: revealSecret(input.plainText),
      encryption_context: input.encryptionContext,
      encryption_algorithm: input.encryptionAlgorithm,
    };
    return this.#transport.call(Op.encryptData, { body }, (raw) => {
      const res = asRecord(raw, 'body');
      return { keyId: reqStr(res['key_id'], 'key_id'), cipherText: reqStr(res['cipher_text'], 'cipher_text') };
    });
  }

  /** decrypt-data; the plaintext comes back wrapped in a {@link SecretValue}. */
  decryptData(input: DecryptDataInput): Promise<DecryptResult> {
    const body = {
      cipher_text: input.cipherText,
      encryption_context: input.encryptionContext,
      encryption_algorithm: input.encryptionAlgorithm,
      key_id: input.keyId,
    };
    return this.#transport.call(Op.decryptData, { body }, (raw) => {
      const res = asRecord(raw, 'body');
      const b64 = optStr(res['plain_text_base64']);
      return compact<DecryptResult>({
        keyId: reqStr(res['key_id'], 'key_id'),
        plainText: new SecretValue(typeof res['plain_text'] === 'string' ? res['plain_text'] : ''),
        plainTextBase64: b64 === undefined ? undefined : new SecretValue(b64),
      });
    });
  }
}

export { KmsClient };
export type { CreateKeyInput, DecryptDataInput, EncryptDataInput, ImportKeyMaterialInput, KmsClientOptions, ListKeysInput };
