import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeMaterial } from '../../lib/crypto/decodeMaterial.js';
import { decodePublicKeyFile } from '../../lib/crypto/decodePublicKeyFile.js';
import { isWrapError, WrapErrorReason } from '../../lib/crypto/WrapError.js';
import { ecKeyPair, leaks, rsaKeyPair, spkiBase64 } from './fixtures.js';

describe('Function: decodeMaterial', () => {
  const material = randomBytes(32);

  it.each([
    ['32 raw bytes', () => Buffer.from(material)],
    ['base64 text', () => Buffer.from(material.toString('base64'))],
    ['base64 text with a trailing newline', () => Buffer.from(`${material.toString('base64')}\n`)],
    ['base64 text with CRLF', () => Buffer.from(`${material.toString('base64')}\r\n`)],
    ['lowercase hex text', () => Buffer.from(material.toString('hex'))],
    ['uppercase hex text with a newline', () => Buffer.from(`${material.toString('hex').toUpperCase()}\n`)],
  ])('decodes %s', (_name, input) => {
    const decoded = decodeMaterial(input());
    expect(decoded).toHaveLength(32);
    expect(decoded.equals(material)).toBe(true);
  });

  it('returns a new buffer, independent of the input', () => {
    const input = Buffer.from(material);
    const decoded = decodeMaterial(input);
    input.fill(0);
    expect(decoded.equals(material)).toBe(true);
  });

  it('takes 32 bytes as raw even when they look like text', () => {
    const text = Buffer.from('0123456789abcdef0123456789abcdef');
    expect(decodeMaterial(text).equals(text)).toBe(true);
  });

  it.each([
    ['31 raw bytes', () => randomBytes(31), WrapErrorReason.MaterialEncoding, 'got 31 bytes that are neither'],
    ['33 raw bytes (32 and a newline)', () => Buffer.concat([randomBytes(32), Buffer.from('\n')]), WrapErrorReason.MaterialEncoding, 'got 33 bytes'],
    ['base64 of 31 bytes', () => Buffer.from(randomBytes(31).toString('base64')), WrapErrorReason.MaterialLength, 'base64 text decoding to 31 bytes'],
    ['base64 of 33 bytes', () => Buffer.from(`${randomBytes(33).toString('base64')}\n`), WrapErrorReason.MaterialLength, 'got 45 bytes of base64 text decoding to 33 bytes'],
    ['hex of 31 bytes', () => Buffer.from(`${randomBytes(31).toString('hex')}g`.slice(0, 62)), WrapErrorReason.MaterialLength, 'decoding to'],
    ['base64url text', () => Buffer.from(Buffer.alloc(32, 0xfb).toString('base64url')), WrapErrorReason.MaterialEncoding, 'neither'],
    ['empty input', () => Buffer.alloc(0), WrapErrorReason.MaterialEncoding, 'an empty input'],
  ])('refuses %s', (_name, input, reason, detail) => {
    const bytes = input();
    try {
      decodeMaterial(bytes);
      expect.unreachable('decodeMaterial accepted it');
    } catch (error) {
      expect(isWrapError(error)).toBe(true);
      if (!isWrapError(error)) return;
      expect(error.reason).toBe(reason);
      expect(error.message).toMatch(/^expected 32 raw bytes, or their base64 or hex; got /);
      expect(error.message).toContain(detail);
    }
  });

  it('never echoes content in its errors', () => {
    const secret = randomBytes(32);
    const inputs = [
      Buffer.from(`${secret.toString('hex')}zz`),
      Buffer.from(`${secret.toString('base64')}!`),
      Buffer.concat([secret, secret]),
      Buffer.from(secret.toString('base64url')),
    ];
    for (const input of inputs) {
      expect(() => decodeMaterial(input)).toThrow();
      try {
        decodeMaterial(input);
      } catch (error) {
        expect(leaks(String((error as Error).message), secret)).toBe(false);
      }
    }
  });
});

describe('Function: decodePublicKeyFile', () => {
  const pair = rsaKeyPair(2048);
  const der = pair.publicKey.export({ format: 'der', type: 'spki' });
  const base64 = spkiBase64(pair);

  it.each([
    ['raw DER', () => der],
    ['one line of base64', () => Buffer.from(base64)],
    ['base64 with a trailing newline', () => Buffer.from(`${base64}\n`)],
    ['base64 wrapped at 64 columns', () => Buffer.from(`${base64.match(/.{1,64}/g)?.join('\n')}\n`)],
    ['PEM PUBLIC KEY', () => Buffer.from(pair.publicKey.export({ format: 'pem', type: 'spki' }))],
    ['PEM with CRLF line ends', () => Buffer.from(String(pair.publicKey.export({ format: 'pem', type: 'spki' })).replace(/\n/g, '\r\n'))],
  ])('reads %s', (_name, input) => {
    expect(decodePublicKeyFile(input())).toBe(base64);
  });

  it('passes an EC key through (the RSA check belongs to wrapMaterial)', () => {
    expect(decodePublicKeyFile(ecKeyPair().publicKey.export({ format: 'der', type: 'spki' }))).toBe(spkiBase64(ecKeyPair()));
  });

  it.each([
    ['PEM RSA PUBLIC KEY (PKCS#1)', () => Buffer.from(pair.publicKey.export({ format: 'pem', type: 'pkcs1' }))],
    ['a PEM private key', () => Buffer.from(pair.privateKey.export({ format: 'pem', type: 'pkcs8' }))],
    ['a truncated PEM', () => Buffer.from(String(pair.publicKey.export({ format: 'pem', type: 'spki' })).slice(0, 200))],
    ['text that is not base64', () => Buffer.from('not a key at all\n')],
    ['random bytes', () => randomBytes(100)],
  ])('refuses %s', (_name, input) => {
    expect(() => decodePublicKeyFile(input())).toThrow(
      expect.objectContaining({ name: 'WrapError', reason: WrapErrorReason.InvalidPublicKey }),
    );
  });
});
