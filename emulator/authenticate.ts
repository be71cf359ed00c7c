/**
 * The gateway's authentication step: AK lookup, signature, date window, security token. Any
 * failure is a 401 `APIG.0301` in the flat shape, with Huawei's message prefix.
 *
 * The date window is the gateway's ±15 minutes around the TRANSPORT's time, the wall clock: a
 * client that signs with real time (the official SDK's default, a deployed bundle, `byok` pointed at
 * `byok emulator`) keeps working however far a virtual clock has moved, since the virtual clock only
 * drives key expiry and the like. A date within ±15 minutes of the emulator's (virtual) time is
 * accepted too, so clients that sign with the emulator's time (`GET /_emulator/clock`, or functions
 * the emulator runs, whose `Date` is virtual) keep working. Outside both windows: `APIG.0301`.
 * Temporary credentials expire on the emulator's clock: they are the emulated IAM's state.
 */
import type { CredentialStore, Signer } from './credentials.js';
import { sameSecret } from './credentials.js';
import { GatewayError } from './gatewayErrors.js';
import { formatSdkDate, parseAuthorization, parseSdkDate, verifySignature } from './signature.js';
import type { AuthorizationParts, WireRequest } from './signature.js';
import type { Clock, EmulatorResponse } from './types.js';

/** The transport's time; injectable for tests. */
type WallClock = () => Date;

/** Huawei's gateway accepts an `X-Sdk-Date` up to 15 minutes either side of its own time. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

type AuthOutcome = { ok: true; accessKey: string; signer: Signer } | { ok: false; response: EmulatorResponse };
type HeaderOutcome = { ok: true; accessKey: string; signer: Signer; auth: AuthorizationParts } | { ok: false; response: EmulatorResponse };

function reject(detail: string): { ok: false; response: EmulatorResponse } {
  return { ok: false, response: GatewayError.authentication(detail) };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Everything the headers alone can prove, checked before a byte of the body is read: the Authorization format,
 * a known AK, the date window and the security token. The signature itself covers the body's hash, so it is
 * checked by {@link authenticate} once the body (hashed as it streamed) is in.
 *
 * @example
 * const early = authenticateHeaders(req.headers, credentials, clock);
 * if (!early.ok) return send(early.response); // the body is never read
 */
function authenticateHeaders(
  headers: WireRequest['headers'],
  credentials: CredentialStore,
  clock: Clock,
  wallNow: WallClock = () => new Date(),
): HeaderOutcome {
  const header = single(headers.authorization);
  if (header === undefined) return reject('Authorization header not found');
  const auth = parseAuthorization(header);
  if (auth === undefined) {
    return reject('Authorization header is malformed, expected SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…');
  }
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-sdk-date')) {
    return reject('SignedHeaders must include host and x-sdk-date');
  }
  const signedAt = parseSdkDate(single(headers['x-sdk-date']));
  if (signedAt === undefined) return reject('x-sdk-date is missing or malformed, expected YYYYMMDDTHHmmssZ');

  const signer = credentials.signerFor(auth.accessKey);
  if (signer === undefined) return reject(`Get secretKey failed,ak:${auth.accessKey},err:ak not exist`);

  const now = clock.now();
  const wall = wallNow();
  const within = (t: Date): boolean => Math.abs(t.getTime() - signedAt.getTime()) <= MAX_CLOCK_SKEW_MS;
  if (!within(wall) && !within(now)) {
    return reject(`signature expired, signature time:${formatSdkDate(signedAt)},server time:${formatSdkDate(wall)}`);
  }
  if (signer.kind === 'temporary') {
    const token = single(headers['x-security-token']);
    if (token === undefined || !auth.signedHeaders.includes('x-security-token')) {
      return reject('x-security-token not found (temporary credentials need their signed security token)');
    }
    if (!sameSecret(token, signer.securityToken)) return reject('verify security token fail');
    if (now.getTime() >= signer.expiresAtMs) {
      return reject(`token expires, expires_at:${new Date(signer.expiresAtMs).toISOString()}`);
    }
  }
  return { ok: true, accessKey: auth.accessKey, signer, auth };
}

/**
 * Checks who signed the request and that the signature, date and token hold.
 *
 * @example
 * const auth = authenticate(wire, credentials, clock);
 * if (!auth.ok) return send(auth.response);
 */
function authenticate(
  req: WireRequest,
  credentials: CredentialStore,
  clock: Clock,
  wallNow: WallClock = () => new Date(),
): AuthOutcome {
  const early = authenticateHeaders(req.headers, credentials, clock, wallNow);
  if (!early.ok) return early;
  if (!verifySignature(req, early.auth, early.signer.secretKey)) return reject('verify aksk signature fail');
  return { ok: true, accessKey: early.accessKey, signer: early.signer };
}

export { MAX_CLOCK_SKEW_MS, authenticate, authenticateHeaders };
export type { AuthOutcome, HeaderOutcome, WallClock };
