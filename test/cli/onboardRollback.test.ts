import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManagedKey } from '../../lib/lifecycle/index.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';
import { cloudVars, runByok } from './cliRun.js';

describe('Onboarding: material checked first, half-made keys rolled back, cut-short onboardings completed', () => {
  let env: StageEnv;
  let vars: Record<string, string>;

  beforeAll(async () => {
    env = await startStageEnv({ emulator: { clock: 'real' } });
    vars = cloudVars(env.emu);
  });
  afterAll(async () => {
    await env.close();
  });

  const managedKeys = async (): Promise<string[]> => {
    const ids: string[] = [];
    for await (const page of env.keys.keysByTags([{ key: 'byok:managed', values: ['true'] }])) ids.push(...page.map((k) => k.keyId));
    return ids;
  };

  it('refuses a secret without usable material before any key exists (no key left in Pending import)', async () => {
    // Prepare
    await env.createSecret('short-material', { secretBinary: Buffer.alloc(16, 9).toString('base64') });
    const before = (await env.kms.listAllKeys()).length;

    // Act
    const run = await runByok(['onboard', '--alias', 'short', '--secret', 'short-material'], { env: vars });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^byok onboard: secret short-material version v1 does not hold AES-256 key material: secret_binary holds 16 bytes, expected 32/);
    expect((await env.kms.listAllKeys()).length).toBe(before);
    const plan = await runByok(['plan', '--json'], { env: vars });
    expect(plan.code).toBe(0);
  });

  it('rolls a key back when its import fails after creation: scheduled for deletion, and says so', async () => {
    // Prepare: every import-group call fails (500) once the key exists.
    await env.createSecret('doomed', { secretBinary: randomMaterial().toString('base64') });
    await env.emu.request('POST', '/_emulator/faults', { error_rate: 1, groups: ['kms-import'] });

    // Act
    let run;
    try {
      run = await runByok(['onboard', '--alias', 'doomed', '--secret', 'doomed'], { env: vars });
    } finally {
      await env.emu.request('POST', '/_emulator/faults', { error_rate: 0, groups: null });
    }

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const keyId = /onboarding of key ([0-9a-f-]{36}) failed/.exec(run.stderr)?.[1];
    expect(keyId).toBeDefined();
    expect(run.stderr).toContain('the half-made key was scheduled for deletion in 7 days');
    expect((await env.keys.describeKey(keyId!)).keyState).toBe('PendingDeletion');
    expect(await env.keys.resolveAlias('doomed')).toBeUndefined();
    const plan = await runByok(['plan', '--json'], { env: vars });
    expect(plan.code).toBe(0);
  });

  it('an onboarding cut short before its alias is completed by the renewal that recovers the key', async () => {
    // Prepare: create-key's first half only, as when the process died before pointing the alias.
    await env.createSecret('cut-short', { secretBinary: randomMaterial().toString('base64') });
    const key = await createManagedKey({ alias: 'cut-short', secretName: 'cut-short', ttl: '30d' }, env.deps());
    expect(await env.keys.resolveAlias('cut-short')).toBeUndefined();
    expect(await managedKeys()).toContain(key.keyId);

    // Act
    const renew = await runByok(['renew', '--json'], { env: vars });

    // Assess
    expect(renew.stderr).toBe('');
    expect(renew.code).toBe(0);
    expect(await env.keys.resolveAlias('cut-short')).toBe(key.keyId);
    expect((await env.keys.describeKey('alias/cut-short')).keyState).toBe('Enabled');
  });
});
