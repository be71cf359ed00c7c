import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { CloudApiError, ErrorKind } from '../../lib/errors/index.js';
import { DAY_SECONDS, startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';
import type { ImportStepDetail } from '../../lib/renewal/types.js';

const PROBE = 'written before the renewal';

describe('Function: runSweep (re-import modes)', () => {
  let env: RenewalEnv;

  beforeEach(async () => {
    env = await startRenewalEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  /** Two keys due (ttl 3d, 0.5d left after 2.5d) and one far from expiry; a ciphertext made under each due key. */
  async function fleet(): Promise<{ due: { keyId: string; cipher: string }[]; far: string }> {
    const due = [];
    for (let i = 0; i < 2; i++) {
      const key = await env.onboard('3d');
      const { cipherText } = await env.keys.encryptData(key.keyId, new SecretValue(PROBE));
      due.push({ keyId: key.keyId, cipher: cipherText });
    }
    const far = (await env.onboard('30d')).keyId;
    await env.advanceDays(2.5);
    return { due, far };
  }

  async function expectRenewed(keys: { keyId: string; cipher: string }[]): Promise<void> {
    const nowMs = env.clock.now().getTime();
    for (const { keyId, cipher } of keys) {
      const info = await env.keys.describeKey(keyId);
      expect(info.keyState).toBe('Enabled');
      // The new expiry is the ttl from now (3 days), not the old one half a day away.
      expect(Math.abs((info.expirationTime?.getTime() ?? 0) - (nowMs + 3 * DAY_SECONDS * 1000))).toBeLessThanOrEqual(1000);
      expect((await env.keys.decryptData(cipher)).plainText.reveal()).toBe(PROBE);
    }
  }

  it('renews due keys in place when the cloud accepts re-imports into enabled keys', async () => {
    // Prepare
    const { due, far } = await fleet();
    const farBefore = await env.history(far);

    // Act
    const { summary, keys } = await env.sweep({ mode: 'in-place' });

    // Assess
    expect(summary).toMatchObject({ scanned: 3, due: 2, renewed: 2, skipped: 1, failed: 0, pending_import: 0, max_gap_ms: null });
    await expectRenewed(due);
    for (const { keyId } of due) {
      const history = await env.history(keyId);
      expect(history.map((h) => h.reason)).not.toContain('material_deleted');
      expect(history.at(-1)?.reason).toBe('expiry_refreshed');
    }
    expect(await env.history(far)).toEqual(farBefore);
    expect(keys.filter((k) => k.outcome === 'renewed').every((k) => k.mode_used === 'in-place')).toBe(true);
    expect(summary.min_days_left).toBeGreaterThan(2.9);
  });

  it.each(['allow', 'reject'] as const)('renews with delete-first (reimport_enabled_key=%s) and logs the gap', async (reimport) => {
    // Prepare
    await env.emu.setConfig({ reimport_enabled_key: reimport });
    const { due } = await fleet();

    // Act
    const { summary, keys } = await env.sweep({ mode: 'delete-first' });

    // Assess
    expect(summary).toMatchObject({ due: 2, renewed: 2, failed: 0, pending_import: 0 });
    expect(summary.max_gap_ms).not.toBeNull();
    await expectRenewed(due);
    for (const { keyId } of due) {
      const reasons = (await env.history(keyId)).map((h) => h.reason);
      expect(reasons.slice(-2)).toEqual(['material_deleted', 'imported']);
      // In virtual time the gap is zero: the delete and the import happen at the same instant.
      expect(await env.pendingSeconds(keyId)).toBe(0);
    }
    const gaps = env.lines('renewal.gap');
    expect(gaps).toHaveLength(2);
    expect(gaps.every((g) => g['outcome'] === 'closed' && typeof g['gap_ms'] === 'number')).toBe(true);
    expect(keys.filter((k) => k.outcome === 'renewed').every((k) => k.mode_used === 'delete-first' && typeof k.gap_ms === 'number')).toBe(true);
  });

  it('auto falls back to delete-first once when the cloud rejects in-place re-imports', async () => {
    // Prepare
    await env.emu.setConfig({ reimport_enabled_key: 'reject' });
    const { due } = await fleet();

    // Act
    const { summary, keys } = await env.sweep({ mode: 'auto', concurrency: 1 });

    // Assess
    expect(summary).toMatchObject({ due: 2, renewed: 2, failed: 0, pending_import: 0 });
    await expectRenewed(due);
    expect(env.lines('renewal.mode_fallback')).toHaveLength(1);
    expect(keys.filter((k) => k.outcome === 'renewed').map((k) => k.mode_used)).toEqual(['delete-first', 'delete-first']);
    // The fallback reused the first key's token: one get-parameters per key.
    expect(summary.calls['kms-import']).toBe(2 /* get-parameters */ + 2 /* deletes */ + 3 /* imports: 1 refused + 2 */);
  });

  it('auto stays in place when the cloud accepts re-imports', async () => {
    const { due } = await fleet();

    const { summary, keys } = await env.sweep({ mode: 'auto' });

    expect(summary).toMatchObject({ renewed: 2, failed: 0, max_gap_ms: null });
    await expectRenewed(due);
    expect(env.lines('renewal.mode_fallback')).toHaveLength(0);
    expect(keys.filter((k) => k.outcome === 'renewed').every((k) => k.mode_used === 'in-place')).toBe(true);
  });

  it('writes no material, import token, wrapped material or SK into its logs', async () => {
    // Prepare
    await env.emu.setConfig({ reimport_enabled_key: 'reject' });
    const key = await env.onboard('3d');
    await env.advanceDays(2.5);
    const travelling: string[] = [];
    const beforeStep = (_step: string, _keyId: string, detail?: ImportStepDetail): void => {
      if (detail !== undefined) travelling.push(detail.importToken.reveal(), detail.encryptedKeyMaterial.reveal());
    };

    // Act
    const { summary } = await env.sweep({ mode: 'auto', verify_probe: true }, { beforeStep });

    // Assess
    expect(summary.renewed).toBe(1);
    const text = env.logs.text();
    const secrets = [key.material.toString('base64'), key.material.toString('hex'), key.material.toString('base64url'), env.emu.sk, ...travelling];
    expect(travelling).toHaveLength(2);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('fails clearly in in-place mode when the cloud rejects it, and leaves the key working', async () => {
    await env.emu.setConfig({ reimport_enabled_key: 'reject' });
    const { due } = await fleet();

    const { summary, keys } = await env.sweep({ mode: 'in-place' });

    expect(summary).toMatchObject({ due: 2, renewed: 0, failed: 2, pending_import: 0 });
    for (const report of keys.filter((k) => k.outcome === 'failed')) {
      expect(report).toMatchObject({ error_code: 'KMS.0310', attempt: 1 });
    }
    for (const { keyId, cipher } of due) {
      expect((await env.keys.describeKey(keyId)).keyState).toBe('Enabled');
      expect((await env.keys.decryptData(cipher)).plainText.reveal()).toBe(PROBE);
    }
    const failedLines = env.lines('renewal.key').filter((l) => l['outcome'] === 'failed');
    expect(failedLines).toHaveLength(2);
    expect(failedLines.every((l) => l['level'] === 'error' && l['error_code'] === 'KMS.0310')).toBe(true);
  });

  it('reports no gap when the delete of delete-first is refused outright and the key keeps its material', async () => {
    // Prepare: the cloud refuses the delete (a definite answer, not an ambiguous one)
    const { due } = await fleet();
    const refusing = new Proxy(env.keys, {
      get: (target, property, receiver) =>
        property === 'deleteImportedKeyMaterial'
          ? async () => {
              throw new CloudApiError({ operation: 'deleteImportedKeyMaterial', code: 'KMS.2701', kind: ErrorKind.InvalidState, httpStatus: 400, retryable: false, message: 'refused' });
            }
          : (() => {
              const value: unknown = Reflect.get(target, property, receiver);
              return typeof value === 'function' ? value.bind(target) : value;
            })(),
    });

    // Act
    const { keys } = await env.sweep({ mode: 'delete-first' }, { targets: [{ ...env.target(), keys: refusing }] });

    // Assess: the keys failed but never lost their material, and no gap (let alone an open one) is reported
    expect(keys.filter((k) => due.some((d) => d.keyId === k.key_id)).map((k) => k.outcome)).toEqual(['failed', 'failed']);
    expect(keys.every((k) => k.gap_ms === undefined)).toBe(true);
    expect(env.lines('renewal.gap')).toEqual([]);
    for (const { keyId } of due) expect((await env.keys.describeKey(keyId)).keyState).toBe('Enabled');
  });
});
