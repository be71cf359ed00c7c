/**
 * Trust, but read back: the tag query's `resource_detail` may leave `expiration_time` out (Huawei's own example
 * does). Absent is not "never": such keys are described; present and empty is "never". On the embedded cloud with
 * `resource_detail: minimal`, and on the mapper directly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toTaggedKey } from '../../lib/huawei/kmsMappers.js';
import { startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

const KEY_ID = '0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8';

describe('Function: toTaggedKey (resource_detail)', () => {
  const resource = (detail: Record<string, unknown>): Record<string, unknown> => ({ resource_id: KEY_ID, resource_detail: { key_id: KEY_ID, ...detail }, tags: [] });

  it('leaves the details out when expiration_time is absent, so the key is described', () => {
    expect(toTaggedKey(resource({ key_state: 2, creation_date: 1521449277000 }), 'r').keyInfo).toBeUndefined();
  });

  it('reads an empty expiration_time as material that never expires', () => {
    const info = toTaggedKey(resource({ key_state: '2', expiration_time: '' }), 'r').keyInfo;
    expect(info).toMatchObject({ keyId: KEY_ID, keyState: 'Enabled' });
    expect(info?.expirationTime).toBeUndefined();
  });

  it('keeps the details of a key in Pending import without an expiration_time (it has no material to expire)', () => {
    expect(toTaggedKey(resource({ key_state: 5 }), 'r').keyInfo).toMatchObject({ keyState: 'PendingImport' });
  });
});

describe('Function: runSweep (a tag query without expiry times)', () => {
  let env: RenewalEnv;

  beforeEach(async () => {
    env = await startRenewalEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  it.each(['full', 'minimal'] as const)('plans and renews the same with resource_detail=%s', async (detail) => {
    // Prepare: a due key, a far one, and one in Pending import
    const due = (await env.onboard('3d')).keyId;
    const far = (await env.onboard('30d')).keyId;
    const lapsed = (await env.onboard('30d')).keyId;
    await env.advanceDays(2.5);
    await env.keys.deleteImportedKeyMaterial(lapsed);
    await env.emu.setConfig({ resource_detail: detail });

    // Act
    const { summary, keys } = await env.sweep({ lock: false });

    // Assess: the same plan either way; the minimal detail costs one describe per key that holds material
    expect(summary).toMatchObject({ scanned: 3, due: 2, renewed: 1, recovered: 1, skipped: 1, drift: 0, failed: 0 });
    expect(keys.find((k) => k.key_id === far)).toMatchObject({ action: 'skip', days_left: 27.5 });
    expect(keys.find((k) => k.key_id === due)).toMatchObject({ outcome: 'renewed' });
    const describes = summary.calls['kms-key'];
    const rechecks = 2; // no lock: each import is preceded by a re-describe
    expect(describes).toBe(detail === 'minimal' ? rechecks + 2 : rechecks);
  });
});
