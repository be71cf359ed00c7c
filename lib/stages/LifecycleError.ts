/**
 * Domain failures of the lifecycle stages. They carry a stable `code`, a `retryable` flag and `expose: true`:
 * the message is written for operators, says what to do, and never contains material, tokens or secret values,
 * so the stage middlewares put it into the failure event as is.
 */

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
  /** KMS refused the import token again after the chain fetched new parameters once. */
  TokenRejected: 'BYOK.IMPORT_TOKEN_REJECTED',
} as const;
type LifecycleErrorCode = (typeof LifecycleErrorCode)[keyof typeof LifecycleErrorCode];

interface LifecycleErrorOptions extends ErrorOptions {
  /** A `LifecycleErrorCode` or a Huawei code kept from the cloud (`KMS.2606`). */
  code: string;
  retryable?: boolean;
  keyId?: string;
  /** Needs a human: written at error level with `alert: true` (KMS.2606, fingerprint mismatch). */
  alert?: boolean;
}

/** A lifecycle stage refused or failed; see {@link LifecycleErrorCode}. */
class LifecycleError extends Error {
  override readonly name = 'LifecycleError' as const;
  readonly code: string;
  readonly retryable: boolean;
  readonly keyId: string | undefined;
  readonly alert: boolean;
  /** The message is safe to show (classifyError reads this flag). */
  readonly expose = true;

  constructor(message: string, options: LifecycleErrorOptions) {
    const { code, retryable, keyId, alert, ...errorOptions } = options;
    super(message, errorOptions);
    this.code = code;
    this.retryable = retryable ?? false;
    this.keyId = keyId;
    this.alert = alert ?? false;
  }
}

/** True for a {@link LifecycleError}, also across module copies. */
function isLifecycleError(error: unknown): error is LifecycleError {
  return error instanceof LifecycleError || (error instanceof Error && error.name === 'LifecycleError');
}

export { LifecycleError, LifecycleErrorCode, isLifecycleError };
export type { LifecycleErrorOptions };
