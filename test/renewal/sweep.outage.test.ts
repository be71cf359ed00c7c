/**
 * The smallest outage when the cloud refuses re-imports into a key that holds material: delete-first with the
 * parameters fetched before the delete (import_parameters_enabled_key=allow) or after it (reject, learnt once per
 * target); maintenance windows; disabled keys renewed and kept disabled. Call order is read from a port wrapper.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import type { KeyService, SecretStore } from '../../lib/ports/index.js';
import { interceptPort } from '../helpers/interceptPort.js';
import { startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

const PROBE = 'written before the renewal';
/** A Saturday noon: the Sunday 02:00-04:00 window opens 14 hours later. */
const SATURDAY_NOON = new Date('2030-06-01T12:00:00Z');

describe('Function: runSweep (the smallest outage, windows, disabled keys)', () => {
  let env: RenewalEnv;
  let calls: string[];
  let keys: KeyService;
  let secrets: SecretStore;

  beforeEach(async () => {
    env = await startRenewalEnv({ emulator: { clock: 'virtual', start: SATURDAY_NOON } });
    calls = [];
    const record = (method: string): void => void calls.push(method);
    keys = interceptPort(env.keys, { before: record });
    secrets = interceptPort(env.secrets, { before: record });
  });
  afterEach(async () => {
    await env.close();
  });

  /** `count` keys due (ttl 3d, 0.5 d left) with a ciphertext each; the clock ends 2.5 days later. */
  async function dueKeys(count: number): Promise<{ keyId: string; cipher: string }[]> {
    const due = [];
    for (let i = 0; i < count; i++) {
      const key = await env.onboard('3d');
      due.push({ keyId: key.keyId, cipher: (await env.keys.encryptData(key.keyId, new SecretValue(PROBE))).cipherText });
    }
    await env.advanceDays(2.5);
    return due;
  }
  const sweep = (raw: Parameters<RenewalEnv['sweep']>[0]): ReturnType<RenewalEnv['sweep']> => env.sweep(raw, { targets: [{ ...env.target(), keys, secrets }] });
  const callsOf = (method: string): number => calls.filter((c) => c === method).length;

  it('fetches parameters and wraps before the delete when KMS gives them for an enabled key', async () => {
    // Prepare
    await env.emu.setConfig({ reimport_enabled_key: 'reject' });
    const due = await dueKeys(1);
    calls.length = 0;

    // Act
    const { summary, keys: reports } = await sweep({ mode: 'delete-first', lock: false });

    // Assess: the only calls between the delete and the import answered: none
    expect(summary).toMatchObject({ renewed: 1, failed: 0, pending_import: 0 });
    const work = calls.filter((c) => c !== 'describeKey');
    expect(work).toEqual(['getParametersForImport', 'readVersion', 'deleteImportedKeyMaterial', 'importKeyMaterial']);
    expect(summary.max_gap_ms).toBe(reports[0]!.gap_ms);
    expect(summary.gap_p50_ms).toBe(reports[0]!.gap_ms);
    expect((await env.keys.decryptData(due[0]!.cipher)).plainText.reveal()).toBe(PROBE);
  });

  it('deletes first, then fetches parameters, when KMS refuses them for an enabled key, and learns it once per target', async () => {
    // Prepare
    await env.emu.setConfig({ reimport_enabled_key: 'reject', import_parameters_enabled_key: 'reject' });
    const due = await dueKeys(2);
    calls.length = 0;

    // Act
    const { summary } = await sweep({ mode: 'auto', lock: false, concurrency: 1 });

    // Assess: one refused get-parameters for the whole sweep; the secret is read and checked before each delete
    expect(summary).toMatchObject({ renewed: 2, failed: 0, pending_import: 0 });
    expect(env.lines('renewal.mode_fallback')).toEqual([expect.objectContaining({ from: 'parameters-first', to: 'delete-then-parameters', error_code: 'KMS.0310' })]);
    expect(callsOf('getParametersForImport')).toBe(1 + 2);
    expect(summary.calls['kms-import']).toBe(1 /* refused */ + 2 * 3 /* delete, parameters, import */);
    const work = calls.filter((c) => c !== 'describeKey');
    expect(work.slice(-4)).toEqual(['readVersion', 'deleteImportedKeyMaterial', 'getParametersForImport', 'importKeyMaterial']);
    for (const { keyId, cipher } of due) {
      expect((await env.history(keyId)).slice(-2).map((h) => h.reason)).toEqual(['material_deleted', 'imported']);
      expect((await env.keys.decryptData(cipher)).plainText.reveal()).toBe(PROBE);
    }
  });

  it('fails clearly in in-place mode when KMS gives no parameters for an enabled key, leaving the key intact', async () => {
    await env.emu.setConfig({ import_parameters_enabled_key: 'reject' });
    const due = await dueKeys(1);

    const { summary, keys: reports } = await sweep({ mode: 'in-place', lock: false });

    expect(summary).toMatchObject({ renewed: 0, failed: 1, pending_import: 0 });
    expect(reports[0]).toMatchObject({ outcome: 'failed', error_code: 'KMS.0310' });
    expect(callsOf('deleteImportedKeyMaterial')).toBe(0);
    expect((await env.keys.describeKey(due[0]!.keyId)).keyState).toBe('Enabled');
  });

  it('starts no delete-first renewal outside the maintenance windows, and does inside one', async () => {
    // Prepare: a 30-day key, 18 days on (Wednesday noon, 12 days left: due with a 12-day lead); next window Sunday
    await env.emu.setConfig({ reimport_enabled_key: 'reject' });
    const far = (await env.onboard('30d')).keyId;
    await env.advanceDays(20 - 2.5 + 0.5);
    const outside = await env.sweep({ mode: 'delete-first', lock: false, lead: '12d', window: 'Sun 02:00-04:00 UTC' });

    // Assess (outside): deferred, material untouched, no parameters fetched
    expect(outside.summary).toMatchObject({ due: 1, deferred: 1, renewed: 0 });
    expect(outside.keys.find((k) => k.key_id === far)).toMatchObject({ outcome: 'deferred', error_code: 'BYOK.OUTSIDE_WINDOW' });
    expect((await env.history(far)).map((h) => h.reason)).not.toContain('material_deleted');

    // Act (inside): move to the next Sunday 02:30
    const now = env.clock.now().getTime();
    const sunday = Date.parse('2030-06-23T02:30:00Z');
    await env.emu.advance(Math.round((sunday - now) / 1000));
    const inside = await env.sweep({ mode: 'delete-first', lock: false, lead: '12d', window: 'Sun 02:00-04:00 UTC' });
    expect(inside.summary).toMatchObject({ renewed: 1, deferred: 0 });
  });

  it('renews in place outside the windows, and delete-first a key that would expire before the next one opens', async () => {
    // Prepare: Tuesday 00:00; the key has half a day left and the next window opens on Sunday
    const due = await dueKeys(1);
    await env.emu.setConfig({ reimport_enabled_key: 'reject' });

    // Act
    const { summary } = await env.sweep({ mode: 'auto', lock: false, window: 'Sun 02:00-04:00 UTC' });

    // Assess
    expect(summary).toMatchObject({ renewed: 1, deferred: 0 });
    expect(env.lines('renewal.window_override')).toEqual([expect.objectContaining({ key_id: due[0]!.keyId })]);
    await env.emu.setConfig({ reimport_enabled_key: 'allow' });
    await env.advanceDays(2.5);
    const inPlace = await env.sweep({ mode: 'in-place', lock: false, window: 'Sun 02:00-04:00 UTC' });
    expect(inPlace.summary).toMatchObject({ renewed: 1, deferred: 0 });
  });

  it('warns in the plan when a lead covers fewer than three windows before the expiry', async () => {
    await env.onboard('30d');
    await env.onboard('3d');

    const { summary, keys: reports } = await env.sweep({ dry_run: true, window: 'Sun 02:00-04:00 UTC' });

    // The 30-day key's 10-day lead covers at most two Sundays; the 3-day key's one day at most one.
    expect(summary.window_warnings).toBe(2);
    expect(reports.every((r) => /warning: the lead covers [0-2] maintenance window\(s\)/.test(r.reason))).toBe(true);
    const none = await env.sweep({ dry_run: true, window: 'daily 02:00-04:00 UTC' });
    expect(none.summary.window_warnings).toBe(1 /* the 3-day key: one day of lead, one window */);
  });

  it.each(['allow', 'reject'] as const)('renews a disabled key and keeps it disabled (reimport_enabled_key=%s)', async (reimport) => {
    // Prepare
    await env.emu.setConfig({ reimport_enabled_key: reimport });
    const [due] = await dueKeys(1);
    await env.keys.disableKey(due!.keyId);

    // Act
    const { summary, keys: reports } = await env.sweep({ mode: 'auto', lock: false });

    // Assess
    expect(summary).toMatchObject({ renewed: 1, failed: 0, pending_import: 0 });
    expect(reports[0]).toMatchObject({ state: 'Disabled', outcome: 'renewed', final_state: 'Disabled' });
    const info = await env.keys.describeKey(due!.keyId);
    expect(info.keyState).toBe('Disabled');
    expect(info.expirationTime!.getTime()).toBeGreaterThan(env.clock.now().getTime() + 2.9 * 86_400_000);
    const reasons = (await env.history(due!.keyId)).map((h) => h.reason);
    expect(reasons.slice(-1)).toEqual([reimport === 'allow' ? 'expiry_refreshed' : 'disabled']);
    await env.keys.enableKey(due!.keyId);
    expect((await env.keys.decryptData(due!.cipher)).plainText.reveal()).toBe(PROBE);
  });
});
