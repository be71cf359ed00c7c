/**
 * The ports' own vocabulary of failures. Each adapter (Huawei, AWS) sets the kind of every error it raises from
 * the provider's answer; the domain decides on the kind and never matches a provider's code, which stays on the
 * error for logs and advice.
 */
const ErrorKind = {
  /** The key, alias, secret or version does not exist. */
  NotFound: 'not-found',
  /** A name or alias is taken. */
  AlreadyExists: 'already-exists',
  /** The key holds other material than the one offered: a key accepts only its first material. */
  MaterialMismatch: 'material-mismatch',
  /** The import token expired or failed verification: fetch new import parameters. */
  ImportTokenRejected: 'import-token-rejected',
  /** The cloud refuses to import into a key that still has its material (renew delete-first instead). */
  ReimportRefused: 'reimport-refused',
  /** The gateway or service throttled the call. */
  Throttled: 'throttled',
  /** The resource is in a state that forbids the call (disabled, pending deletion, wrong origin). */
  InvalidState: 'invalid-state',
  /** The cloud could not be reached or failed (network, timeout, 5xx). */
  Unavailable: 'unavailable',
  /** Credentials, signature, clock skew or permissions refused. */
  Unauthorized: 'unauthorized',
  /** The request itself is malformed. */
  InvalidRequest: 'invalid-request',
  /** A quota (keys, tags, secrets) is used up. */
  QuotaExceeded: 'quota-exceeded',
  /** Anything the adapter could not place. */
  Unknown: 'unknown',
} as const;
type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

export { ErrorKind };
