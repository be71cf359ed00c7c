/**
 * CSMS error codes with their HTTP status, from Huawei's DEW error-code table (mirrored by the
 * OTC KMS docs, `api-ref/source/appendix/error_code.rst`). The server renders them flat:
 * `{"error_code":"CSMS.0005","error_msg":"..."}`. Messages name fields, never values. Where the table is silent
 * the choice is listed in docs/emulator.md#csms-choices.
 */
import { WireError } from '../types.js';

const CsmsError = {
  /** 400: a parameter is missing or invalid. */
  InvalidParameter: { status: 400, code: 'CSMS.0002' },
  /** 400: the documented status of "resource does not exist" (not 404). */
  NotFound: { status: 400, code: 'CSMS.0005' },
  /** 409: the secret name is in use. */
  NameExists: { status: 409, code: 'CSMS.0101' },
  /** 400: the secret is pending deletion and cannot be used. */
  PendingDeletion: { status: 400, code: 'CSMS.0103' },
  /** 400: SYSCURRENT / SYSPREVIOUS cannot be deleted. */
  SystemStage: { status: 400, code: 'CSMS.0105' },
  /** 400: deletion already scheduled. */
  AlreadyPendingDeletion: { status: 400, code: 'CSMS.0107' },
  /** 400: cancel of a deletion that is not scheduled. */
  NotPendingDeletion: { status: 400, code: 'CSMS.0108' },
  /** 403: the secret is not ENABLED. */
  NotEnabled: { status: 403, code: 'CSMS.0109' },
  /** 400: secret quota reached. */
  SecretQuota: { status: 400, code: 'CSMS.0202' },
  /**
   * 400: 20 versions per secret. Huawei documents the limit but no code for it; the emulator
   * answers the documented "reached the upper limit" code of the same family.
   */
  VersionQuota: { status: 400, code: 'CSMS.0202' },
  /** 400: 12 stages per secret. */
  StageQuota: { status: 400, code: 'CSMS.0203' },
} as const;
type CsmsError = (typeof CsmsError)[keyof typeof CsmsError];

/** Builds the `WireError` a handler throws. */
function csmsError(kind: CsmsError, message: string): WireError {
  return new WireError(kind.status, kind.code, message);
}

export { CsmsError, csmsError };
