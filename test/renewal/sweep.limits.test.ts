import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

describe('Function: runSweep (client-side rate limits)', () => {
  let env: RenewalEnv;

  beforeEach(async () => {
    env = await startRenewalEnv();
    for (let i = 0; i < 3; i++) await env.onboard('3d');
    await env.advanceDays(2.5);
    // The gateway: 10 import-group calls per second, 5 back to back.
    const res = await env.emu.request('POST', '/_emulator/limits', { 'kms-import': { rps: 10, burst: 5 } });
    expect(res.status).toBe(200);
  });
  afterEach(async () => {
    await env.close();
  });

  it('stays under the gateway limit with the token bucket: no throttling', async () => {
    // Real waits for the buckets.
    const { summary } = await env.sweep({ rps: { kms_import: 4 } }, { sleep: undefined });

    expect(summary).toMatchObject({ renewed: 3, failed: 0, throttled: 0 });
    expect(summary.calls['kms-import']).toBe(6);
  });

  it('counts the throttling answers of a client that ignores the limit', async () => {
    await env.emu.request('POST', '/_emulator/limits', { 'kms-import': { rps: 1, burst: 1 } });

    const { summary } = await env.sweep({ rps: 1000, concurrency: 3, key_attempts: 1 });

    expect(summary.throttled).toBeGreaterThan(0);
  });
});
