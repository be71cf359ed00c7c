import { describe, expect, it } from 'vitest';
import { CloudApiError, ErrorKind } from '../../lib/errors/index.js';
import type { KeyService, SecretStore } from '../../lib/ports/index.js';
import { DEFAULT_RPS } from '../../lib/renewal/constants.js';
import { GatedKeyService, GatedSecretStore } from '../../lib/renewal/GatedPorts.js';
import { PortGate } from '../../lib/renewal/PortGate.js';
import { TokenBucket } from '../../lib/renewal/TokenBucket.js';

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

  it('halves its rate on throttling and creeps back on success', () => {
    const bucket = new TokenBucket({ rps: 8, ...fakeTime() });
    bucket.onThrottle();
    expect(bucket.rps).toBe(4);
    for (let i = 0; i < 10; i++) bucket.onThrottle();
    expect(bucket.rps).toBe(0.5);
    for (let i = 0; i < 100; i++) bucket.onSuccess();
    expect(bucket.rps).toBe(8);
  });
});

describe('Class: PortGate', () => {
  const throttled = new CloudApiError({ operation: 'importKeyMaterial', code: 'APIG.0308', kind: ErrorKind.Throttled, httpStatus: 429, retryable: true, message: 'throttled' });

  it('counts calls per API group and slows a group down after a throttle', async () => {
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
    expect(gate.bucket('kms-import').rps).toBeCloseTo(2.2);
  });
});
