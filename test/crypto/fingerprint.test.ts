import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_PREFIX, fingerprint, fingerprintsEqual } from '../../lib/crypto/fingerprint.js';
import { WrapErrorReason } from '../../lib/crypto/WrapError.js';
import { leaks } from './fixtures.js';

describe('Function: fingerprint', () => {
  it('keeps the fp1 format: a fixed material gives a fixed value', () => {
    // Pinned on purpose: changing the format must be a new prefix (fp2-), never a silent change of fp1.
    expect(fingerprint(Buffer.alloc(32, 0x42))).toBe('fp1-55c56eed13a20c5b338791019467077d');
  });

  it('is stable for the same material', () => {
    const material = randomBytes(32);
    expect(fingerprint(material)).toBe(fingerprint(Buffer.from(material)));
  });

  it('differs for different material, even one bit apart', () => {
    const material = randomBytes(32);
    const other = Buffer.from(material);
    other[31] = (other[31] ?? 0) ^ 1;
    expect(fingerprint(material)).not.toBe(fingerprint(other));
  });

  it('fits a KMS tag value: at most 43 characters, none of * < > \\ = or controls', () => {
    for (let i = 0; i < 50; i++) {
      const value = fingerprint(randomBytes(32));
      expect(value.length).toBeLessThanOrEqual(43);
      expect(value).toMatch(/^fp1-[0-9a-f]{32}$/);
      expect(value).not.toMatch(/[*<>\\=\x00-\x1f]/);
    }
    expect(FINGERPRINT_PREFIX).toBe('fp1-');
  });

  it('is domain-separated from plain digests of the material', () => {
    const material = randomBytes(32);
    const digest = fingerprint(material).slice(FINGERPRINT_PREFIX.length);
    for (const algorithm of ['sha256', 'sha512', 'sha1', 'md5']) {
      const plain = createHash(algorithm).update(material).digest();
      expect(plain.toString('hex')).not.toContain(digest);
      expect(plain.toString('hex').slice(0, 32)).not.toBe(digest);
    }
    expect(createHmac('sha256', material).update('byok-keeper/material-fingerprint/v1').digest('hex')).not.toContain(digest);
  });

  it('never contains the material', () => {
    const material = randomBytes(32);
    expect(leaks(fingerprint(material), material)).toBe(false);
  });

  it.each([0, 1, 15])('refuses %i bytes as too little entropy', (length) => {
    expect(() => fingerprint(randomBytes(length))).toThrow(
      expect.objectContaining({ name: 'WrapError', reason: WrapErrorReason.MaterialLength }),
    );
  });
});

describe('Function: fingerprintsEqual', () => {
  it('is true for equal fingerprints', () => {
    const material = randomBytes(32);
    expect(fingerprintsEqual(fingerprint(material), fingerprint(Buffer.from(material)))).toBe(true);
  });

  it('is false for different fingerprints, different lengths and empty strings', () => {
    const a = fingerprint(randomBytes(32));
    const b = fingerprint(randomBytes(32));
    expect(fingerprintsEqual(a, b)).toBe(false);
    expect(fingerprintsEqual(a, a.slice(0, -1))).toBe(false);
    expect(fingerprintsEqual(a, `${a}0`)).toBe(false);
    expect(fingerprintsEqual(a, '')).toBe(false);
    expect(fingerprintsEqual(a, a.toUpperCase())).toBe(false);
  });
});
