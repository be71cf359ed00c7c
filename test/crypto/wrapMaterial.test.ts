import { constants, privateDecrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WrappingAlgorithm } from '../../lib/crypto/constants.js';
import { parseWrappingAlgorithm, wrapMaterial } from '../../lib/crypto/wrapMaterial.js';
import { isWrapError, WrapError, WrapErrorReason } from '../../lib/crypto/WrapError.js';
import { decryptPkcs1v15, ecKeyPair, rsaKeyPair, rsaPssKeyPair, spkiBase64 } from './fixtures.js';

/** Run `fn`, expecting a WrapError, and return it. */
function catchWrapError(fn: () => unknown): WrapError {
  try {
    fn();
  } catch (error) {
    if (isWrapError(error)) return error;
    throw error;
  }
  throw new Error('expected a WrapError');
}

describe('Function: wrapMaterial', () => {
  const pair = rsaKeyPair(2048);
  const publicKey = spkiBase64(pair);

  it.each([
    [WrappingAlgorithm.RsaesOaepSha256, 'sha256'],
    [WrappingAlgorithm.RsaesOaepSha1, 'sha1'],
  ])('round-trips with %s through OAEP/%s decryption', (algorithm, oaepHash) => {
    // Prepare
    const material = randomBytes(32);
    // Act
    const { wrapped } = wrapMaterial(material, publicKey, algorithm);
    // Assess
    expect(wrapped).toHaveLength(344);
    expect(wrapped).toMatch(/^[0-9a-zA-Z+/=]{344,360}$/); // import-key-material's own regex
    const plain = privateDecrypt(
      { key: pair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
      Buffer.from(wrapped, 'base64'),
    );
    expect(plain.equals(material)).toBe(true);
  });

  it('round-trips with RSAES_PKCS1_V1_5 through EME-PKCS1-v1_5 decoding', () => {
    const material = randomBytes(32);
    const { wrapped } = wrapMaterial(material, publicKey, WrappingAlgorithm.RsaesPkcs1V15);
    expect(wrapped).toHaveLength(344);
    expect(decryptPkcs1v15(pair.privateKey, Buffer.from(wrapped, 'base64')).equals(material)).toBe(true);
  });

  it('uses RSAES_OAEP_SHA_256 by default, without warnings', () => {
    const material = randomBytes(32);
    const { wrapped, warnings } = wrapMaterial(material, publicKey);
    expect(warnings).toEqual([]);
    const ciphertext = Buffer.from(wrapped, 'base64');
    const plain = privateDecrypt(
      { key: pair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      ciphertext,
    );
    expect(plain.equals(material)).toBe(true);
    expect(() =>
      privateDecrypt({ key: pair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, ciphertext),
    ).toThrow();
  });

  it.each([WrappingAlgorithm.RsaesOaepSha1, WrappingAlgorithm.RsaesPkcs1V15])(
    'warns that %s is legacy',
    (algorithm) => {
      const { warnings } = wrapMaterial(randomBytes(32), publicKey, algorithm);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(algorithm);
      expect(warnings[0]).toContain('legacy');
    },
  );

  it('gives ciphertext as long as the modulus for a larger key', () => {
    const large = rsaKeyPair(3072);
    const { wrapped } = wrapMaterial(randomBytes(32), spkiBase64(large));
    expect(Buffer.from(wrapped, 'base64')).toHaveLength(384);
    expect(wrapped).toHaveLength(512);
  });

  it('leaves the material untouched', () => {
    const material = randomBytes(32);
    const copy = Buffer.from(material);
    wrapMaterial(material, publicKey);
    expect(material.equals(copy)).toBe(true);
  });

  it('refuses SM2_ENCRYPT as not supported', () => {
    const error = catchWrapError(() => wrapMaterial(randomBytes(32), publicKey, WrappingAlgorithm.Sm2Encrypt));
    expect(error.reason).toBe(WrapErrorReason.UnsupportedAlgorithm);
    expect(error.message).toMatch(/SM2_ENCRYPT .*not supported/);
  });

  it('refuses an unknown algorithm name', () => {
    const error = catchWrapError(() => wrapMaterial(randomBytes(32), publicKey, 'RSAES_OAEP_SHA_512' as never));
    expect(error.reason).toBe(WrapErrorReason.UnknownAlgorithm);
    expect(error.message).not.toContain('RSAES_OAEP_SHA_512');
  });

  it.each([0, 16, 31, 33, 64])('refuses %i bytes of material, naming 32 and AES_256', (length) => {
    const error = catchWrapError(() => wrapMaterial(randomBytes(length), publicKey));
    expect(error.reason).toBe(WrapErrorReason.MaterialLength);
    expect(error.message).toContain('32 bytes for AES_256');
    expect(error.message).toContain(`got ${length} bytes`);
  });

  it('refuses an RSA-1024 wrapping key', () => {
    const error = catchWrapError(() => wrapMaterial(randomBytes(32), spkiBase64(rsaKeyPair(1024))));
    expect(error.reason).toBe(WrapErrorReason.KeyTooSmall);
    expect(error.message).toContain('RSA-1024');
  });

  it.each([
    ['an EC key', () => spkiBase64(ecKeyPair())],
    ['an RSA-PSS key', () => spkiBase64(rsaPssKeyPair())],
  ])('refuses %s as wrapping key', (_name, key) => {
    const error = catchWrapError(() => wrapMaterial(randomBytes(32), key()));
    expect(error.reason).toBe(WrapErrorReason.NotRsaKey);
  });

  it.each([
    ['empty', ''],
    ['not base64', 'this is not base64!'],
    ['base64 of garbage', randomBytes(294).toString('base64')],
    ['unpadded base64', spkiBase64(rsaKeyPair(2048)).replace(/=+$/, '') + 'A'],
    ['base64 with trailing bytes', Buffer.concat([rsaKeyPair(2048).publicKey.export({ format: 'der', type: 'spki' }), Buffer.from([0, 0])]).toString('base64')],
    ['PKCS#1 instead of SPKI', rsaKeyPair(2048).publicKey.export({ format: 'der', type: 'pkcs1' }).toString('base64')],
    ['PEM text', rsaKeyPair(2048).publicKey.export({ format: 'pem', type: 'spki' }).toString()],
  ])('refuses a wrapping key that is %s', (_name, key) => {
    const error = catchWrapError(() => wrapMaterial(randomBytes(32), key));
    expect(error.reason).toBe(WrapErrorReason.InvalidPublicKey);
  });

  it('checks the algorithm before the material', () => {
    const error = catchWrapError(() => wrapMaterial(randomBytes(5), publicKey, WrappingAlgorithm.Sm2Encrypt));
    expect(error.reason).toBe(WrapErrorReason.UnsupportedAlgorithm);
  });
});

describe('Function: parseWrappingAlgorithm', () => {
  it('accepts every known name', () => {
    for (const name of Object.values(WrappingAlgorithm)) expect(parseWrappingAlgorithm(name)).toBe(name);
  });

  it('is case-sensitive, as the API is', () => {
    expect(() => parseWrappingAlgorithm('rsaes_oaep_sha_256')).toThrow(WrapError);
  });
});
