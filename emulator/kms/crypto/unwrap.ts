/**
 * Unwrapping what import-key-material receives: RSA decryption of `encrypted_key_material` with the token's
 * private key, and RFC 5649 (AES key wrap with padding) of `encrypted_privatekey` for asymmetric keys.
 * Every function throws on failure; the caller maps the failure to Huawei's code.
 */
import { constants, createDecipheriv, createPrivateKey, privateDecrypt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { KeySpec, WrappingAlgorithm } from '../constants.js';

/** RFC 5649 alternative initial value; OpenSSL's `id-aes*-wrap-pad` expects it as the IV. */
const KWP_IV = Buffer.from('A65959A6', 'hex');

/** Decrypts RSA-wrapped bytes. Node refuses PKCS#1 v1.5 private decryption, so that padding is removed here. */
function rsaUnwrap(algorithm: WrappingAlgorithm, privateKeyDer: Buffer, wrapped: Buffer): Buffer {
  const key = createPrivateKey({ key: privateKeyDer, format: 'der', type: 'pkcs8' });
  if (algorithm === WrappingAlgorithm.RsaPkcs1V15) {
    return stripPkcs1V15(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, wrapped));
  }
  const oaepHash = algorithm === WrappingAlgorithm.RsaOaepSha1 ? 'sha1' : 'sha256';
  return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, wrapped);
}

/** EB = 00 || 02 || PS (≥ 8 non-zero bytes) || 00 || M (RFC 8017 §7.2.2). */
function stripPkcs1V15(block: Buffer): Buffer {
  const separator = block.indexOf(0, 2);
  if (block[0] !== 0 || block[1] !== 2 || separator < 10) {
    block.fill(0);
    throw new Error('bad PKCS#1 v1.5 padding');
  }
  const message = Buffer.from(block.subarray(separator + 1));
  block.fill(0);
  return message;
}

/** RFC 5649 unwrap under a 16- or 32-byte key. */
function aesKeyUnwrapWithPadding(kek: Buffer, wrapped: Buffer): Buffer {
  const cipher = kek.length === 16 ? 'id-aes128-wrap-pad' : 'id-aes256-wrap-pad';
  const decipher = createDecipheriv(cipher, kek, KWP_IV);
  return Buffer.concat([decipher.update(wrapped), decipher.final()]);
}

const EXPECTED_KEY: Record<string, { type: 'rsa' | 'ec'; bits?: number; curve?: string }> = {
  [KeySpec.Rsa2048]: { type: 'rsa', bits: 2048 },
  [KeySpec.Rsa3072]: { type: 'rsa', bits: 3072 },
  [KeySpec.Rsa4096]: { type: 'rsa', bits: 4096 },
  [KeySpec.EcP256]: { type: 'ec', curve: 'prime256v1' },
  [KeySpec.EcP384]: { type: 'ec', curve: 'secp384r1' },
};

/**
 * Parses PKCS#8 DER and checks it is a private key of `keySpec`; returns its canonical PKCS#8 encoding, so the
 * same key always compares equal whatever optional fields the caller's encoder wrote.
 */
function canonicalPrivateKey(pkcs8Der: Buffer, keySpec: string): Buffer {
  const expected = EXPECTED_KEY[keySpec];
  const key: KeyObject = createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' });
  const details = key.asymmetricKeyDetails;
  const matches =
    expected !== undefined &&
    key.asymmetricKeyType === expected.type &&
    (expected.bits === undefined || details?.modulusLength === expected.bits) &&
    (expected.curve === undefined || details?.namedCurve === expected.curve);
  if (!matches) throw new Error(`private key does not match ${keySpec}`);
  return key.export({ format: 'der', type: 'pkcs8' });
}

export { aesKeyUnwrapWithPadding, canonicalPrivateKey, rsaUnwrap };
