import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudApiError, ErrorKind } from '../../lib/errors/index.js';
import { StageName } from '../../lib/ports/index.js';
import { RenewalStep } from '../../lib/renewal/constants.js';
import type { KeyService } from '../../lib/ports/index.js';
import { AliasSweepLock } from '../../lib/huawei/AliasSweepLock.js';
import { SWEEP_LOCK_ALIAS } from '../../lib/huawei/AliasSweepLock.js';
import { interceptPort } from '../helpers/interceptPort.js';
import type { SweepSummary } from '../../lib/renewal/types.js';
import { importsIn, startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

function consistent(summary: SweepSummary): void {
  expect(summary.scanned).toBe(summary.due + summary.skipped + summary.drift);
  expect(summary.due).toBe(summary.renewed + summary.recovered + summary.failed + summary.deferred + summary.already_renewed + summary.dispatched);
}

describe('Function: runSweep (overlapping runs)', () => {
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

  async function lockHolder(): Promise<string | undefined> {
    try {
      return (await env.keys.describeKey(SWEEP_LOCK_ALIAS)).keyId;
    } catch {
      return undefined;
    }
  }

  it.each(['allow', 'reject'] as const)('two concurrent sweeps renew every key once (reimport_enabled_key=%s)', async (reimport) => {
    // Prepare
    await env.emu.setConfig({ reimport_enabled_key: reimport });
    const ids = await dueKeys(4);
    const deps = { targets: [env.target({ lock: true })], sleep: undefined, tuning: { lockPollMaxMs: 200 } };

    // Act: the real sleep, so the second run really waits for the first
    const [a, b] = await Promise.all([env.sweep({}, deps), env.sweep({}, deps)]);

    // Assess
    for (const id of ids) expect(importsIn(await env.history(id))).toBe(2);
    expect(a.summary.failed + b.summary.failed).toBe(0);
    // Each key is counted renewed by exactly one run (the other skips it, or counts it already-renewed).
    expect(a.summary.renewed + b.summary.renewed).toBe(4);
    consistent(a.summary);
    consistent(b.summary);
    // Usually one waits; under load the second may find the lock already released ('acquired' twice).
    for (const status of [...a.summary.lock, ...b.summary.lock]) expect(['acquired', 'waited']).toContain(status);
    expect(await lockHolder()).toBeUndefined();
  });

  it('a sweep that finds the lock busy waits, then plans again and renews nothing twice', async () => {
    // Prepare: sweep A, holding the lock, starts sweep B at its first stage and goes on once B found the lock busy
    const ids = await dueKeys(2);
    const real = new AliasSweepLock(env.kms.aliases, env.keys);
    let busySeen: () => void = () => {};
    const bPolledBusy = new Promise<void>((resolve) => (busySeen = resolve));
    const lockB = {
      tryAcquire: async (input: Parameters<AliasSweepLock['tryAcquire']>[0]) => {
        const attempt = await real.tryAcquire(input);
        if (attempt.status === 'busy') busySeen();
        return attempt;
      },
      release: real.release.bind(real),
    };
    let b: Promise<{ summary: SweepSummary }> | undefined;
    const beforeStep = async (): Promise<void> => {
      if (b !== undefined) return;
      b = env.sweep({}, { targets: [{ ...env.target(), lock: lockB }], sleep: undefined, tuning: { lockPollMaxMs: 100 } });
      await bPolledBusy;
    };

    // Act
    const a = await env.sweep({}, { targets: [env.target({ lock: true })], beforeStep });
    const bResult = await b!;

    // Assess
    expect(a.summary).toMatchObject({ renewed: 2, lock: ['acquired'] });
    expect(bResult.summary).toMatchObject({ renewed: 0, due: 0, skipped: 2, failed: 0, lock: ['waited'] });
    for (const id of ids) expect(importsIn(await env.history(id))).toBe(2);
  });

  it('plans again once it holds the lock, so keys renewed by the previous holder are left alone', async () => {
    // Prepare: this sweep discovers, then another sweep renews everything and releases the lock just before ours
    const ids = await dueKeys(2);
    const real = new AliasSweepLock(env.kms.aliases, env.keys);
    let other: SweepSummary | undefined;
    const lock = {
      tryAcquire: async (input: Parameters<AliasSweepLock['tryAcquire']>[0]) => {
        other ??= (await env.sweep({}, { targets: [env.target({ lock: true })] })).summary;
        return real.tryAcquire(input);
      },
      release: (handle: Parameters<AliasSweepLock['release']>[0]) => real.release(handle),
    };

    // Act
    const { summary } = await env.sweep({}, { targets: [{ ...env.target(), lock }] });

    // Assess
    expect(other).toMatchObject({ renewed: 2 });
    expect(summary).toMatchObject({ due: 0, renewed: 0, skipped: 2, lock: ['acquired'] });
    for (const id of ids) expect(importsIn(await env.history(id))).toBe(2);
  });

  it('skips a key another run renewed between discovery and import (no lock)', async () => {
    // Prepare: while this sweep wraps key 0, "another run" renews it
    const ids = await dueKeys(3);
    let done = false;
    const beforeStep = async (step: string, keyId: string): Promise<void> => {
      if (step !== RenewalStep.ImportMaterial || keyId !== ids[0] || done) return;
      done = true;
      const other = await env.newDispatcher().runChain(StageName.FetchParameters, { key_id: ids[0] });
      expect(other.ok).toBe(true);
    };

    // Act
    const { summary, keys } = await env.sweep({ lock: false }, { beforeStep });

    // Assess
    expect(summary).toMatchObject({ due: 3, renewed: 2, already_renewed: 1, failed: 0 });
    consistent(summary);
    expect(keys.find((k) => k.key_id === ids[0])).toMatchObject({ outcome: 'already-renewed' });
    expect(importsIn(await env.history(ids[0]!))).toBe(2);
  });

  it('counts once a renewal whose import lost to another run (delete-first, in-place refused)', async () => {
    // Prepare: right after this sweep deletes key 0's material, another run recovers it
    await env.emu.setConfig({ reimport_enabled_key: 'reject' });
    const [keyId] = await dueKeys(1);
    const keys: KeyService = interceptPort(env.keys, {
      overrides: {
        deleteImportedKeyMaterial: async (id: string) => {
          await env.keys.deleteImportedKeyMaterial(id);
          const other = await env.newDispatcher().runChain(StageName.FetchParameters, { key_id: id });
          expect(other.ok).toBe(true);
        },
      },
    });

    // Act
    const { summary, keys: reports } = await env.sweep({ mode: 'delete-first', lock: false }, { targets: [{ ...env.target(), keys }] });

    // Assess
    expect(summary).toMatchObject({ due: 1, renewed: 0, already_renewed: 1, failed: 0, pending_import: 0 });
    expect(reports[0]).toMatchObject({ outcome: 'already-renewed' });
    expect((await env.keys.describeKey(keyId!)).keyState).toBe('Enabled');
    expect(env.lines('renewal.gap')).toEqual([expect.objectContaining({ outcome: 'closed' })]);
  });

  it('takes over a lock left by a sweep that died', async () => {
    // Prepare: a lock alias created long ago (its holder was killed)
    const ids = await dueKeys(2);
    await env.kms.aliases.createAlias(ids[1]!, SWEEP_LOCK_ALIAS);
    await env.emu.advance(120);

    // Act
    const { summary } = await env.sweep({ lock_ttl_seconds: 60 }, { targets: [env.target({ lock: true })] });

    // Assess
    expect(summary).toMatchObject({ renewed: 2, lock: ['acquired'] });
    expect(await lockHolder()).toBeUndefined();
  });

  it('defers every due key while another live sweep holds the lock', async () => {
    const ids = await dueKeys(2);
    await env.kms.aliases.createAlias(ids[0]!, SWEEP_LOCK_ALIAS);

    const { summary, keys } = await env.sweep({ lock_wait_seconds: 0 }, { targets: [env.target({ lock: true })] });

    expect(summary).toMatchObject({ due: 2, deferred: 2, renewed: 0, lock: ['busy'] });
    expect(keys.every((k) => k.error_code === 'BYOK.LOCK_BUSY')).toBe(true);
    expect(await lockHolder()).toBe(ids[0]);
  });

  it('bounds the wait for a busy lock by a number of polls when waits are instant (simulations)', async () => {
    const ids = await dueKeys(1);
    await env.kms.aliases.createAlias(ids[0]!, SWEEP_LOCK_ALIAS);
    let polls = 0;
    const real = new AliasSweepLock(env.kms.aliases, env.keys);
    const lock = { tryAcquire: (input: Parameters<AliasSweepLock['tryAcquire']>[0]) => ((polls += 1), real.tryAcquire(input)), release: real.release.bind(real) };

    const { summary } = await env.sweep({ lock_wait_seconds: 10 }, { targets: [{ ...env.target(), lock }] });

    expect(summary).toMatchObject({ deferred: 1, lock: ['busy'] });
    expect(polls).toBe(11);
  });

  it('goes on without the lock when it cannot be used', async () => {
    await dueKeys(2);
    const denied = new CloudApiError({ operation: 'createAlias', code: 'KMS.0306', kind: ErrorKind.Unauthorized, httpStatus: 403, retryable: false, message: 'no permission' });
    const aliases = {
      createAlias: async () => {
        throw denied;
      },
      listAliases: async () => [],
      deleteAliases: async () => {},
    };

    const { summary } = await env.sweep({}, { targets: [{ ...env.target(), lock: new AliasSweepLock(aliases, env.keys) }] });

    expect(summary).toMatchObject({ renewed: 2, failed: 0, lock: ['unavailable'] });
    expect(env.lines('renewal.lock_unavailable')).toEqual([expect.objectContaining({ error_code: 'KMS.0306', level: 'warn' })]);
  });

  it('needs no lock when nothing is due', async () => {
    await env.onboard('30d');

    const { summary } = await env.sweep({}, { targets: [env.target({ lock: true })] });

    expect(summary).toMatchObject({ due: 0, skipped: 1, lock: ['not-needed'] });
  });
});
