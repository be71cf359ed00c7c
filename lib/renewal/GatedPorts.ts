/** The ports as the sweep calls them: every call through the target's {@link PortGate}, grouped as the gateway throttles. */
import type { DecryptResult, EncryptResult, ImportParameters, WrappingAlgorithm } from '../domain/ImportParameters.js';
import type { KeyInfo, KeyTag, KeyTagFilter, TaggedKey } from '../domain/KeyInfo.js';
import type { SecretValue } from '../domain/SecretValue.js';
import type { KeyService, SecretMaterial, SecretStore } from '../ports/index.js';
import { ApiGroup } from './constants.js';
import type { PortGate } from './PortGate.js';

class GatedKeyService implements KeyService {
  readonly #keys: KeyService;
  readonly #gate: PortGate;

  constructor(keys: KeyService, gate: PortGate) {
    this.#keys = keys;
    this.#gate = gate;
  }

  createExternalKey(input: { name: string; description?: string; keySpec: string }): Promise<{ keyId: string }> {
    return this.#gate.through(ApiGroup.KmsKey, () => this.#keys.createExternalKey(input));
  }

  describeKey(keyId: string): Promise<KeyInfo> {
    return this.#gate.through(ApiGroup.KmsKey, () => this.#keys.describeKey(keyId));
  }

  findKeyByName(name: string): Promise<KeyInfo | undefined> {
    return this.#gate.through(ApiGroup.KmsKey, () => this.#keys.findKeyByName(name));
  }

  resolveAlias(alias: string): Promise<string | undefined> {
    return this.#gate.through(ApiGroup.KmsKey, () => this.#keys.resolveAlias(alias));
  }

  moveAlias(alias: string, keyId: string): Promise<void> {
    return this.#gate.through(ApiGroup.KmsKey, () => this.#keys.moveAlias(alias, keyId));
  }

  getParametersForImport(keyId: string, algorithm: WrappingAlgorithm): Promise<ImportParameters> {
    return this.#gate.through(ApiGroup.KmsImport, () => this.#keys.getParametersForImport(keyId, algorithm), undefined, keyId);
  }

  importKeyMaterial(input: Parameters<KeyService['importKeyMaterial']>[0]): Promise<void> {
    return this.#gate.through(ApiGroup.KmsImport, () => this.#keys.importKeyMaterial(input), undefined, input.keyId);
  }

  deleteImportedKeyMaterial(keyId: string): Promise<void> {
    return this.#gate.through(ApiGroup.KmsImport, () => this.#keys.deleteImportedKeyMaterial(keyId));
  }

  encryptData(keyId: string, plainText: SecretValue): Promise<EncryptResult> {
    return this.#gate.through(ApiGroup.KmsCrypto, () => this.#keys.encryptData(keyId, plainText));
  }

  decryptData(cipherText: string): Promise<DecryptResult> {
    return this.#gate.through(ApiGroup.KmsCrypto, () => this.#keys.decryptData(cipherText));
  }

  showKeyTags(keyId: string): Promise<KeyTag[]> {
    return this.#gate.through(ApiGroup.KmsTag, () => this.#keys.showKeyTags(keyId));
  }

  putKeyTags(keyId: string, tags: KeyTag[]): Promise<void> {
    return this.#gate.through(ApiGroup.KmsTag, () => this.#keys.putKeyTags(keyId, tags));
  }

  removeKeyTags(keyId: string, tagKeys: string[]): Promise<void> {
    return this.#gate.through(ApiGroup.KmsTag, () => this.#keys.removeKeyTags(keyId, tagKeys));
  }

  /** Each page is one call through the gate (the pager's final "done" sends nothing and is not counted). */
  async *keysByTags(filter: KeyTagFilter[]): AsyncIterable<TaggedKey[]> {
    const pages = this.#keys.keysByTags(filter)[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await this.#gate.through(ApiGroup.KmsTag, () => pages.next(), (page) => page.done !== true);
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      // A consumer that stops early (the sweep's deadline) closes the pager too.
      await pages.return?.();
    }
  }

  enableKey(keyId: string): Promise<void> {
    return this.#gate.through(ApiGroup.KmsKey, () => this.#keys.enableKey(keyId));
  }

  disableKey(keyId: string): Promise<void> {
    return this.#gate.through(ApiGroup.KmsKey, () => this.#keys.disableKey(keyId));
  }

  scheduleKeyDeletion(keyId: string, pendingDays: number): Promise<void> {
    return this.#gate.through(ApiGroup.KmsKey, () => this.#keys.scheduleKeyDeletion(keyId, pendingDays));
  }
}

class GatedSecretStore implements SecretStore {
  readonly #secrets: SecretStore;
  readonly #gate: PortGate;

  constructor(secrets: SecretStore, gate: PortGate) {
    this.#secrets = secrets;
    this.#gate = gate;
  }

  readVersion(secretName: string, version: string): Promise<SecretMaterial> {
    return this.#gate.through(ApiGroup.Csms, () => this.#secrets.readVersion(secretName, version));
  }
}

export { GatedKeyService, GatedSecretStore };
