import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withMaterial, zeroize } from '../../lib/crypto/zeroize.js';

const isZero = (buffer: Uint8Array): boolean => buffer.every((byte) => byte === 0);

describe('Function: zeroize', () => {
  it('zeroes every buffer given and skips missing ones', () => {
    const a = randomBytes(32);
    const b = new Uint8Array(randomBytes(16));
    zeroize(a, undefined, b, null);
    expect(isZero(a)).toBe(true);
    expect(isZero(b)).toBe(true);
  });

  it('zeroes only the view it is given', () => {
    const whole = Buffer.alloc(8, 0xff);
    zeroize(whole.subarray(2, 4));
    expect([...whole]).toEqual([0xff, 0xff, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  });
});

describe('Function: withMaterial', () => {
  it('returns the sync result and zeroes the buffer afterwards', () => {
    const material = randomBytes(32);
    let seenNonZero = false;
    const result = withMaterial(material, (m) => {
      seenNonZero = !isZero(m);
      return m.length;
    });
    expect(result).toBe(32);
    expect(seenNonZero).toBe(true);
    expect(isZero(material)).toBe(true);
  });

  it('zeroes the buffer when the sync function throws, and rethrows', () => {
    const material = randomBytes(32);
    expect(() =>
      withMaterial(material, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isZero(material)).toBe(true);
  });

  it('keeps the buffer intact until the async function settles, then zeroes it', async () => {
    const material = randomBytes(32);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pending = withMaterial(material, async (m) => {
      await gate;
      return Buffer.from(m);
    });
    expect(isZero(material)).toBe(false);
    release();
    const copy = await pending;
    expect(isZero(copy)).toBe(false);
    expect(isZero(material)).toBe(true);
  });

  it('zeroes the buffer when the async function rejects', async () => {
    const material = randomBytes(32);
    await expect(
      withMaterial(material, async () => {
        throw new Error('async boom');
      }),
    ).rejects.toThrow('async boom');
    expect(isZero(material)).toBe(true);
  });
});
