import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../emulator/limits.js';
import { ApiGroup } from '../../emulator/types.js';

/** A hand-driven monotonic clock, so no test sleeps. */
function manualClock(startMs = 1_000): { nowMs: () => number; advance: (ms: number) => void } {
  let nowMs = startMs;
  return { nowMs: () => nowMs, advance: (ms) => (nowMs += ms) };
}

function takeAll(limiter: RateLimiter, group: ApiGroup, attempts: number): number {
  let admitted = 0;
  for (let i = 0; i < attempts; i += 1) if (limiter.tryTake(group)) admitted += 1;
  return admitted;
}

describe('Class: RateLimiter', () => {
  describe('Method: tryTake', () => {
    it('admits a full burst at once, then refuses', () => {
      // Prepare
      const clock = manualClock();
      const limiter = new RateLimiter({ [ApiGroup.KmsKey]: { rps: 5, burst: 8 } }, clock.nowMs);
      // Act
      const admitted = takeAll(limiter, ApiGroup.KmsKey, 20);
      // Assess
      expect(admitted).toBe(8);
      expect(limiter.tryTake(ApiGroup.KmsKey)).toBe(false);
    });

    it('refills continuously at rps tokens per second', () => {
      const clock = manualClock();
      const limiter = new RateLimiter({ [ApiGroup.Csms]: { rps: 10, burst: 3 } }, clock.nowMs);
      expect(takeAll(limiter, ApiGroup.Csms, 3)).toBe(3);

      clock.advance(50); // half a token
      expect(limiter.tryTake(ApiGroup.Csms)).toBe(false);
      clock.advance(50); // the half plus another half
      expect(limiter.tryTake(ApiGroup.Csms)).toBe(true);
      expect(limiter.tryTake(ApiGroup.Csms)).toBe(false);

      // Over ten simulated seconds, one request every 10 ms: about rps per second get through.
      let admitted = 0;
      for (let i = 0; i < 1_000; i += 1) {
        clock.advance(10);
        if (limiter.tryTake(ApiGroup.Csms)) admitted += 1;
      }
      expect(admitted).toBeGreaterThanOrEqual(99);
      expect(admitted).toBeLessThanOrEqual(101);
    });

    it('never holds more than burst tokens after a long idle time', () => {
      const clock = manualClock();
      const limiter = new RateLimiter({ [ApiGroup.KmsImport]: { rps: 100, burst: 4 } }, clock.nowMs);
      takeAll(limiter, ApiGroup.KmsImport, 4);
      clock.advance(3_600_000);
      expect(takeAll(limiter, ApiGroup.KmsImport, 50)).toBe(4);
    });

    it('leaves groups without settings unlimited', () => {
      const clock = manualClock();
      const limiter = new RateLimiter({ [ApiGroup.KmsKey]: { rps: 1, burst: 1 } }, clock.nowMs);
      expect(takeAll(limiter, ApiGroup.KmsCrypto, 10_000)).toBe(10_000);
      expect(takeAll(limiter, ApiGroup.Control, 10_000)).toBe(10_000);
      expect(takeAll(new RateLimiter(), ApiGroup.KmsKey, 10_000)).toBe(10_000);
    });

    it('keeps each group in its own bucket', () => {
      const clock = manualClock();
      const limiter = new RateLimiter(
        { [ApiGroup.KmsKey]: { rps: 1, burst: 2 }, [ApiGroup.KmsTag]: { rps: 1, burst: 3 } },
        clock.nowMs,
      );
      expect(takeAll(limiter, ApiGroup.KmsKey, 10)).toBe(2);
      expect(takeAll(limiter, ApiGroup.KmsTag, 10)).toBe(3);
    });

    it('does not drain a bucket when the clock steps back', () => {
      const clock = manualClock(10_000);
      const limiter = new RateLimiter({ [ApiGroup.KmsKey]: { rps: 1, burst: 2 } }, clock.nowMs);
      clock.advance(-5_000);
      expect(takeAll(limiter, ApiGroup.KmsKey, 5)).toBe(2);
    });
  });

  describe('Method: configure', () => {
    it('replaces all settings and starts every bucket full again', () => {
      const clock = manualClock();
      const limiter = new RateLimiter({ [ApiGroup.KmsKey]: { rps: 1, burst: 2 } }, clock.nowMs);
      takeAll(limiter, ApiGroup.KmsKey, 5);

      limiter.configure({ [ApiGroup.KmsKey]: { rps: 1, burst: 5 }, [ApiGroup.Csms]: { rps: 2, burst: 1 } });

      expect(takeAll(limiter, ApiGroup.KmsKey, 10)).toBe(5);
      expect(takeAll(limiter, ApiGroup.Csms, 10)).toBe(1);
      expect(limiter.settings()).toEqual({
        [ApiGroup.KmsKey]: { rps: 1, burst: 5 },
        [ApiGroup.Csms]: { rps: 2, burst: 1 },
      });

      limiter.configure({});
      expect(takeAll(limiter, ApiGroup.KmsKey, 1_000)).toBe(1_000);
      expect(limiter.settings()).toEqual({});
    });

    it('returns settings as a copy', () => {
      const limiter = new RateLimiter({ [ApiGroup.KmsKey]: { rps: 1, burst: 2 } });
      const copy = limiter.settings();
      copy[ApiGroup.KmsKey]!.burst = 99;
      expect(limiter.settings()[ApiGroup.KmsKey]).toEqual({ rps: 1, burst: 2 });
    });

    it.each([
      [{ 'kms-key': { rps: 0, burst: 1 } }, /rps must be a number > 0/],
      [{ 'kms-key': { rps: -1, burst: 1 } }, /rps must be a number > 0/],
      [{ 'kms-key': { rps: Number.NaN, burst: 1 } }, /rps must be a number > 0/],
      [{ 'kms-key': { rps: 1, burst: 0.5 } }, /burst must be a number >= 1/],
      [{ 'kms-key': { rps: 1 } }, /burst must be a number >= 1/],
      [{ 'kms-key': { rps: '1', burst: 1 } }, /rps must be a number > 0/],
      [{ 'kms-key': { rps: 1, burst: 1, jitter: 2 } }, /unknown field\(s\) jitter/],
      [{ 'kms-nope': { rps: 1, burst: 1 } }, /unknown API group "kms-nope"/],
      [{ control: { rps: 1, burst: 1 } }, /control group cannot be limited/],
      [[], /must be an object/],
    ])('rejects invalid settings %j', (settings, message) => {
      const limiter = new RateLimiter({ [ApiGroup.KmsKey]: { rps: 1, burst: 1 } });
      expect(() => limiter.configure(settings as never)).toThrow(message);
      // A rejected update leaves the previous settings in force.
      expect(limiter.settings()).toEqual({ [ApiGroup.KmsKey]: { rps: 1, burst: 1 } });
    });

    it('rejects invalid settings given to the constructor', () => {
      expect(() => new RateLimiter({ [ApiGroup.Csms]: { rps: 1, burst: 0 } })).toThrow(/burst/);
    });
  });
});
