import { describe, expect, it } from 'vitest';
import { CloudApiError, ErrorKind } from '../../lib/errors/index.js';
import type { KeyService, SecretStore } from '../../lib/ports/index.js';
import { DEFAULT_RPS } from '../../lib/renewal/constants.js';
import { GatedKeyService, GatedSecretStore } from '../../lib/renewal/GatedPorts.js';
import { PortGate } from '../../lib/renewal/PortGate.js';
import { TokenBucket } from '../../lib/renewal/TokenBucket.js';
import { CubicRate } from '../../lib/renewal/CubicRate.js';
import { currentRetryListener } from '../../lib/retryScope.js';

/** A fake monotonic clock whose sleep moves time instead of waiting. */
function fakeTime(): { nowMs: () => number; sleep: (ms: number) => Promise<void>; advance: (ms: number) => void } {
  let now = 1_000;
  return {
    nowMs: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

describe('Class: TokenBucket', () => {
  it('lets a burst through, then spaces requests at 1/rps', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ rps: 5, burst: 2, ...time });
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await bucket.take());
    expect(waits).toEqual([0, 0, 200, 200, 200]);
  });

  it('serves concurrent callers in order without exceeding the rate', async () => {
    const time = fakeTime();
    const sleeps: number[] = [];
    const bucket = new TokenBucket({ rps: 10, burst: 1, nowMs: time.nowMs, sleep: async (ms) => void sleeps.push(ms) });
    await Promise.all(Array.from({ length: 4 }, () => bucket.take()));
    expect(sleeps).toEqual([100, 200, 300]);
  });

  it('refills after a quiet period, up to the burst', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ rps: 2, burst: 2, ...time });
    await bucket.take();
    await bucket.take();
    time.advance(10_000);
    expect([await bucket.take(), await bucket.take(), await bucket.take()]).toEqual([0, 0, 500]);
  });

  it('after a pause, serves nothing for one interval and spaces the callers already waiting at the new rate', async () => {
    const time = fakeTime();
    let rps = 10;
    const starts: number[] = [];
    const bucket = new TokenBucket({ rps: () => rps, nowMs: time.nowMs, sleep: (ms) => new Promise<void>((done) => setTimeout(() => done(), 0)).then(() => time.advance(ms)) });
    const waiters = Array.from({ length: 3 }, () => bucket.take().then(() => starts.push(time.nowMs())));
    rps = 2;
    bucket.pause();
    await Promise.all(waiters);
    // The first slot was free at once; the two reserved at 10/s were reserved again at 2/s behind the pause.
    expect(starts[0]).toBe(1_000);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(500);
  });
});

describe('Class: CubicRate', () => {
  it('starts at 5/s and doubles each busy second up to its ceiling', () => {
    const rate = new CubicRate({ ceilingRps: 100 });
    let now = 0;
    const seen = [];
    for (let second = 0; second < 6; second++) {
      seen.push(Math.round(rate.rpsAt(now)));
      for (let i = 0; i < 100; i++) rate.rpsAt((now += 10));
    }
    expect(seen).toEqual([5, 10, 20, 40, 80, 100]);
  });

  it('cuts to 0.7 of its peak on a throttle, climbs back to the peak in 6 busy seconds, then probes beyond it up to its ceiling', () => {
    // Prepare: at its ceiling of 40/s with 40 accepted over the last second
    const rate = new CubicRate({ ceilingRps: 40 });
    let now = 0;
    while (rate.rpsAt(now) < 40) now += 10;
    for (let i = 0; i < 40; i++) rate.onSuccess((now += 25));
    const peak = (rate.acceptedRps(now) + 40) / 2;

    // Act
    expect(rate.onThrottle(now, now)).toBe(true);

    // Assess
    expect(peak).toBeGreaterThan(38);
    expect(rate.rpsAt(now)).toBeCloseTo(0.7 * peak, 0);
    const at = (seconds: number): number => {
      const until = now + seconds * 1000;
      while (now < until) rate.rpsAt((now += 10));
      return rate.rpsAt(now);
    };
    expect(at(3)).toBeGreaterThan(0.95 * peak); // concave: most of the way back in half the time
    expect(at(3)).toBeCloseTo(peak, 1);
    expect(at(1)).toBeLessThan(1.01 * peak); // then slowly beyond it, up to the ceiling
    expect(at(5)).toBe(40);
    expect(rate.cuts).toBe(1);
  });

  it('takes the peak between the rate sent and the rate accepted, and ignores throttles of slots reserved before a cut', () => {
    const rate = new CubicRate({ ceilingRps: 200 });
    let now = 0;
    while (rate.rpsAt(now) < 200) now += 5;
    for (let i = 0; i < 20; i++) rate.onSuccess((now += 50)); // the gateway let 20 through in the last second

    expect(rate.onThrottle(now, now)).toBe(true);
    expect(rate.rpsAt(now)).toBeCloseTo(0.7 * ((20 + 200) / 2), 0);
    expect(rate.onThrottle(now - 1, now + 10)).toBe(false);
    expect(rate.cuts).toBe(1);
  });

  it('does not grow while the group is idle', () => {
    const rate = new CubicRate({ ceilingRps: 1000 });
    expect(rate.rpsAt(0)).toBe(5);
    expect(rate.rpsAt(60_000)).toBeLessThan(7); // the minute counts as two sending intervals, not 60 s of growth
  });
});

describe('Class: PortGate', () => {
  const throttled = new CloudApiError({ operation: 'importKeyMaterial', code: 'APIG.0308', kind: ErrorKind.Throttled, httpStatus: 429, retryable: true, message: 'throttled' });

  it('counts calls per API group and cuts the rate of a throttled group', async () => {
    // Prepare
    const time = fakeTime();
    const gate = new PortGate({ rps: { ...DEFAULT_RPS, 'kms-import': 4 }, ...time });
    let fail = true;
    const keys = new GatedKeyService({
      describeKey: async () => ({ keyId: 'k' }),
      importKeyMaterial: async () => {
        if (fail) throw throttled;
      },
    } as unknown as KeyService, gate);
    const secrets = new GatedSecretStore({ readVersion: async () => ({}) } as unknown as SecretStore, gate);

    // Act
    await keys.describeKey('k');
    await secrets.readVersion('s', 'v1');
    await expect(keys.importKeyMaterial({} as never)).rejects.toBe(throttled);
    fail = false;
    await keys.importKeyMaterial({} as never);

    // Assess
    expect(gate.calls).toEqual({ 'kms-key': 1, 'kms-import': 2, 'kms-crypto': 0, 'kms-tag': 0, csms: 1 });
    expect(gate.throttled).toBe(1);
    expect(gate.rate('kms-import').cuts).toBe(1);
    expect(gate.rate('kms-key').cuts).toBe(0);
  });

  it('sees every throttled attempt the client retries on its own, and paces those retries through the group', async () => {
    // Prepare: a client that retries twice on 429 through the call's retry scope, as HuaweiTransport does
    const time = fakeTime();
    const gate = new PortGate({ rps: { ...DEFAULT_RPS, 'kms-import': 4 }, ...time });
    const retryWaits: number[] = [];
    let attempts = 0;
    const keys = new GatedKeyService({
      importKeyMaterial: async () => {
        for (let retry = 1; ; retry++) {
          attempts += 1;
          if (attempts > 2) return;
          const startedMs = time.nowMs();
          await currentRetryListener()!.beforeRetry({ kind: ErrorKind.Throttled, retry, delayMs: 1 });
          retryWaits.push(time.nowMs() - startedMs);
        }
      },
    } as unknown as KeyService, gate);

    // Act
    await keys.importKeyMaterial({} as never);

    // Assess: one call, two throttles, one cut (the second retry's slot was reserved after it), waits of a slot
    expect(gate.calls['kms-import']).toBe(1);
    expect(gate.throttled).toBe(2);
    expect(gate.rate('kms-import').cuts).toBe(2);
    for (const waitMs of retryWaits) expect(waitMs).toBeGreaterThanOrEqual(1000 / 4);
  });
});
