import { execFileSync } from 'node:child_process';
import { constants, createDecipheriv, createPrivateKey, privateDecrypt, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WrappingAlgorithm } from '../../lib/crypto/constants.js';
import { wrapPrivateKey } from '../../lib/crypto/wrapPrivateKey.js';
import { WrapError, WrapErrorReason } from '../../lib/crypto/WrapError.js';
import { decryptPkcs1v15, ecKeyPair, ed25519KeyPair, hasOpenssl, rsaKeyPair, spkiBase64, type KeyPair } from './fixtures.js';

const IV = Buffer.from('A65959A6', 'hex');

function pkcs8(pair: KeyPair): Buffer {
  return pair.privateKey.export({ format: 'der', type: 'pkcs8' });
}

/** Unwrap both layers as KMS would: RSA-OAEP-SHA256 for the temporary key, then RFC 5649 for the private key. */
function unwrap(wrapping: KeyPair, encryptedKeyMaterial: string, encryptedPrivateKey: string): { tmpKey: Buffer; der: Buffer } {
  const tmpKey = privateDecrypt(
    { key: wrapping.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(encryptedKeyMaterial, 'base64'),
  );
  const decipher = createDecipheriv('id-aes256-wrap-pad', tmpKey, IV);
  const der = Buffer.concat([decipher.update(Buffer.from(encryptedPrivateKey, 'base64')), decipher.final()]);
  return { tmpKey, der };
}

describe('Function: wrapPrivateKey', () => {
  const wrapping = rsaKeyPair(2048);
  const publicKey = spkiBase64(wrapping);
  const scratch = mkdtempSync(join(tmpdir(), 'byok-kwp-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each([
    ['RSA-2048', () => rsaKeyPair(2048)],
    ['EC P-256', () => ecKeyPair('P-256')],
    ['EC P-384', () => ecKeyPair('P-384')],
  ])('wraps a %s private key so that unwrapping gives back its PKCS#8 DER', (_name, key) => {
    // Prepare
    const der = pkcs8(key());
    // Act
    const result = wrapPrivateKey(der, publicKey);
    // Assess
    expect(result.encryptedKeyMaterial).toHaveLength(344);
    expect(result.warnings).toEqual([]);
    const unwrapped = unwrap(wrapping, result.encryptedKeyMaterial, result.encryptedPrivateKey);
    expect(unwrapped.tmpKey).toHaveLength(32);
    expect(unwrapped.der.equals(der)).toBe(true);
  });

  it.skipIf(!hasOpenssl)('produces RFC 5649 output that openssl enc -id-aes256-wrap-pad unwraps', () => {
    // OpenSSL 3.0 needs no -nopad for the wrap-pad mode (checked against 3.0.19); the cipher pads itself.
    for (const key of [rsaKeyPair(2048), ecKeyPair('P-256')]) {
      const der = pkcs8(key);
      const result = wrapPrivateKey(der, publicKey);
      const { tmpKey } = unwrap(wrapping, result.encryptedKeyMaterial, result.encryptedPrivateKey);
      const input = join(scratch, 'wrapped.bin');
      writeFileSync(input, Buffer.from(result.encryptedPrivateKey, 'base64'));
      const output = join(scratch, 'unwrapped.der');
      execFileSync('openssl', ['enc', '-id-aes256-wrap-pad', '-d', '-K', tmpKey.toString('hex'), '-iv', 'A65959A6', '-in', input, '-out', output]);
      expect(readFileSync(output).equals(der)).toBe(true);
    }
  });

  it('uses a fresh temporary key for every call', () => {
    const der = pkcs8(ecKeyPair());
    const first = wrapPrivateKey(der, publicKey);
    const second = wrapPrivateKey(der, publicKey);
    expect(first.encryptedPrivateKey).not.toBe(second.encryptedPrivateKey);
  });

  it('wraps the temporary key with the requested legacy algorithm and passes its warning on', () => {
    const der = pkcs8(ecKeyPair());
    const result = wrapPrivateKey(der, publicKey, WrappingAlgorithm.RsaesPkcs1V15);
    expect(result.warnings).toHaveLength(1);
    const tmpKey = decryptPkcs1v15(wrapping.privateKey, Buffer.from(result.encryptedKeyMaterial, 'base64'));
    const decipher = createDecipheriv('id-aes256-wrap-pad', tmpKey, IV);
    const back = Buffer.concat([decipher.update(Buffer.from(result.encryptedPrivateKey, 'base64')), decipher.final()]);
    expect(back.equals(der)).toBe(true);
  });

  it.each([
    ['an Ed25519 key', () => pkcs8(ed25519KeyPair())],
    ['a public key (SPKI)', () => rsaKeyPair(2048).publicKey.export({ format: 'der', type: 'spki' })],
    ['an RSA key in PKCS#1 form', () => rsaKeyPair(2048).privateKey.export({ format: 'der', type: 'pkcs1' })],
    ['an EC key in SEC1 form', () => ecKeyPair().privateKey.export({ format: 'der', type: 'sec1' })],
    [
      'an encrypted PKCS#8 key',
      () => ecKeyPair().privateKey.export({ format: 'der', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' }),
    ],
    ['PKCS#8 followed by extra bytes', () => Buffer.concat([pkcs8(ecKeyPair()), Buffer.from([0])])],
    ['empty', () => Buffer.alloc(0)],
    ['random bytes', () => randomBytes(200)],
  ])('refuses %s', (_name, der) => {
    expect(() => wrapPrivateKey(der(), publicKey)).toThrow(
      expect.objectContaining({ name: 'WrapError', reason: WrapErrorReason.InvalidPrivateKey }),
    );
  });

  it('refuses a bad wrapping key with the same errors as wrapMaterial', () => {
    const der = pkcs8(ecKeyPair());
    expect(() => wrapPrivateKey(der, spkiBase64(ecKeyPair()))).toThrow(WrapError);
    expect(() => wrapPrivateKey(der, publicKey, WrappingAlgorithm.Sm2Encrypt)).toThrow(
      expect.objectContaining({ reason: WrapErrorReason.UnsupportedAlgorithm }),
    );
  });

  it('accepts the PKCS#8 DER that createPrivateKey re-exports unchanged', () => {
    // Guards the test itself: what we compare against is the canonical PKCS#8 encoding.
    const der = pkcs8(rsaKeyPair(2048));
    expect(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'der', type: 'pkcs8' }).equals(der)).toBe(true);
  });
});
