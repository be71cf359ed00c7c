/**
 * Errors as the AWS SDK raises them: the SDK's own exception classes where the service models one (so the adapter
 * meets real shapes: `name`, `$fault`, `$metadata.httpStatusCode`), its service base class for the generic ones
 * (ThrottlingException, ValidationException, AccessDeniedException).
 */
import * as kms from '@aws-sdk/client-kms';
import * as lambda from '@aws-sdk/client-lambda';
import * as secrets from '@aws-sdk/client-secrets-manager';

type Service = 'kms' | 'secretsmanager' | 'lambda';

const MODULES: Record<Service, Record<string, unknown>> = { kms, secretsmanager: secrets, lambda };
const BASES = { kms: kms.KMSServiceException, secretsmanager: secrets.SecretsManagerServiceException, lambda: lambda.LambdaServiceException };

/** HTTP status AWS answers with per error name (400 unless listed). */
const STATUS: Record<string, number> = {
  NotFoundException: 400,
  ResourceNotFoundException: 404,
  ThrottlingException: 400,
  TooManyRequestsException: 429,
  AccessDeniedException: 400,
  KMSInternalException: 500,
  InternalServiceError: 500,
  ServiceException: 500,
  DependencyTimeoutException: 503,
};

let serial = 0;

/**
 * An exception `name` of `service`, as the SDK would throw it.
 *
 * @example
 * throw awsError('kms', 'IncorrectKeyMaterialException', 'the key material does not match');
 */
function awsError(service: Service, name: string, message: string): Error {
  const status = STATUS[name] ?? 400;
  const $metadata = { httpStatusCode: status, requestId: `model-${(serial += 1)}`, attempts: 1, totalRetryDelay: 0 };
  const $fault = status >= 500 ? 'server' : 'client';
  const Known = MODULES[service][name];
  if (typeof Known === 'function' && Known.prototype instanceof Error) {
    return new (Known as new (opts: object) => Error)({ message, $metadata });
  }
  const Base = BASES[service] as unknown as new (opts: object) => Error;
  return new Base({ name, $fault, $metadata, message });
}

const kmsError = (name: string, message: string): Error => awsError('kms', name, message);
const smError = (name: string, message: string): Error => awsError('secretsmanager', name, message);
const lambdaError = (name: string, message: string): Error => awsError('lambda', name, message);

export { awsError, kmsError, lambdaError, smError };
export type { Service };
