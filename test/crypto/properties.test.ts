import { constants, privateDecrypt } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMaterial } from '../../lib/crypto/decodeMaterial.js';
import { fingerprint } from '../../lib/crypto/fingerprint.js';
import { wrapMaterial } from '../../lib/crypto/wrapMaterial.js';
import { isWrapError, WrapErrorReason } from '../../lib/crypto/WrapError.js';
import { leaks, rsaKeyPair, spkiBase64 } from './fixtures.js';

const material32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes));
const notLength32 = fc
  .uint8Array({ minLength: 0, maxLength: 300 })
  .filter((bytes) => bytes.length !== 32)
  .map((bytes) => Buffer.from(bytes));

/** The error `fn` throws, or undefined. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('Properties: wrapping', () => {
  const pair = rsaKeyPair(2048);
  const publicKey = spkiBase64(pair);

  it('round-trips any 32-byte material through RSAES_OAEP_SHA_256', () => {
    fc.assert(
      fc.property(material32, (material) => {
        const { wrapped } = wrapMaterial(material, publicKey);
        const plain = privateDecrypt(
          { key: pair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
          Buffer.from(wrapped, 'base64'),
        );
        return wrapped.length === 344 && plain.equals(material);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any material that is not 32 bytes with a typed error that does not contain it', () => {
    fc.assert(
      fc.property(notLength32, (material) => {
        const error = thrown(() => wrapMaterial(material, publicKey));
        return (
          isWrapError(error) &&
          error.reason === WrapErrorReason.MaterialLength &&
          (material.length < 8 || !leaks(error.message, material))
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('Properties: decodeMaterial', () => {
  it('decodes raw, base64 and hex forms of any 32 bytes back to them', () => {
    fc.assert(
      fc.property(material32, fc.constantFrom('', '\n', '\r\n'), (material, newline) => {
        const forms = [
          material,
          Buffer.from(material.toString('base64') + newline),
          Buffer.from(material.toString('hex') + newline),
        ];
        return forms.every((form) => decodeMaterial(form).equals(material));
      }),
      { numRuns: 300 },
    );
  });

  it('gives 32 bytes or a typed error for any input, and never echoes it', () => {
    fc.assert(
      fc.property(notLength32, (input) => {
        const error = thrown(() => {
          expect(decodeMaterial(input)).toHaveLength(32);
        });
        if (error === undefined) return true; // input happened to be base64 or hex of 32 bytes
        return isWrapError(error) && (input.length < 8 || !error.message.includes(input.toString('latin1')));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses base64 and hex text of anything but 32 bytes', () => {
    fc.assert(
      fc.property(notLength32.filter((b) => b.length > 0), fc.boolean(), (bytes, asHex) => {
        const text = Buffer.from(bytes.toString(asHex ? 'hex' : 'base64'));
        const error = thrown(() => decodeMaterial(text));
        // 32-character text is taken as raw material; everything else must be refused.
        return text.length === 32 ? error === undefined : isWrapError(error) && (bytes.length < 8 || !leaks(error.message, bytes));
      }),
      { numRuns: 300 },
    );
  });
});

describe('Properties: fingerprint', () => {
  it('is tag-safe and distinct for distinct material', () => {
    fc.assert(
      fc.property(material32, material32, (a, b) => {
        const fa = fingerprint(a);
        return /^fp1-[0-9a-f]{32}$/.test(fa) && (a.equals(b) || fa !== fingerprint(b));
      }),
      { numRuns: 300 },
    );
  });
});
