/**
 * Huawei's answers as the ports' error kinds: the one place that knows which code means what to the domain
 * (docs/huawei-api.md lists the codes). Codes not listed fall back on the HTTP status.
 */
import { ErrorKind } from '../errors/index.js';

const byCode: Readonly<Record<string, ErrorKind>> = {
  'KMS.0207': ErrorKind.NotFound,
  'CSMS.0005': ErrorKind.NotFound,
  'FSS.0404': ErrorKind.NotFound,
  'KMS.1104': ErrorKind.AlreadyExists,
  'CSMS.0101': ErrorKind.AlreadyExists,
  'CSMS.0102': ErrorKind.AlreadyExists,
  'KMS.2606': ErrorKind.MaterialMismatch,
  'KMS.2601': ErrorKind.ImportTokenRejected,
  'KMS.2605': ErrorKind.ImportTokenRejected,
  'KMS.0310': ErrorKind.ReimportRefused,
  'APIG.0308': ErrorKind.Throttled,
  'APIGW.0308': ErrorKind.Throttled,
  'KMS.0209': ErrorKind.InvalidState,
  'KMS.0210': ErrorKind.InvalidState,
  'KMS.0309': ErrorKind.InvalidState,
  'KMS.0312': ErrorKind.InvalidState,
  'KMS.0328': ErrorKind.InvalidState,
  'KMS.1201': ErrorKind.InvalidState,
  'KMS.1301': ErrorKind.InvalidState,
  'KMS.1402': ErrorKind.InvalidState,
  'KMS.1501': ErrorKind.InvalidState,
  'KMS.2701': ErrorKind.InvalidState,
  'KMS.2702': ErrorKind.InvalidState,
  'CSMS.0103': ErrorKind.InvalidState,
  'CSMS.0107': ErrorKind.InvalidState,
  'CSMS.0109': ErrorKind.InvalidState,
  'KMS.0409': ErrorKind.QuotaExceeded,
  'KMS.1105': ErrorKind.QuotaExceeded,
  'CSMS.0202': ErrorKind.QuotaExceeded,
};

/**
 * The kind of an HTTP error answer.
 *
 * @example
 * kindOf('KMS.2606', 400) // 'material-mismatch'
 */
function kindOf(code: string, httpStatus: number): ErrorKind {
  const known = byCode[code];
  if (known !== undefined) return known;
  if (httpStatus === 429) return ErrorKind.Throttled;
  if (httpStatus === 401 || httpStatus === 403) return ErrorKind.Unauthorized;
  if (httpStatus === 404) return ErrorKind.NotFound;
  if (httpStatus >= 500) return ErrorKind.Unavailable;
  if (httpStatus >= 400) return ErrorKind.InvalidRequest;
  return ErrorKind.Unknown;
}

export { kindOf };
