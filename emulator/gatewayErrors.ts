/**
 * The API gateway's own rejections, answered before any service sees the request, in the
 * gateway's FLAT shape `{"error_code","error_msg"}`. Codes and message prefixes follow Huawei's
 * APIG error table and FAQ ("Incorrect IAM authentication information: verify aksk signature
 * fail", "Get secretKey failed,ak:…,err:ak not exist", the 15-minute `x-sdk-date` window). Not
 * emulated: the five-failures-in-a-row AK lock-out.
 */
import type { EmulatorResponse } from './types.js';

/** Flat error body, as APIG, CSMS and the control surface answer. */
function flatError(status: number, code: string, message: string): EmulatorResponse {
  return { status, body: { error_code: code, error_msg: message } };
}

const IAM_PREFIX = 'Incorrect IAM authentication information: ';

const GatewayError = {
  /** 404 APIG.0101: no API at this path. */
  apiNotFound: (): EmulatorResponse =>
    flatError(404, 'APIG.0101', 'The API does not exist or has not been published in the environment.'),
  /** 404 APIG.0101: the path exists, the method does not. */
  methodNotFound: (): EmulatorResponse => flatError(404, 'APIG.0101', 'The API does not exist.'),
  /** 401 APIG.0301: every AK/SK, date and security-token failure. */
  authentication: (detail: string): EmulatorResponse => flatError(401, 'APIG.0301', IAM_PREFIX + detail),
  /**
   * 403 APIG.0302: a valid signature but the wrong project (X-Project-Id ≠ path, or a project
   * this account does not have). Huawei documents no dedicated gateway code for it.
   */
  forbidden: (detail: string): EmulatorResponse =>
    flatError(403, 'APIG.0302', `The IAM user is not authorized to access the API: ${detail}`),
  /** 503 APIG.0202: too many requests still sending their bodies (the emulator's own guard). */
  busy: (): EmulatorResponse => flatError(503, 'APIG.0202', 'Too many requests in progress: retry shortly.'),
  /** 413 APIG.0201. */
  tooLarge: (): EmulatorResponse => flatError(413, 'APIG.0201', 'Request entity too large.'),
  /** 429 APIG.0308, word for word as Huawei's gateway words it. */
  throttled: (limitPerSecond: number): EmulatorResponse =>
    flatError(
      429,
      'APIG.0308',
      `The throttling threshold has been reached: policy user over ratelimit,limit:${limitPerSecond},time:1 second`,
    ),
} as const;

export { GatewayError, flatError };
