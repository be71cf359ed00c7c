import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ecKeyPair, rsaKeyPair, spkiBase64 } from './fixtures.js';

// Capture the buffer wrapPrivateKey fills with its temporary key, to check it is zeroed afterwards.
const filled: Buffer[] = [];
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    randomFillSync: <T extends NodeJS.ArrayBufferView>(buffer: T, offset?: number, size?: number): T => {
      if (Buffer.isBuffer(buffer)) filled.push(buffer);
      return actual.randomFillSync(buffer, offset, size);
    },
  };
});

const { wrapPrivateKey } = await import('../../lib/crypto/wrapPrivateKey.js');

describe('Function: wrapPrivateKey (temporary key hygiene)', () => {
  it('zeroes the temporary key after wrapping', () => {
    filled.length = 0;
    wrapPrivateKey(ecKeyPair().privateKey.export({ format: 'der', type: 'pkcs8' }), spkiBase64(rsaKeyPair(2048)));
    expect(filled).toHaveLength(1);
    expect(filled[0]).toHaveLength(32);
    expect(filled[0]?.every((byte) => byte === 0)).toBe(true);
  });

  it('zeroes the temporary key when wrapping fails', () => {
    filled.length = 0;
    const der = ecKeyPair().privateKey.export({ format: 'der', type: 'pkcs8' });
    // A valid-looking base64 that is not a key: the failure happens after the temporary key exists.
    expect(() => wrapPrivateKey(der, randomBytes(300).toString('base64'))).toThrow();
    expect(filled).toHaveLength(1);
    expect(filled[0]?.every((byte) => byte === 0)).toBe(true);
  });
});
