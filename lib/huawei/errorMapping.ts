/**
 * Builds {@link CloudApiError}s from Huawei error bodies and from network failures, deciding
 * `retryable` and `ambiguous` from the failure and the operation's retry class (operations.ts).
 */
import { CloudApiError, ErrorKind } from '../errors/index.js';
import { adviceFor } from './errorAdvice.js';
import { kindOf } from './errorKinds.js';
import { isRecord, optStr } from './normalise.js';
import type { OperationSpec } from './operations.js';

/** What an error body says. */
interface ParsedErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

/**
 * Reads the three shapes seen on Huawei Cloud (docs/huawei-api.md#error-bodies): KMS nested
 * `{"error":{"error_code","error_msg"}}`, flat `{"error_code","error_msg"}` (CSMS, API gateway,
 * FunctionGraph), and `{"error":{"code","message"}}` (IAM and some gateways).
 *
 * @example
 * parseErrorBody({ error: { error_code: 'KMS.2606', error_msg: '...' } }).code // 'KMS.2606'
 */
function parseErrorBody(body: unknown): ParsedErrorBody {
  if (!isRecord(body)) return {};
  const nested = isRecord(body['error']) ? body['error'] : undefined;
  const code = optStr(nested?.['error_code']) ?? optStr(nested?.['code']) ?? optStr(body['error_code']) ?? optStr(body['code']);
  const message = optStr(nested?.['error_msg']) ?? optStr(nested?.['message']) ?? optStr(body['error_msg']) ?? optStr(body['message']);
  const requestId = optStr(body['request_id']) ?? optStr(nested?.['request_id']);
  const parsed: ParsedErrorBody = {};
  if (code !== undefined) parsed.code = code;
  if (message !== undefined) parsed.message = message;
  if (requestId !== undefined) parsed.requestId = requestId;
  return parsed;
}

/**
 * Huawei's message, shortened, with long base64/hex runs blanked: a service that echoed a token or
 * wrapped material back must not carry it into our logs.
 */
function scrub(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  const blanked = flat.replace(/[A-Za-z0-9+/=]{40,}/g, '[redacted]').replace(/[.\s]+$/, '');
  return blanked.length > 200 ? `${blanked.slice(0, 200)}...` : blanked;
}

function isThrottle(httpStatus: number | undefined, code: string): boolean {
  return httpStatus === 429 || code === 'APIG.0308';
}

function compose(op: OperationSpec, code: string, httpStatus: number | undefined, serviceMessage: string | undefined, advice: string): string {
  const status = httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`;
  const said = serviceMessage ? `: ${scrub(serviceMessage)}` : '';
  return `${op.name} failed: ${code}${status}${said}. What to do: ${advice}.`;
}

function ambiguousAdvice(op: OperationSpec): string {
  return `the request may have been applied although no success was seen, so it was not repeated; ${op.ambiguousAdvice ?? 'check the resource before repeating'}`;
}

/** The error for a response with a non-2xx status. */
function errorFromResponse(op: OperationSpec, httpStatus: number, body: unknown, headerRequestId?: string): CloudApiError {
  const parsed = parseErrorBody(body);
  const code = parsed.code ?? `HTTP.${httpStatus}`;
  const throttled = isThrottle(httpStatus, code);
  // A 5xx may come after the service applied the change: ambiguous. 429 is rejected before processing.
  const ambiguous = !throttled && httpStatus >= 500;
  const retryable = throttled || (ambiguous && op.idempotent);
  const advice = ambiguous && !op.idempotent ? ambiguousAdvice(op) : adviceFor(code, httpStatus, parsed.message);
  return new CloudApiError({
    operation: op.name,
    code,
    kind: kindOf(code, httpStatus),
    httpStatus,
    requestId: headerRequestId ?? parsed.requestId,
    retryable,
    ambiguous,
    message: compose(op, code, httpStatus, parsed.message, advice),
  });
}

/** Network codes raised before any byte of the request left: nothing can have been applied. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** Not worth retrying within one call: the endpoint itself is wrong. */
const PERMANENT = new Set(['ENOTFOUND']);

/** The error for a request that got no HTTP response (`code`: ETIMEDOUT, ECONNRESET, ...). */
function errorFromNetwork(op: OperationSpec, code: string): CloudApiError {
  const notSent = NOT_SENT.has(code);
  const retryable = !PERMANENT.has(code) && (notSent || op.idempotent);
  const advice = !notSent && !op.idempotent ? ambiguousAdvice(op) : adviceFor(code, undefined);
  return new CloudApiError({
    operation: op.name,
    code,
    kind: ErrorKind.Unavailable,
    retryable,
    ambiguous: !notSent,
    message: compose(op, code, undefined, undefined, advice),
  });
}

/** A failure detected on this side (bad parameter, unreadable response). Never retryable. */
function clientError(op: OperationSpec, reason: 'InvalidParameter' | 'BadResponse', detail: string, requestId?: string): CloudApiError {
  const advice =
    reason === 'BadResponse'
      ? 'the service answered in an unexpected shape; report it with the request id'
      : 'fix the argument';
  return new CloudApiError({
    operation: op.name,
    code: `CLIENT.${reason}`,
    kind: reason === 'BadResponse' ? ErrorKind.Unknown : ErrorKind.InvalidRequest,
    requestId,
    retryable: false,
    message: `${op.name} failed: CLIENT.${reason}: ${detail}. What to do: ${advice}.`,
  });
}

export { clientError, errorFromNetwork, errorFromResponse, parseErrorBody };
export type { ParsedErrorBody };
