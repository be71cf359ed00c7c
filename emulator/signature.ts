/**
 * SDK-HMAC-SHA256 verification, the scheme of `@huaweicloud/huaweicloud-sdk-core`'s
 * `auth/AKSKSigner.js` (docs/huawei-api.md#request-signing), computed from what actually arrives on the wire:
 *
 *   canonical = METHOD \n URI \n QUERY \n lower-name:value\n… \n signed;headers \n payload-hash
 *   string-to-sign = "SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + hex(sha256(canonical))
 *   signature = hex(HMAC-SHA256(SK, string-to-sign))
 *
 * Canonical URI, the subtle part. The Node signer encodes the path as *it* saw it: the request
 * URL run through legacy `url.parse` (which escapes `{ } | \ ^ \` ' " < >` and whitespace but
 * leaves non-ASCII alone), then every `/`-segment percent-encoded again (RFC 3986 unreserved
 * characters kept) and a `/` appended. axios then sends the WHATWG-normalised path: non-ASCII
 * and control characters as UTF-8 `%XX`, `:` `|` `^` `'` raw, space as `%20`. So from the wire
 * path we rebuild the signer's view: legacy-escape it, and, because a `%C3%A9` on the wire may
 * have been `é` or a literal `%C3%A9` to the signer, also try with those escapes decoded. Either
 * candidate may match; both are the same path. Not recognised (the SDK's own ambiguity): one
 * path mixing raw non-ASCII characters with literal `%XX` escapes of non-ASCII bytes, and dot
 * segments, which WHATWG resolves before sending. Verified against the official signer: a
 * FunctionGraph URN `urn:fss:…` is signed as `urn%3Afss%3A…`; a tag key `a b` in a DELETE path
 * travels as `a%20b` and is signed as `a%2520b`.
 *
 * Query: decoded pairs (the SDK signs its `queryParams` object, axios sends it with
 * `querystring.stringify`), keys sorted, values of a repeated key sorted, each part encoded.
 * Payload hash: `X-Sdk-Content-Sha256` when present (`UNSIGNED-PAYLOAD`, or the body's hash),
 * else sha256 of the raw body bytes, which is what the SDK hashes (`JSON.stringify(data)` =
 * exactly the bytes axios sends).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';

const ALGORITHM = 'SDK-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const CONTENT_SHA256_HEADER = 'x-sdk-content-sha256';

/** The request as received, before any decoding. */
interface WireRequest {
  method: string;
  /** Path part of the request target, exactly as received. */
  rawPath: string;
  /** Query part without the `?`, exactly as received ('' when none). */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Hex sha256 of `body`, when it was computed as the body streamed in. */
  bodySha256?: string;
}

/** The parts of an `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` header. */
interface AuthorizationParts {
  accessKey: string;
  /** Lower-cased, in the order given. */
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION_PATTERN =
  /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]{64})\s*$/;
const SDK_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** What legacy `url.parse` percent-escapes in a path (Node's `autoEscapeChars`). */
const LEGACY_ESCAPED = /[{}|\\^`'"<> \r\n\t]/g;
/** Escapes WHATWG adds and legacy `url.parse` does not: control characters, DEL and non-ASCII bytes. */
const WHATWG_ONLY_ESCAPES = /(?:%(?:[01][0-9A-Fa-f]|7[Ff]|[89A-Fa-f][0-9A-Fa-f]))+/g;

/** Percent-encodes like the SDK's `urlEncode`: only `A-Za-z0-9-_.~` stay as they are. */
function sdkUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Parses the Authorization header; `undefined` when absent or not in the SDK's format. */
function parseAuthorization(value: string | undefined): AuthorizationParts | undefined {
  const match = value === undefined ? null : AUTHORIZATION_PATTERN.exec(value);
  if (!match) return undefined;
  const [, accessKey = '', signed = '', signature = ''] = match;
  return { accessKey, signedHeaders: signed.toLowerCase().split(';'), signature: signature.toLowerCase() };
}

/** Parses `X-Sdk-Date` (`YYYYMMDDTHHmmssZ`, UTC); `undefined` when malformed. */
function parseSdkDate(value: string | undefined): Date | undefined {
  const m = value === undefined ? null : SDK_DATE_PATTERN.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20240230 over to March; a real timestamp formats back to itself.
  return formatSdkDate(date) === value ? date : undefined;
}

/** Formats a time the way the signer writes `X-Sdk-Date`. */
function formatSdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function canonicalUriOf(path: string): string {
  const encoded = path.split('/').map(sdkUrlEncode).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

function legacyEscape(path: string): string {
  return path.replace(LEGACY_ESCAPED, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function decodeWhatwgOnly(path: string): string {
  return path.replace(WHATWG_ONLY_ESCAPES, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** The canonical URIs the official signer may have produced for this wire path (one or two). */
function canonicalUriCandidates(rawPath: string): string[] {
  const first = canonicalUriOf(legacyEscape(rawPath));
  const decoded = decodeWhatwgOnly(rawPath);
  return decoded === rawPath ? [first] : [first, canonicalUriOf(legacyEscape(decoded))];
}

/** The canonical query string of a raw query. */
function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const params = parseQueryString(rawQuery);
  const parts: string[] = [];
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    const values = Array.isArray(value) ? [...value].sort() : [value ?? ''];
    for (const v of values) parts.push(`${sdkUrlEncode(key)}=${sdkUrlEncode(v)}`);
  }
  return parts.join('&');
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The payload hash, or `undefined` when `X-Sdk-Content-Sha256` claims a hash the body does not have. */
function payloadHash(req: WireRequest): string | undefined {
  const bodyHash = req.bodySha256 ?? sha256Hex(req.body);
  const claimed = headerValue(req.headers, CONTENT_SHA256_HEADER);
  if (claimed === undefined) return bodyHash;
  if (claimed === UNSIGNED_PAYLOAD) return claimed;
  return claimed.toLowerCase() === bodyHash ? claimed : undefined;
}

/**
 * The signatures the official signer could have computed for this request with this SK (one per
 * canonical-URI candidate); `undefined` when a signed header is missing or the body hash lies.
 */
function expectedSignatures(req: WireRequest, auth: AuthorizationParts, secretKey: string): string[] | undefined {
  const sdkDate = headerValue(req.headers, 'x-sdk-date');
  const hash = payloadHash(req);
  if (sdkDate === undefined || hash === undefined) return undefined;
  let canonicalHeaders = '';
  for (const name of auth.signedHeaders) {
    const value = headerValue(req.headers, name);
    if (value === undefined) return undefined;
    canonicalHeaders += `${name}:${value}\n`;
  }
  const query = canonicalQuery(req.rawQuery);
  const signedList = auth.signedHeaders.join(';');
  return canonicalUriCandidates(req.rawPath).map((uri) => {
    const canonical = [req.method, uri, query, canonicalHeaders, signedList, hash].join('\n');
    const stringToSign = `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
    return createHmac('sha256', secretKey).update(stringToSign).digest('hex');
  });
}

/** True when the request carries a valid signature by `secretKey`. Constant-time comparison. */
function verifySignature(req: WireRequest, auth: AuthorizationParts, secretKey: string): boolean {
  const expected = expectedSignatures(req, auth, secretKey);
  if (expected === undefined) return false;
  const given = Buffer.from(auth.signature, 'hex');
  return expected.some((sig) => {
    const want = Buffer.from(sig, 'hex');
    return want.length === given.length && timingSafeEqual(want, given);
  });
}

export {
  canonicalQuery,
  canonicalUriCandidates,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  sdkUrlEncode,
  sha256Hex,
  verifySignature,
};
export type { AuthorizationParts, WireRequest };
