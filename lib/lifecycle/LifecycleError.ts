/**
 * The lifecycle's own refusals: a stable `code`, a `retryable` flag, and a message written for operators that says
 * what to do and never contains material, tokens or secret values.
 */
import { ByokError, isNamedError } from '../errors/index.js';
import type { ByokErrorOptions } from '../errors/index.js';

/** Codes of the failures the stages raise themselves (cloud failures keep Huawei's code). */
const LifecycleErrorCode = {
  /** The event names a key byok-keeper does not manage. */
  NotManaged: 'BYOK.NOT_MANAGED',
  /** The secret version does not hold 32 bytes of material in a supported form. */
  BadSecretMaterial: 'BYOK.BAD_SECRET_MATERIAL',
  /** The secret version holds other material than the key received first. */
  FingerprintMismatch: 'BYOK.FINGERPRINT_MISMATCH',
  /** A bad input to create-key (alias, ttl, secret) caught before any cloud call. */
  InvalidInput: 'BYOK.INVALID_INPUT',
  /** A key with the wanted name exists and is not ours to reuse. */
  KeyConflict: 'BYOK.KEY_CONFLICT',
  /** The alias already points at another key. */
  AliasInUse: 'BYOK.ALIAS_IN_USE',
  /** The import went through but the key does not look as requested. */
  VerifyFailed: 'BYOK.VERIFY_FAILED',
  /** KMS refused the import token again after new parameters were fetched once. */
  TokenRejected: 'BYOK.IMPORT_TOKEN_REJECTED',
  /** The key is not in a state the operation accepts (e.g. recover a key that has its material). */
  NotPendingImport: 'BYOK.NOT_PENDING_IMPORT',
  /** The key's state changed under the operation (disabled or scheduled for deletion meanwhile). */
  KeyStateChanged: 'BYOK.KEY_STATE_CHANGED',
} as const;
type LifecycleErrorCode = (typeof LifecycleErrorCode)[keyof typeof LifecycleErrorCode];

interface LifecycleErrorOptions extends ByokErrorOptions {
  keyId?: string;
  /** Needs a human: written at error level with `alert: true` (KMS.2606, fingerprint mismatch). */
  alert?: boolean;
}

/** A lifecycle stage refused or failed; see {@link LifecycleErrorCode}. */
class LifecycleError extends ByokError {
  override readonly name = 'LifecycleError' as const;
  readonly keyId: string | undefined;
  readonly alert: boolean;

  constructor(message: string, options: LifecycleErrorOptions) {
    const { keyId, alert, ...errorOptions } = options;
    super(message, errorOptions);
    this.keyId = keyId;
    this.alert = alert ?? false;
  }
}

/** True for a {@link LifecycleError}, also across module copies. */
const isLifecycleError = isNamedError<LifecycleError>('LifecycleError');

export { LifecycleError, LifecycleErrorCode, isLifecycleError };
export type { LifecycleErrorOptions };
