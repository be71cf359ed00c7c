/**
 * Import wrapped material into a key, verify the key (Enabled with the requested expiry — unless verification is
 * off —, an encrypt/decrypt probe) and record the material's fingerprint after the key's first import.
 */
import { KeyState } from '../domain/KeyState.js';
import { SecretValue } from '../domain/SecretValue.js';
import { ErrorKind, hasKind } from '../errors/index.js';
import type { CloudApiError } from '../errors/index.js';
import { TagKey } from '../tags.js';
import { completeAlias } from './completeAlias.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import type { ImportOutcome, LifecycleDeps, WrappedMaterial } from './types.js';

/** A fixed, non-secret probe: encrypting and decrypting it proves the key works with its material. */
const PROBE_TEXT = 'byok-keeper import probe';
/** KMS stores the expiry in seconds; allow that rounding. */
const EXPIRY_TOLERANCE_MS = 1_000;

/** What to import. */
interface ImportInput {
  /** The token of the same get-parameters-for-import answer whose wrapping key wrapped the material. */
  importToken: SecretValue;
  wrapped: WrappedMaterial;
  /** The key carries `byok:fp` already (it is written after the first import only). */
  fingerprintRecorded: boolean;
}

function verifyFailed(keyId: string, what: string): LifecycleError {
  return new LifecycleError(`key ${keyId} was imported but ${what}; check the key in the KMS console`, {
    code: LifecycleErrorCode.VerifyFailed,
    retryable: true,
    keyId,
  });
}

function differentMaterial(keyId: string, cause: CloudApiError): LifecycleError {
  return new LifecycleError(
    `ALERT: KMS refused the material for key ${keyId} (${cause.code}): it is not the material this key received ` +
      'first, and a key accepts no other. Not retried. Restore the original material in the secret version named by ' +
      `the key's ${TagKey.Secret}/${TagKey.Version} tags, or onboard the new material as a new key`,
    { code: cause.code, kind: ErrorKind.MaterialMismatch, keyId, alert: true, cause },
  );
}

/** Describe-key check: the key is Enabled with the requested expiry. */
async function describeImported(deps: LifecycleDeps, keyId: string, requested: Date | undefined): Promise<Date | undefined> {
  const info = await deps.keys.describeKey(keyId);
  if (info.keyState !== KeyState.Enabled) throw verifyFailed(keyId, `its state is ${info.keyState}`);
  const actual = info.expirationTime;
  if (requested === undefined && actual !== undefined) {
    throw verifyFailed(keyId, `its material expires at ${actual.toISOString()} although no expiry was requested`);
  }
  if (requested !== undefined && (actual === undefined || Math.abs(actual.getTime() - requested.getTime()) > EXPIRY_TOLERANCE_MS)) {
    throw verifyFailed(keyId, `its material expiry (${actual?.toISOString() ?? 'none'}) is not the requested ${requested.toISOString()}`);
  }
  return actual;
}

async function probe(deps: LifecycleDeps, keyId: string): Promise<void> {
  const encrypted = await deps.keys.encryptData(keyId, new SecretValue(PROBE_TEXT));
  const decrypted = await deps.keys.decryptData(encrypted.cipherText);
  if (decrypted.keyId !== keyId || decrypted.plainText.reveal() !== PROBE_TEXT) {
    throw verifyFailed(keyId, 'an encrypt/decrypt probe did not round-trip');
  }
}

/**
 * The import call alone. A material KMS refuses as not the key's own becomes an alert (never to retry); a refused
 * token surfaces as the `CloudApiError` of kind `ImportTokenRejected` (fetch new parameters and wrap again).
 *
 * @throws {LifecycleError} material mismatch; `CloudApiError`
 */
async function importWrapped(deps: Pick<LifecycleDeps, 'keys'>, importToken: SecretValue, wrapped: WrappedMaterial): Promise<void> {
  try {
    await deps.keys.importKeyMaterial({
      keyId: wrapped.keyId,
      importToken,
      encryptedKeyMaterial: wrapped.encryptedKeyMaterial,
      ...(wrapped.expiresAt !== undefined ? { expirationTime: wrapped.expiresAt } : {}),
    });
  } catch (error) {
    if (hasKind(error, ErrorKind.MaterialMismatch)) throw differentMaterial(wrapped.keyId, error);
    throw error;
  }
}

/**
 * After a successful import: the describe-key check (unless `verifyImport` is off: then the import's success
 * stands for Enabled with the requested expiry), the probe (unless `verifyProbe` is off), and on the key's first
 * import its missing alias (completeAlias.ts) and then `byok:fp` — in that order, so an alias that could not be
 * made is tried again by the next import, which is still a first one.
 *
 * @throws {LifecycleError} `BYOK.VERIFY_FAILED`; `CloudApiError`
 */
async function verifyImported(deps: LifecycleDeps, wrapped: WrappedMaterial, fingerprintRecorded: boolean): Promise<ImportOutcome> {
  const keyId = wrapped.keyId;
  const verify = deps.options?.verifyImport ?? true;
  const expiresAt = verify ? await describeImported(deps, keyId, wrapped.expiresAt) : wrapped.expiresAt;
  if (deps.options?.verifyProbe ?? true) await probe(deps, keyId);
  if (!fingerprintRecorded) {
    await completeAlias(deps, keyId);
    await deps.keys.putKeyTags(keyId, [{ key: TagKey.Fingerprint, value: wrapped.fingerprint }]);
  }
  return { keyId, state: KeyState.Enabled, expiresAt, fingerprintRecorded: !fingerprintRecorded };
}

/**
 * Imports, verifies and records the fingerprint ({@link importWrapped}, then {@link verifyImported}).
 *
 * @throws {LifecycleError} material mismatch (an alert, never to retry), `BYOK.VERIFY_FAILED`; `CloudApiError`
 * @example
 * const outcome = await importMaterial(deps, { importToken: params.importToken, wrapped, fingerprintRecorded: false });
 */
async function importMaterial(deps: LifecycleDeps, input: ImportInput): Promise<ImportOutcome> {
  await importWrapped(deps, input.importToken, input.wrapped);
  return verifyImported(deps, input.wrapped, input.fingerprintRecorded);
}

export { PROBE_TEXT, importMaterial, importWrapped, verifyImported };
export type { ImportInput };
