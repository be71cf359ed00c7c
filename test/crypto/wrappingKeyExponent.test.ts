import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseWrappingKey } from '../../lib/crypto/parseWrappingKey.js';
import { wrapMaterial } from '../../lib/crypto/wrapMaterial.js';

function spkiWithExponent(publicExponent: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent });
  return publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}

describe('Function: parseWrappingKey (public exponent)', () => {
  it('accepts the usual exponent 65537', () => {
    expect(parseWrappingKey(spkiWithExponent(65537)).asymmetricKeyDetails?.publicExponent).toBe(65537n);
  });

  it.each([3, 17])('refuses exponent %i, saying why, and wraps nothing with it', (exponent) => {
    const key = spkiWithExponent(exponent);
    const material = randomBytes(32);

    expect(() => parseWrappingKey(key)).toThrow(`wrapping key has public exponent ${exponent}, not 65537: a small exponent would let the wrapped material be read without the private key`);
    expect(() => wrapMaterial(material, key, 'RSAES_OAEP_SHA_256')).toThrow(/not 65537/);
  });
});
