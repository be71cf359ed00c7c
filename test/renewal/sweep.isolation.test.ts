import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudApiError, ErrorKind } from '../../lib/errors/index.js';
import { StageName } from '../../lib/ports/index.js';
import { RenewalStep } from '../../lib/renewal/constants.js';
import type { Dispatcher, KeyService } from '../../lib/ports/index.js';
import { interceptPort } from '../helpers/interceptPort.js';
import { randomMaterial } from '../helpers/stageEnv.js';
import { importsIn, startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

describe('Function: runSweep (isolation, retries, deadline, fan-out)', () => {
  let env: RenewalEnv;

  beforeEach(async () => {
    env = await startRenewalEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  async function dueKeys(count: number): Promise<string[]> {
    const ids = [];
    for (let i = 0; i < count; i++) ids.push((await env.onboard('3d')).keyId);
    await env.advanceDays(2.5);
    return ids;
  }

  async function setFaults(faults: Record<string, unknown>): Promise<void> {
    const res = await env.emu.request('POST', '/_emulator/faults', faults);
    if (res.status !== 200) throw new Error(`faults: ${JSON.stringify(res.body)}`);
  }

  it.each(['auto', 'delete-first'] as const)('isolates a key whose secret is wrong or unreadable (%s)', async (mode) => {
    // Prepare: key 0 now names a version with other material; key 1 names a version that does not exist
    const keys = [];
    for (let i = 0; i < 4; i++) keys.push(await env.onboard('3d'));
    const [wrong, unreadable] = [keys[0]!, keys[1]!];
    const v2 = await env.createSecret(wrong.secret, { secretBinary: randomMaterial().toString('base64') });
    await env.keys.putKeyTags(wrong.keyId, [{ key: 'byok:version', value: v2 }]);
    await env.keys.putKeyTags(unreadable.keyId, [{ key: 'byok:version', value: 'v9' }]);
    await env.advanceDays(2.5);

    // Act
    const { summary, keys: reports } = await env.sweep({ mode });

    // Assess
    expect(summary).toMatchObject({ scanned: 4, due: 4, renewed: 2, failed: 2, pending_import: 0 });
    expect(reports.find((r) => r.key_id === wrong.keyId)).toMatchObject({ outcome: 'failed', error_code: 'BYOK.FINGERPRINT_MISMATCH', attempt: 1 });
    expect(reports.find((r) => r.key_id === unreadable.keyId)).toMatchObject({ outcome: 'failed', error_code: expect.stringMatching(/^CSMS\./) });
    for (const key of [wrong, unreadable]) {
      expect((await env.keys.describeKey(key.keyId)).keyState).toBe('Enabled');
      expect((await env.history(key.keyId)).map((h) => h.reason)).not.toContain('material_deleted');
    }
    const failedLines = env.lines('renewal.key').filter((l) => l['outcome'] === 'failed');
    expect(failedLines.map((l) => l['key_id']).sort()).toEqual([wrong.keyId, unreadable.keyId].sort());
    expect(env.lines('renewal.summary')[0]).toMatchObject({ level: 'error', renewed: 2, failed: 2 });
  });

  it('retries a key whose import failed after its material was deleted, closing the gap', async () => {
    // Prepare: the import right after the delete answers 500 (not applied); faults are off again for the retry
    const [keyId] = await dueKeys(1);
    let faulted = false;
    const keys: KeyService = interceptPort(env.keys, {
      overrides: {
        deleteImportedKeyMaterial: async (id: string) => {
          await env.keys.deleteImportedKeyMaterial(id);
          if (!faulted) await setFaults({ error_rate: 1, groups: ['kms-import'] });
          faulted = true;
        },
      },
    });
    const beforeStep = async (step: string): Promise<void> => {
      if (step === RenewalStep.FetchParameters && faulted) await setFaults({ error_rate: 0 });
    };

    // Act
    const { summary, keys: reports } = await env.sweep({ mode: 'delete-first' }, { targets: [{ ...env.target(), keys }], beforeStep });

    // Assess
    expect(summary).toMatchObject({ renewed: 1, failed: 0, pending_import: 0 });
    expect(reports[0]).toMatchObject({ key_id: keyId, outcome: 'renewed', attempt: 2, final_state: 'Enabled' });
    expect(env.lines('renewal.gap')).toEqual([expect.objectContaining({ outcome: 'closed', key_id: keyId })]);
    expect((await env.keys.describeKey(keyId!)).keyState).toBe('Enabled');
  });

  it('keeps trying, beyond key_attempts, a key it left without material', async () => {
    // Prepare: the first three imports fail with a 500 (not applied)
    const [keyId] = await dueKeys(1);
    let failures = 0;
    const keys: KeyService = interceptPort(env.keys, {
      overrides: {
        importKeyMaterial: async (input: Parameters<KeyService['importKeyMaterial']>[0]) => {
          if (failures < 3) {
            failures += 1;
            throw new CloudApiError({ operation: 'importKeyMaterial', code: 'KMS.0100', kind: ErrorKind.Unavailable, httpStatus: 500, retryable: false, ambiguous: true, message: 'internal error' });
          }
          return env.keys.importKeyMaterial(input);
        },
      },
    });

    // Act
    const { summary, keys: reports } = await env.sweep({ mode: 'delete-first', key_attempts: 2 }, { targets: [{ ...env.target(), keys }] });

    // Assess
    expect(summary).toMatchObject({ renewed: 1, failed: 0, pending_import: 0 });
    expect(reports[0]).toMatchObject({ outcome: 'renewed', attempt: 4 });
    expect((await env.keys.describeKey(keyId!)).keyState).toBe('Enabled');
  });

  it('counts an import whose answer was lost but which was applied as renewed, once', async () => {
    // Prepare: the first import is applied, then its connection is dropped (ambiguous)
    const [keyId] = await dueKeys(1);
    let imports = 0;
    const beforeStep = async (step: string): Promise<void> => {
      if (step !== RenewalStep.ImportMaterial) return;
      imports += 1;
      await setFaults(imports === 1 ? { drop_after_rate: 1, groups: ['kms-import'] } : { drop_after_rate: 0 });
    };

    // Act
    const { summary, keys: reports } = await env.sweep({ mode: 'in-place' }, { beforeStep });

    // Assess
    expect(summary).toMatchObject({ renewed: 1, already_renewed: 0, failed: 0 });
    expect(reports[0]).toMatchObject({ outcome: 'renewed', attempt: 1 });
    expect(importsIn(await env.history(keyId!))).toBe(2 /* onboarding + one renewal */);
  });

  it('defers every key when the remaining time is too short, and says so', async () => {
    const ids = await dueKeys(3);
    const before = await Promise.all(ids.map((id) => env.history(id)));

    const { summary, keys } = await env.sweep({}, { deadlineAtMs: Date.now() + 1 });

    expect(summary).toMatchObject({ due: 3, deferred: 3, renewed: 0, failed: 0 });
    expect(keys.every((k) => k.outcome === 'deferred' && k.error_code === 'BYOK.DEADLINE' && k.attempt === 0)).toBe(true);
    expect(env.lines('renewal.key').every((l) => l['level'] === 'warn' && l['error_message'] !== undefined)).toBe(true);
    expect(await Promise.all(ids.map((id) => env.history(id)))).toEqual(before);
  });

  it('stops starting keys when the deadline comes near mid-sweep', async () => {
    // Prepare: a fake wall clock that moves 20 s per key; deadline 25 s away, 10 s reserve
    await dueKeys(3);
    let wallMs = 1_000_000;
    const beforeStep = async (step: string): Promise<void> => {
      if (step === RenewalStep.FetchParameters) wallMs += 20_000;
    };

    // Act
    const { summary } = await env.sweep(
      { concurrency: 1 },
      { nowMs: () => wallMs, deadlineAtMs: wallMs + 25_000, beforeStep, tuning: { reserveMs: 10_000 } },
    );

    // Assess
    expect(summary).toMatchObject({ due: 3, renewed: 1, deferred: 2 });
  });

  it('renews at most max_keys keys, most urgent first', async () => {
    await dueKeys(3);

    const { summary, keys } = await env.sweep({ max_keys: 1 });

    expect(summary).toMatchObject({ renewed: 1, deferred: 2 });
    expect(keys.filter((k) => k.outcome === 'deferred').every((k) => k.error_code === 'BYOK.MAX_KEYS')).toBe(true);
  });

  it('fans out large fleets as fetch-parameters events in batches', async () => {
    // Prepare
    const ids = await dueKeys(3);
    const dispatched: { stage: string; event: Record<string, unknown> }[] = [];
    const dispatcher: Dispatcher = { dispatch: async (stage, event) => void dispatched.push({ stage, event }) };
    const sleeps: number[] = [];

    // Act
    const { summary } = await env.sweep(
      { fanout: { threshold: 2, batch: 2, interval_ms: 250 } },
      { targets: [{ ...env.target(), dispatcher }], sleep: async (ms) => void sleeps.push(ms), correlationId: '11111111-2222-4333-8444-555555555555' },
    );

    // Assess
    expect(summary).toMatchObject({ due: 3, dispatched: 3, renewed: 0, failed: 0 });
    expect(dispatched.map((d) => d.stage)).toEqual(['fetch-parameters', 'fetch-parameters', 'fetch-parameters']);
    expect(dispatched.map((d) => d.event['key_id']).sort()).toEqual([...ids].sort());
    expect(dispatched[0]!.event).toEqual({ key_id: expect.any(String), correlation_id: '11111111-2222-4333-8444-555555555555' });
    expect(sleeps).toContain(250);
    // The per-key event is what the lifecycle chain accepts: it renews the key.
    const result = await env.newDispatcher().runChain(StageName.FetchParameters, dispatched[0]!.event);
    expect(result).toMatchObject({ ok: true, stage: 'import-material' });
  });
});
