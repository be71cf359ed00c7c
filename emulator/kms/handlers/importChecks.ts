/** The token, expiry and unwrapping steps of import-key-material, each throwing Huawei's code. */
import { KmsLimits, KmsPatterns, ASYMMETRIC_SPECS } from '../constants.js';
import type { WrappingAlgorithm } from '../constants.js';
import { decodeImportToken } from '../crypto/importToken.js';
import { aesKeyUnwrapWithPadding, canonicalPrivateKey, rsaUnwrap } from '../crypto/unwrap.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import type { TokenRow } from '../store/TokenStore.js';

/**
 * `expiration_time` in epoch SECONDS, as a number or a numeric string; `null` when absent. Values past year 5000
 * are refused (KMS.0308): they are milliseconds sent by mistake.
 */
function parseExpirationTime(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) {
    throw kmsError('KMS.0308', 'Invalid expiration_time: expected epoch seconds.');
  }
  const seconds = Number(text);
  if (seconds > KmsLimits.maxExpirationEpochSeconds) {
    throw kmsError('KMS.0308', 'Invalid expiration_time: expected epoch seconds, got a value in milliseconds.');
  }
  return seconds * 1000;
}

/** The stored token row for `token`: forged or unknown or used → KMS.2605, other key → 2603, expired → 2601. */
function verifyImportToken(call: KmsCall, token: string, keyId: string): TokenRow & { private_key: Buffer } {
  const claims = decodeImportToken(token, call.store.tokenSecret());
  if (!claims) throw kmsError('KMS.2605');
  if (claims.keyId !== keyId) throw kmsError('KMS.2603');
  if (claims.expiresAtSeconds * 1000 <= call.nowMs) throw kmsError('KMS.2601');
  const row = call.store.tokens.get(claims.tokenId);
  if (!row || row.key_id !== keyId || !row.private_key) throw kmsError('KMS.2605');
  if (row.used_ms !== null) throw kmsError('KMS.2605', 'Token verification failed: the token was already used.');
  return { ...row, private_key: row.private_key };
}

/**
 * The plaintext material: 32 raw bytes for AES keys; for asymmetric keys the canonical PKCS#8 of the private key
 * that `encrypted_privatekey` wraps (RFC 5649) under the temporary AES key in `encrypted_key_material`.
 */
function unwrapMaterial(token: TokenRow & { private_key: Buffer }, keySpec: string, wrapped: string, wrappedPrivateKey: unknown): Buffer {
  let plain: Buffer;
  try {
    plain = rsaUnwrap(token.wrapping_algorithm as WrappingAlgorithm, token.private_key, Buffer.from(wrapped, 'base64'));
  } catch {
    throw kmsError('KMS.0311');
  } finally {
    token.private_key.fill(0);
  }
  if (!ASYMMETRIC_SPECS.has(keySpec)) {
    if (plain.length !== 32) {
      plain.fill(0);
      throw kmsError('KMS.2604');
    }
    return plain;
  }
  try {
    return unwrapPrivateKey(plain, keySpec, wrappedPrivateKey);
  } finally {
    plain.fill(0);
  }
}

function unwrapPrivateKey(temporaryKey: Buffer, keySpec: string, wrappedPrivateKey: unknown): Buffer {
  if (temporaryKey.length !== 16 && temporaryKey.length !== 32) throw kmsError('KMS.2610');
  if (wrappedPrivateKey === undefined || wrappedPrivateKey === null || wrappedPrivateKey === '') {
    throw kmsError('KMS.2608');
  }
  if (typeof wrappedPrivateKey !== 'string' || !KmsPatterns.encryptedPrivateKey.test(wrappedPrivateKey)) {
    throw kmsError('KMS.2609');
  }
  let pkcs8: Buffer | undefined;
  try {
    pkcs8 = aesKeyUnwrapWithPadding(temporaryKey, Buffer.from(wrappedPrivateKey, 'base64'));
    return canonicalPrivateKey(pkcs8, keySpec);
  } catch {
    throw kmsError('KMS.2609');
  } finally {
    pkcs8?.fill(0);
  }
}

export { parseExpirationTime, unwrapMaterial, verifyImportToken };
