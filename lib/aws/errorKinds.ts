/**
 * AWS's answers as the ports' error kinds: the one place that knows which AWS exception means what to the domain
 * (docs/aws.md#error-table lists them). The key is the exception's `name` (the SDK's class name, which is AWS's
 * error code); a few names mean something else on one operation. Names not listed fall back on the HTTP status.
 */
import { ErrorKind } from '../errors/index.js';

const byName: Readonly<Record<string, ErrorKind>> = {
  // KMS
  NotFoundException: ErrorKind.NotFound,
  AlreadyExistsException: ErrorKind.AlreadyExists,
  IncorrectKeyMaterialException: ErrorKind.MaterialMismatch,
  ExpiredImportTokenException: ErrorKind.ImportTokenRejected,
  InvalidImportTokenException: ErrorKind.ImportTokenRejected,
  KMSInvalidStateException: ErrorKind.InvalidState,
  DisabledException: ErrorKind.InvalidState,
  UnsupportedOperationException: ErrorKind.InvalidState,
  ConflictException: ErrorKind.InvalidState,
  KeyUnavailableException: ErrorKind.Unavailable,
  DependencyTimeoutException: ErrorKind.Unavailable,
  KMSInternalException: ErrorKind.Unavailable,
  LimitExceededException: ErrorKind.QuotaExceeded,
  InvalidCiphertextException: ErrorKind.InvalidRequest,
  InvalidArnException: ErrorKind.InvalidRequest,
  InvalidAliasNameException: ErrorKind.InvalidRequest,
  InvalidMarkerException: ErrorKind.InvalidRequest,
  TagException: ErrorKind.InvalidRequest,
  // Secrets Manager
  ResourceNotFoundException: ErrorKind.NotFound,
  DecryptionFailure: ErrorKind.Unauthorized,
  InvalidRequestException: ErrorKind.InvalidState,
  InvalidParameterException: ErrorKind.InvalidRequest,
  InternalServiceError: ErrorKind.Unavailable,
  // Lambda
  TooManyRequestsException: ErrorKind.Throttled,
  EC2ThrottledException: ErrorKind.Throttled,
  ServiceException: ErrorKind.Unavailable,
  ResourceNotReadyException: ErrorKind.InvalidState,
  ResourceConflictException: ErrorKind.InvalidState,
  RequestTooLargeException: ErrorKind.InvalidRequest,
  InvalidRequestContentException: ErrorKind.InvalidRequest,
  // Every AWS service
  ThrottlingException: ErrorKind.Throttled,
  Throttling: ErrorKind.Throttled,
  RequestLimitExceeded: ErrorKind.Throttled,
  AccessDeniedException: ErrorKind.Unauthorized,
  UnrecognizedClientException: ErrorKind.Unauthorized,
  InvalidSignatureException: ErrorKind.Unauthorized,
  IncompleteSignature: ErrorKind.Unauthorized,
  ExpiredTokenException: ErrorKind.Unauthorized,
  InvalidClientTokenId: ErrorKind.Unauthorized,
  MissingAuthenticationToken: ErrorKind.Unauthorized,
  RequestExpired: ErrorKind.Unauthorized,
  CredentialsProviderError: ErrorKind.Unauthorized,
  ValidationException: ErrorKind.InvalidRequest,
  ServiceUnavailable: ErrorKind.Unavailable,
  InternalFailure: ErrorKind.Unavailable,
};

/** Names that mean something else on one operation. */
const byOperation: Readonly<Record<string, Readonly<Record<string, ErrorKind>>>> = {
  // On import it means KMS could not unwrap the material: it was wrapped for other import parameters.
  ImportKeyMaterial: { InvalidCiphertextException: ErrorKind.ImportTokenRejected },
};

/**
 * The kind of an AWS error answer.
 *
 * @example
 * kindOf('IncorrectKeyMaterialException', 400, 'ImportKeyMaterial') // 'material-mismatch'
 */
function kindOf(name: string, httpStatus: number | undefined, operation: string): ErrorKind {
  const known = byOperation[operation]?.[name] ?? byName[name];
  if (known !== undefined) return known;
  if (httpStatus === undefined) return ErrorKind.Unknown;
  if (httpStatus === 429) return ErrorKind.Throttled;
  if (httpStatus === 401 || httpStatus === 403) return ErrorKind.Unauthorized;
  if (httpStatus === 404) return ErrorKind.NotFound;
  if (httpStatus >= 500) return ErrorKind.Unavailable;
  if (httpStatus >= 400) return ErrorKind.InvalidRequest;
  return ErrorKind.Unknown;
}

/** Every name the table knows, for docs/aws.md's error table test. */
function knownErrorNames(): string[] {
  return Object.keys(byName);
}

export { knownErrorNames, kindOf };
