/** Reading request fields the way KMS validates them, throwing Huawei's codes. */
import { KmsPatterns } from './constants.js';
import { kmsError } from './errors.js';
import type { KmsCode } from './errors.js';

/** A required string field; absent or empty → KMS.0204, not a string → KMS.0308. */
function requireString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined || value === null || value === '') throw kmsError('KMS.0204', `Missing parameter: ${name}.`);
  if (typeof value !== 'string') throw kmsError('KMS.0308', `Invalid parameter: ${name} must be a string.`);
  return value;
}

/** An optional string field; `undefined` when absent or null. */
function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw kmsError('KMS.0308', `Invalid parameter: ${name} must be a string.`);
  return value;
}

/** A key id proper (36 characters, lowercase); malformed → KMS.0205. */
function requireKeyId(body: Record<string, unknown>, name = 'key_id'): string {
  const keyId = requireString(body, name);
  if (!KmsPatterns.keyId.test(keyId)) throw kmsError('KMS.0205');
  return keyId;
}

/** A key id taken from the URL path (`{key_id}`); malformed → KMS.0205. */
function pathKeyId(params: Record<string, string>): string {
  const keyId = params.key_id ?? '';
  if (!KmsPatterns.keyId.test(keyId)) throw kmsError('KMS.0205');
  return keyId;
}

/**
 * A non-negative integer sent as a string (Huawei's `limit`, `marker`, `offset`, `pending_days`); numbers are
 * accepted too. `undefined` when absent; anything else not a decimal integer in range → `code`.
 */
function optionalIntString(value: unknown, code: KmsCode, min: number, max: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) throw kmsError(code);
  const parsed = Number(text);
  if (parsed < min || parsed > max) throw kmsError(code);
  return parsed;
}

export { optionalIntString, optionalString, pathKeyId, requireKeyId, requireString };
