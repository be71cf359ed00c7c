import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { WrapError, WrapErrorReason } from './WrapError.js';

/**
 * Version prefix of the fingerprint format. A new format gets a new prefix (`fp2-`), so tags written by an
 * older release are recognised and can be recomputed rather than silently mismatching.
 */
const FINGERPRINT_PREFIX = 'fp1-';

/** HMAC key: a fixed label that separates this digest from every other hash of the same material. */
const FINGERPRINT_LABEL = 'byok-keeper/material-fingerprint/v1';

/** Digest bytes kept: 16 bytes = 128 bits = 32 hex characters; `fp1-` + 32 = 36 ≤ 43 (KMS tag value). */
const FINGERPRINT_DIGEST_BYTES = 16;

/** Shortest input accepted: the safety argument below needs at least 128 bits of secret entropy. */
const MIN_FINGERPRINT_INPUT_BYTES = 16;

/**
 * A short, one-way, domain-separated fingerprint of key material, for the `byok:fp` tag: `fp1-` followed by
 * 32 lowercase hex characters of HMAC-SHA256(key = "byok-keeper/material-fingerprint/v1", material).
 *
 * Why it is safe to store in a tag readable by anyone who can list keys: the input is 32 uniformly random
 * bytes, so there is no dictionary to try and the only inversion is a search of 2^256 candidates (2^128 even
 * to find *some* input with this 128-bit tag). The fixed HMAC label makes the value unrelated to any other
 * digest of the material (a plain SHA-256, a key check value, another tool's fingerprint), so it cannot be
 * correlated with them. Hex keeps it clear of the tag's forbidden characters (`* < > \ =`, controls).
 * It must not be used on low-entropy input, hence the length check.
 *
 * @throws {WrapError} `material_length` for input shorter than 16 bytes
 * @example
 * fingerprint(material); // 'fp1-3f1c…' (36 characters)
 */
function fingerprint(material: Buffer): string {
  if (!Buffer.isBuffer(material) || material.length < MIN_FINGERPRINT_INPUT_BYTES) {
    const got = Buffer.isBuffer(material) ? `${material.length} bytes` : 'no Buffer';
    throw new WrapError(
      WrapErrorReason.MaterialLength,
      `fingerprint input must be at least ${MIN_FINGERPRINT_INPUT_BYTES} bytes of key material; got ${got}`,
    );
  }
  const digest = createHmac('sha256', FINGERPRINT_LABEL).update(material).digest();
  return FINGERPRINT_PREFIX + digest.subarray(0, FINGERPRINT_DIGEST_BYTES).toString('hex');
}

/**
 * Compare two fingerprints in constant time (both are hashed first, so lengths leak nothing either).
 *
 * @example
 * if (!fingerprintsEqual(fingerprint(material), tags['byok:fp'])) throw new Error('wrong secret version');
 */
function fingerprintsEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(String(a), 'utf8').digest();
  const digestB = createHash('sha256').update(String(b), 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}

export { FINGERPRINT_PREFIX, fingerprint, fingerprintsEqual };
