/**
 * After the domain imported a key's pinned material, the key's other permanently associated materials (earlier
 * rotations, docs/aws.md#materials) get the same expiry: on AWS any one of them lapsing puts the whole key in
 * PendingImport, so a renewal that refreshed only the current one would leave the key to expire anyway.
 *
 * Each material's secret version comes from its description (materials.ts). It is wrapped by the lifecycle's own
 * wrapForImport (the one place plaintext exists), and imported with its KeyMaterialId, so AWS refuses any other
 * material (IncorrectKeyMaterialException): the server-side twin of the fingerprint check, which needs no tag.
 */
import { WRAPPING_ALGORITHM } from '../lifecycle/fetchParameters.js';
import { LifecycleError } from '../lifecycle/LifecycleError.js';
import type { ManagedKey } from '../lifecycle/managedKey.js';
import { wrapForImport } from '../lifecycle/wrapForImport.js';
import { ErrorKind, hasKind } from '../errors/index.js';
import type { Clock, SecretStore } from '../ports/index.js';
import { parseTtl } from '../ttl.js';
import type { Expiration } from './expiration.js';
import type { AfterImport, KmsImports } from './KmsImports.js';
import { isPermanent, materialSource } from './materials.js';
import type { KeyMaterial, MaterialSource } from './materials.js';

/** Codes of the refresh's own refusals. */
const RefreshErrorCode = {
  /** A material's description names no secret version: byok-keeper cannot re-import it. */
  UnknownMaterial: 'BYOK.AWS_MATERIAL_UNKNOWN',
  /** The secret version a material's description names holds other material. */
  OtherMaterialMismatch: 'BYOK.AWS_MATERIAL_MISMATCH',
} as const;

/** AWS keeps ValidTo in seconds. */
const EXPIRY_TOLERANCE_MS = 1_000;

/** The material already has the expiry this import asks for (nothing to do). */
function upToDate(material: KeyMaterial, expiration: Expiration): boolean {
  if (!material.imported) return false;
  if (expiration.ExpirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE') return material.validTo === undefined;
  return material.validTo !== undefined && Math.abs(material.validTo.getTime() - expiration.ValidTo.getTime()) <= EXPIRY_TOLERANCE_MS;
}

const short = (id: string): string => id.slice(0, 12);

class MaterialRefresher {
  readonly #imports: Pick<KmsImports, 'parameters' | 'reimport'>;
  readonly #deps: { secrets: SecretStore; clock: Clock };

  constructor(imports: Pick<KmsImports, 'parameters' | 'reimport'>, deps: { secrets: SecretStore; clock: Clock }) {
    this.#imports = imports;
    this.#deps = deps;
  }

  /**
   * Re-imports every other permanent material of the key whose expiry differs from the one just requested.
   *
   * @throws {LifecycleError} `BYOK.AWS_MATERIAL_UNKNOWN`, `BYOK.AWS_MATERIAL_MISMATCH`; `CloudApiError`
   */
  async refresh(after: AfterImport): Promise<void> {
    const others = after.materials.filter((m) => m.id !== after.importedMaterialId && isPermanent(m) && !upToDate(m, after.expiration));
    for (const material of others) {
      const source = materialSource(material.description);
      if (source === undefined) {
        throw new LifecycleError(
          `key ${after.keyId} holds key material ${short(material.id)}… whose description names no secret version, so ` +
            'byok-keeper cannot renew it and the key will go to PendingImport when it expires; re-import that material ' +
            'once with KeyMaterialDescription "byok-keeper secret=<name> version=<id>"',
          { code: RefreshErrorCode.UnknownMaterial, kind: ErrorKind.InvalidState, keyId: after.keyId, alert: true },
        );
      }
      await this.#refreshOne(after.keyId, material, source, after.expiration);
    }
  }

  async #refreshOne(keyId: string, material: KeyMaterial, source: MaterialSource, expiration: Expiration): Promise<void> {
    // The fingerprint is not checked here: the KeyMaterialId sent with the import makes AWS check the material.
    const key: ManagedKey = { keyId, tags: { secretName: source.secretName, versionId: source.versionId, ttl: 'never', alias: '' }, ttl: parseTtl('never') };
    for (let refetch = 0; ; refetch++) {
      const params = await this.#imports.parameters(keyId, WRAPPING_ALGORITHM);
      const wrapped = await wrapForImport(this.#deps, key, { publicKey: params.publicKey, algorithm: WRAPPING_ALGORITHM });
      try {
        await this.#imports.reimport(material, { keyId, importToken: params.importToken, encryptedKeyMaterial: wrapped.encryptedKeyMaterial }, expiration);
        return;
      } catch (error) {
        if (hasKind(error, ErrorKind.MaterialMismatch)) {
          throw new LifecycleError(
            `ALERT: secret ${source.secretName} version ${source.versionId} does not hold key material ` +
              `${short(material.id)}… of key ${keyId} (AWS refused it); restore that material in that version`,
            { code: RefreshErrorCode.OtherMaterialMismatch, kind: ErrorKind.InvalidState, keyId, alert: true, cause: error },
          );
        }
        if (!hasKind(error, ErrorKind.ImportTokenRejected) || refetch >= 1) throw error;
      }
    }
  }
}

export { MaterialRefresher, RefreshErrorCode };
