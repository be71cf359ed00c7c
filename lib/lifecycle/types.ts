/** What the lifecycle's typed functions take and answer. */
import type { KeyState } from '../domain/KeyState.js';
import type { SecretValue } from '../domain/SecretValue.js';
import type { Logger } from '../log/Logger.js';
import type { Clock, KeyService, SecretStore } from '../ports/index.js';

/** Tuning of an import; every field has a default. */
interface LifecycleOptions {
  /** Encrypt and decrypt a fixed non-secret string after each import. Default true. */
  verifyProbe?: boolean;
  /**
   * Describe the key after each import and check its state and expiry. Default true. A caller that re-reads every
   * key's state and expiry anyway (the renewal sweep's next discovery) may turn it off to save a call.
   */
  verifyImport?: boolean;
}

/** The outside world of the lifecycle: the ports, the cloud's clock, a logger. */
interface LifecycleDeps {
  keys: KeyService;
  secrets: SecretStore;
  /** Time as the cloud sees it (expiry requested at import, token validity). */
  clock: Clock;
  logger: Logger;
  options?: LifecycleOptions;
}

/** A key's material, wrapped for one import. */
interface WrappedMaterial {
  keyId: string;
  /** Base64 of the material wrapped with the wrapping key: useless without KMS's private key, still never logged. */
  encryptedKeyMaterial: SecretValue;
  /** The material's fingerprint (the `byok:fp` tag). */
  fingerprint: string;
  /** The expiry to request, from the key's ttl; `undefined` = never. */
  expiresAt: Date | undefined;
}

/** What an import did. */
interface ImportOutcome {
  keyId: string;
  state: KeyState;
  /** The material's expiry (verified, or as requested when verification is off); `undefined` = never. */
  expiresAt: Date | undefined;
  /** `byok:fp` was written by this import (the key's first). */
  fingerprintRecorded: boolean;
}

export type { ImportOutcome, LifecycleDeps, LifecycleOptions, WrappedMaterial };
