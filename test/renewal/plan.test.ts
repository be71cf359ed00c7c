import { describe, expect, it } from 'vitest';
import type { KeyInfo, KeyTag } from '../../lib/domain/KeyInfo.js';
import { KeyState } from '../../lib/domain/KeyState.js';
import { leadFor, planKeys } from '../../lib/renewal/plan.js';
import type { ManagedKeySnapshot } from '../../lib/renewal/types.js';

const NOW = new Date('2030-06-01T00:00:00.000Z');
const DAY_MS = 86_400_000;
const FP = `fp1-${'ab'.repeat(16)}`;
let serial = 0;

interface KeySpec {
  state?: KeyState;
  daysLeft?: number | null;
  ttl?: string;
  fp?: string | null;
  tags?: KeyTag[];
  info?: Partial<KeyInfo> | null;
}

function snapshot(spec: KeySpec = {}): ManagedKeySnapshot {
  serial += 1;
  const keyId = `00000000-0000-0000-0000-${String(serial).padStart(12, '0')}`;
  const state = spec.state ?? KeyState.Enabled;
  const daysLeft = spec.daysLeft === undefined ? 20 : spec.daysLeft;
  const tags: KeyTag[] = spec.tags ?? [
    { key: 'byok:managed', value: 'true' },
    { key: 'byok:secret', value: 'app-key' },
    { key: 'byok:version', value: 'v1' },
    { key: 'byok:ttl', value: spec.ttl ?? '30d' },
    { key: 'byok:alias', value: `app-${serial}` },
    ...(spec.fp === null ? [] : [{ key: 'byok:fp', value: spec.fp ?? FP }]),
  ];
  const info: KeyInfo | undefined =
    spec.info === null
      ? undefined
      : {
          keyId,
          name: `app-${serial}-v1`,
          keyState: state,
          keySpec: 'AES_256',
          origin: 'external',
          ...(daysLeft === null ? {} : { expirationTime: new Date(NOW.getTime() + daysLeft * DAY_MS) }),
          ...spec.info,
        };
  return { keyId, info, tags };
}

function planOne(spec: KeySpec, leadMs?: number): { action: string; reason: string; days_left: number | null } {
  const [planned] = planKeys([snapshot(spec)], NOW, leadMs === undefined ? {} : { leadMs });
  return planned!.row;
}

describe('Function: leadFor', () => {
  it('defaults to a third of the ttl, at most 10 days', () => {
    expect(leadFor(3 * 86_400, undefined)).toBe(DAY_MS);
    expect(leadFor(90 * 86_400, undefined)).toBe(10 * DAY_MS);
    expect(leadFor(null, undefined)).toBe(10 * DAY_MS);
  });

  it('caps an explicit lead at half the ttl', () => {
    expect(leadFor(30 * 86_400, 5 * DAY_MS)).toBe(5 * DAY_MS);
    expect(leadFor(4 * 86_400, 5 * DAY_MS)).toBe(2 * DAY_MS);
  });
});

describe('Function: planKeys', () => {
  it.each([
    [{ daysLeft: 9.5 }, 'renew', /expires in 9.5d \(lead 10d\)/],
    [{ daysLeft: -0.25 }, 'renew', /expired 0.25d ago/],
    [{ daysLeft: 10.5 }, 'skip', /expires in 10.5d/],
    [{ daysLeft: 0.9, ttl: '3d' }, 'renew', /lead 1d/],
    [{ daysLeft: 1.1, ttl: '3d' }, 'skip', /lead 1d/],
    [{ state: KeyState.PendingImport, daysLeft: null }, 'recover', /pending import: material expired or deleted/],
    [{ state: KeyState.PendingImport, daysLeft: null, fp: null }, 'recover', /never imported .*completing onboarding/],
    [{ daysLeft: null, ttl: 'never' }, 'skip', /never expires/],
    [{ state: KeyState.Disabled, daysLeft: 1 }, 'renew', /^disabled: expires in 1d .*; renewed and kept disabled$/],
    [{ state: KeyState.Disabled, daysLeft: 20 }, 'skip', /^disabled: expires in 20d/],
    [{ state: KeyState.PendingDeletion, daysLeft: 1 }, 'skip', /pending deletion/],
    [{ state: KeyState.Frozen }, 'skip', /frozen/],
    [{ info: null }, 'skip', /details unavailable/],
  ])('plans %j as %s', (spec, action, reason) => {
    const row = planOne(spec);
    expect(row.action).toBe(action);
    expect(row.reason).toMatch(reason);
  });

  it.each([
    [{ daysLeft: null }, /never expires although byok:ttl is 30d/],
    [{ daysLeft: 200 }, /expires in 200d, beyond byok:ttl 30d/],
    [{ daysLeft: 40, ttl: 'never' }, /although byok:ttl is never/],
    [{ daysLeft: 20, fp: null }, /byok:fp not recorded/],
    [{ fp: 'not-a-fingerprint' }, /byok:fp is not a fingerprint/],
    [{ tags: [{ key: 'byok:managed', value: 'true' }, { key: 'byok:ttl', value: '30d' }] }, /no byok:secret tag/],
    [{ ttl: '30 days' }, /tag byok:ttl: ttl must be/],
    [{ info: { origin: 'kms' } }, /origin is kms/],
    [{ info: { keySpec: 'RSA_2048' } }, /key spec RSA_2048/],
    [{ info: { keyState: KeyState.Unknown } }, /a state byok-keeper does not know/],
  ])('reports drift for %j', (spec, reason) => {
    const row = planOne(spec);
    expect(row.action).toBe('drift');
    expect(row.reason).toMatch(reason);
  });

  it('still renews a due key whose fingerprint is not recorded, saying so', () => {
    const row = planOne({ daysLeft: 2, fp: null });
    expect(row.action).toBe('renew');
    expect(row.reason).toMatch(/byok:fp not recorded yet/);
  });

  it('renews a key with ttl never whose material unexpectedly expires soon', () => {
    expect(planOne({ daysLeft: 3, ttl: 'never' })).toMatchObject({ action: 'renew', reason: expect.stringMatching(/without expiry/) });
  });

  it('uses an explicit lead for every key', () => {
    expect(planOne({ daysLeft: 12 }, 14 * DAY_MS).action).toBe('renew');
    expect(planOne({ daysLeft: 5 }, 2 * DAY_MS).action).toBe('skip');
  });

  it('orders recoveries first, then renewals by urgency, then the rest', () => {
    const keys = [
      snapshot({ daysLeft: 25 }),
      snapshot({ daysLeft: 5 }),
      snapshot({ state: KeyState.PendingImport, daysLeft: null }),
      snapshot({ daysLeft: 1 }),
      snapshot({ daysLeft: null }),
    ];
    const plan = planKeys(keys, NOW).map((p) => [p.row.action, p.row.days_left]);
    expect(plan).toEqual([
      ['recover', null],
      ['renew', 1],
      ['renew', 5],
      ['skip', 25],
      ['drift', null],
    ]);
  });

  it('writes the row fields the dashboard reads', () => {
    const [planned] = planKeys([snapshot({ daysLeft: 3.456 })], NOW, { region: 'cn-north-4' });
    expect(planned!.row).toEqual({
      key_id: planned!.snapshot.keyId,
      alias: expect.stringMatching(/^app-\d+$/),
      region: 'cn-north-4',
      state: 'Enabled',
      expires_at: new Date(NOW.getTime() + 3.456 * DAY_MS).toISOString(),
      days_left: 3.46,
      action: 'renew',
      reason: expect.any(String),
    });
  });

  it('is pure: the same input gives the same plan and the input is untouched', () => {
    const keys = [snapshot({ daysLeft: 2 }), snapshot({ daysLeft: 28 })];
    const copy = structuredClone(keys);
    expect(planKeys(keys, NOW)).toEqual(planKeys(keys, NOW));
    expect(keys).toEqual(copy);
  });
});
