import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { RenewalStep } from '../../lib/renewal/constants.js';
import { discoverManagedKeys } from '../../lib/renewal/discover.js';
import { planKeys } from '../../lib/renewal/plan.js';
import { importsIn, startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

const TOKEN_LIFETIME_PLUS_SECONDS = 25 * 3_600;

/** One key per plan outcome, 2.5 days after onboarding. */
async function mixedFleet(env: RenewalEnv): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  ids['far'] = (await env.onboard('30d')).keyId;
  ids['due'] = (await env.onboard('3d')).keyId;
  ids['never'] = (await env.onboard('never')).keyId;
  ids['expired'] = (await env.onboard('1d')).keyId;
  ids['disabled'] = (await env.onboard('3d')).keyId;
  await env.kms.disableKey(ids['disabled']);
  ids['deleting'] = (await env.onboard('3d')).keyId;
  await env.kms.scheduleKeyDeletion(ids['deleting'], 7);
  ids['untagged'] = (await env.onboard('30d')).keyId;
  await env.kms.tags.batchDeleteKeyTags(ids['untagged'], [{ key: 'byok:secret' }]);
  ids['nofp'] = (await env.onboard('30d')).keyId;
  await env.kms.tags.batchDeleteKeyTags(ids['nofp'], [{ key: 'byok:fp' }]);
  await env.advanceDays(2.5);
  return ids;
}

describe('Function: runSweep (a mixed fleet: plan, dry run, recovery)', () => {
  let env: RenewalEnv;
  let ids: Record<string, string>;

  // One fleet for the three tests: the plan and the dry run change nothing; the recovery runs last.
  beforeAll(async () => {
    env = await startRenewalEnv();
    ids = await mixedFleet(env);
  });
  afterAll(async () => {
    await env.close();
  });

  it('classifies keys made in the emulator at various expiries', async () => {
    // Act
    const plan = planKeys(await discoverManagedKeys(env.keys), env.clock.now());

    // Assess
    const byId = Object.fromEntries(plan.map((p) => [p.row.key_id, p.row]));
    expect(byId[ids['far']!]).toMatchObject({ action: 'skip', state: 'Enabled', days_left: 27.5 });
    expect(byId[ids['due']!]).toMatchObject({ action: 'renew', days_left: 0.5 });
    expect(byId[ids['never']!]).toMatchObject({ action: 'skip', expires_at: null, days_left: null });
    expect(byId[ids['expired']!]).toMatchObject({ action: 'recover', state: 'PendingImport', expires_at: null });
    expect(byId[ids['disabled']!]).toMatchObject({ action: 'renew', state: 'Disabled', reason: expect.stringMatching(/renewed and kept disabled/) });
    expect(byId[ids['deleting']!]).toMatchObject({ action: 'skip', state: 'PendingDeletion' });
    expect(byId[ids['untagged']!]).toMatchObject({ action: 'drift', reason: expect.stringMatching(/byok:secret/) });
    expect(byId[ids['nofp']!]).toMatchObject({ action: 'drift', reason: expect.stringMatching(/byok:fp not recorded/) });
    expect(plan[0]!.row.key_id).toBe(ids['expired']);
  });

  it('dry run logs and answers the plan and changes nothing', async () => {
    // Prepare
    env.logs.lines.length = 0;
    const before = await Promise.all(Object.values(ids).map((id) => env.history(id)));

    // Act
    const { summary, keys } = await env.sweep({ dry_run: true });

    // Assess
    expect(summary).toMatchObject({ dry_run: true, scanned: 8, due: 3, renewed: 0, recovered: 0, skipped: 3, drift: 2, pending_import: 1 });
    expect(summary.calls['kms-import']).toBe(0);
    expect(keys.filter((k) => k.outcome === 'planned').map((k) => k.key_id).sort()).toEqual([ids['due'], ids['expired'], ids['disabled']].sort());
    expect(await Promise.all(Object.values(ids).map((id) => env.history(id)))).toEqual(before);
    expect(env.lines('renewal.key')).toHaveLength(8);
    expect(env.lines('renewal.summary')).toHaveLength(1);
  });

  it('recovers keys already in Pending import in the first sweep, and renews the due ones', async () => {
    // Prepare
    env.logs.lines.length = 0;
    const expiredKey = ids['expired']!;
    expect((await env.keys.describeKey(expiredKey)).keyState).toBe('PendingImport');

    // Act
    const { summary, keys } = await env.sweep();

    // Assess
    expect(summary).toMatchObject({ scanned: 8, due: 3, renewed: 2, recovered: 1, failed: 0, skipped: 3, drift: 2, pending_import: 0 });
    expect(summary.scanned).toBe(summary.due + summary.skipped + summary.drift);
    expect((await env.keys.describeKey(expiredKey)).keyState).toBe('Enabled');
    expect(keys.find((k) => k.key_id === expiredKey)).toMatchObject({ outcome: 'recovered', final_state: 'Enabled' });
    // The disabled key got its later expiry and stays disabled.
    const disabled = await env.keys.describeKey(ids['disabled']!);
    expect(disabled.keyState).toBe('Disabled');
    expect(disabled.expirationTime!.getTime()).toBeGreaterThan(env.clock.now().getTime() + 2.9 * 86_400_000);
    expect(keys.find((k) => k.key_id === ids['disabled'])).toMatchObject({ outcome: 'renewed', final_state: 'Disabled' });
    const keyLines = env.lines('renewal.key');
    expect(keyLines).toHaveLength(8);
    for (const line of keyLines) {
      expect(line).toEqual(expect.objectContaining({ fn: 'test', key_id: expect.any(String), action: expect.any(String), outcome: expect.any(String) }));
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['alias', 'state', 'expires_at', 'days_left', 'attempt', 'duration_ms']));
    }
    // A second sweep finds nothing to do.
    const again = await env.sweep();
    expect(again.summary).toMatchObject({ due: 0, renewed: 0, recovered: 0 });
  });

});

describe('Function: runSweep (import tokens)', () => {
  let env: RenewalEnv;

  beforeEach(async () => {
    env = await startRenewalEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  it.each(['in-place', 'delete-first'] as const)('handles a token that expires between fetch and import (%s)', async (mode) => {
    // Prepare: one due key; the clock jumps past the token's 24 h once, right before the first import
    const key = await env.onboard('5d');
    const { cipherText } = await env.keys.encryptData(key.keyId, new SecretValue('before'));
    await env.advanceDays(3.5);
    let jumped = false;
    const beforeStep = async (step: string): Promise<void> => {
      if (step === RenewalStep.ImportMaterial && !jumped) {
        jumped = true;
        await env.emu.advance(TOKEN_LIFETIME_PLUS_SECONDS);
      }
    };

    // Act
    const { summary } = await env.sweep({ mode }, { beforeStep });

    // Assess
    expect(summary).toMatchObject({ renewed: 1, failed: 0, pending_import: 0 });
    const info = await env.keys.describeKey(key.keyId);
    expect(info.expirationTime!.getTime()).toBeGreaterThan(env.clock.now().getTime() + 4.9 * 86_400_000);
    expect((await env.keys.decryptData(cipherText)).plainText.reveal()).toBe('before');
    expect(env.lines('import.refetch')).toHaveLength(1);
    const history = await env.history(key.keyId);
    // delete-first never deleted with the dead token: one delete, right before the successful import.
    expect(history.filter((h) => h.reason === 'material_deleted')).toHaveLength(mode === 'delete-first' ? 1 : 0);
    expect(importsIn(history)).toBe(2);
    expect(await env.pendingSeconds(key.keyId)).toBe(0);
  });
});
