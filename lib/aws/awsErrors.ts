/**
 * A failed AWS SDK call as a {@link CloudApiError}: the exception's name is the code (AWS's own, kept for logs and
 * advice), the kind comes from errorKinds.ts, and the message says what to do in byok-keeper's terms. AWS's own
 * message is never copied: it can quote request values (an alias, a tag, a secret id).
 */
import { CloudApiError, ErrorKind } from '../errors/index.js';
import { kindOf } from './errorKinds.js';
import type { AwsOperationSpec } from './operations.js';

/** Failures before or on the wire, without an AWS answer. */
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'TimeoutError', 'RequestTimeout', 'AbortError']);
/** Failures where the request certainly never reached AWS. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const CODE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const ADVICE_BY_NAME: Readonly<Record<string, string>> = {
  IncorrectKeyMaterialException: 'the key holds other material; restore the original material in the pinned secret version',
  ExpiredImportTokenException: 'fetch new import parameters (they are valid 24 h) and wrap the material again',
  InvalidImportTokenException: 'fetch new import parameters and wrap the material again (a token serves one import of one key)',
  InvalidCiphertextException: 'fetch new import parameters and wrap the material with their public key',
  AccessDeniedException: 'grant the caller the IAM action named by the operation (docs/aws.md lists them)',
  CredentialsProviderError: 'configure AWS credentials the usual way (environment, shared profile, SSO or the instance role)',
  LimitExceededException: 'an AWS KMS resource quota is used up (keys, aliases or tags); free some or ask for more',
};

const ADVICE_BY_KIND: Readonly<Record<ErrorKind, string>> = {
  [ErrorKind.NotFound]: 'check the key, alias, secret or function exists in this account and region',
  [ErrorKind.AlreadyExists]: 'the name is taken; look the existing one up instead of creating it again',
  [ErrorKind.MaterialMismatch]: 'the key holds other material; restore the original material in the pinned secret version',
  [ErrorKind.ImportTokenRejected]: 'fetch new import parameters and wrap the material again',
  [ErrorKind.ReimportRefused]: 'AWS re-imports in place; renew with mode in-place',
  [ErrorKind.Throttled]: 'AWS throttled the call; lower the sweep rps for this API group or ask for a higher quota',
  [ErrorKind.InvalidState]: 'the key is not in a state that allows it (disabled, pending deletion, pending import, or not EXTERNAL)',
  [ErrorKind.Unavailable]: 'AWS did not answer in time or failed; retry later',
  [ErrorKind.Unauthorized]: 'check the credentials, the region and the IAM permissions of the caller',
  [ErrorKind.InvalidRequest]: 'the request was refused as malformed; check the input named by the operation',
  [ErrorKind.QuotaExceeded]: 'an AWS quota is used up; free some resources or ask for more',
  [ErrorKind.Unknown]: 'retry later; if it persists, look the code up in the AWS documentation',
};

interface AwsErrorFields {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

/** The code of a thrown value: the exception's name, or a Node system error's code (`ECONNRESET`). */
function codeOf(error: unknown): string {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorFields;
  const name = typeof fields.name === 'string' ? fields.name : '';
  const code = typeof fields.code === 'string' ? fields.code : '';
  const chosen = (name === '' || name === 'Error') && code !== '' ? code : name;
  return CODE.test(chosen) ? chosen : 'UnknownError';
}

/**
 * The {@link CloudApiError} for an SDK failure of `operation`.
 *
 * @example
 * errorFromAws(AwsOperation.ImportKeyMaterial, error).kind // 'material-mismatch' for IncorrectKeyMaterialException
 */
function errorFromAws(operation: AwsOperationSpec, error: unknown): CloudApiError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorFields;
  const code = codeOf(error);
  const status = typeof fields.$metadata?.httpStatusCode === 'number' ? fields.$metadata.httpStatusCode : undefined;
  const requestId = typeof fields.$metadata?.requestId === 'string' ? fields.$metadata.requestId.slice(0, 128) : undefined;
  const network = NETWORK.has(code) && status === undefined;
  const kind = network ? ErrorKind.Unavailable : kindOf(code, status, operation.name);
  const notSent = NOT_SENT.has(code);
  const mayHaveApplied = kind === ErrorKind.Unavailable && !notSent;
  const ambiguous = !operation.idempotent && mayHaveApplied;
  const retryable = kind === ErrorKind.Throttled || (kind === ErrorKind.Unavailable && (operation.idempotent || notSent));
  const advice = ambiguous && operation.ambiguousAdvice !== undefined ? operation.ambiguousAdvice : (ADVICE_BY_NAME[code] ?? ADVICE_BY_KIND[kind]);
  return new CloudApiError({
    operation: operation.name,
    code,
    kind,
    httpStatus: status,
    requestId,
    retryable,
    ambiguous,
    message: `${operation.name} failed: ${code}${status !== undefined ? ` (HTTP ${status})` : ''}. What to do: ${advice}.`,
  });
}

/**
 * A refusal this side makes before calling AWS (`CLIENT.<reason>`), in the same shape as AWS's own failures.
 *
 * @example
 * throw clientError('GetParametersForImport', 'UnsupportedWrappingAlgorithm', ErrorKind.InvalidRequest, 'request RSAES_OAEP_SHA_256');
 */
function clientError(operation: string, reason: string, kind: ErrorKind, whatToDo: string): CloudApiError {
  return new CloudApiError({
    operation,
    code: `CLIENT.${reason}`,
    kind,
    retryable: false,
    message: `${operation} refused before calling AWS: ${reason}. What to do: ${whatToDo}.`,
  });
}

export { clientError, codeOf, errorFromAws };
