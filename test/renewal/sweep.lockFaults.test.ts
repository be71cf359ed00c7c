/**
 * The sweep lock under faults, on the embedded cloud: a 500 on the lock's create is tried again before the sweep
 * goes on unlocked; a killed sweep's lock is dead after the function's timeout plus a margin, not after
 * `lock_ttl_seconds`; keys left deferred make the summary incomplete. Waits are instant (sweepDeps).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AliasSweepLock, SWEEP_LOCK_ALIAS } from '../../lib/huawei/AliasSweepLock.js';
import type { AliasApi } from '../../lib/huawei/AliasSweepLock.js';
import { importsIn, startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

describe('Function: runSweep (the lock under faults)', () => {
  let env: RenewalEnv;
  let ids: string[];

  beforeEach(async () => {
    env = await startRenewalEnv();
    ids = [(await env.onboard('3d')).keyId, (await env.onboard('3d')).keyId];
    await env.advanceDays(2.5);
  });
  afterEach(async () => {
    await env.close();
  });

  /** The real alias calls; the first `failing` creates are answered 500 by the emulator (fault injection). */
  function flakyAliases(failing: number): AliasApi & { creates: () => number } {
    let creates = 0;
    const aliases = env.kms.aliases;
    return {
      creates: () => creates,
      createAlias: async (keyId, alias) => {
        creates += 1;
        if (creates <= failing) await env.emu.request('POST', '/_emulator/faults', { error_rate: 1, groups: ['kms-key'] });
        try {
          return await aliases.createAlias(keyId, alias);
        } finally {
          await env.emu.request('POST', '/_emulator/faults', { error_rate: 0 });
        }
      },
      listAliases: (keyId) => aliases.listAliases(keyId),
      deleteAliases: (keyId, names) => aliases.deleteAliases(keyId, names),
    };
  }

  it('tries the lock again after 500s and renews under it', async () => {
    const aliases = flakyAliases(3);

    const { summary } = await env.sweep({}, { targets: [{ ...env.target(), lock: new AliasSweepLock(aliases, env.kms) }] });

    expect(summary).toMatchObject({ renewed: 2, failed: 0, lock: ['acquired'], complete: true });
    expect(aliases.creates()).toBe(4);
    expect(env.lines('renewal.lock_retry').length).toBeGreaterThan(0);
    expect(env.lines('renewal.lock_unavailable')).toEqual([]);
  });

  it('goes on unlocked only once the wait is over, when the 500s persist', async () => {
    const aliases = flakyAliases(1_000);

    const { summary } = await env.sweep({ lock_wait_seconds: 4 }, { targets: [{ ...env.target(), lock: new AliasSweepLock(aliases, env.kms) }] });

    expect(summary).toMatchObject({ renewed: 2, failed: 0, lock: ['unavailable'] });
    expect(env.lines('renewal.lock_retry').length).toBeGreaterThan(0);
    expect(env.lines('renewal.lock_unavailable')).toEqual([expect.objectContaining({ error_code: 'KMS.0100', outcome: 'unlocked' })]);
    for (const id of ids) expect(importsIn(await env.history(id))).toBe(2);
  });

  it('takes over a lock older than the function timeout plus a margin, although lock_ttl_seconds is longer', async () => {
    // Prepare: a sweep killed 17 minutes ago left its lock; this function's timeout is 15 minutes
    await env.kms.aliases.createAlias(ids[0]!, SWEEP_LOCK_ALIAS);
    await env.emu.advance(17 * 60);

    // Act
    const { summary } = await env.sweep({}, { targets: [env.target({ lock: true })], functionTimeoutMs: 15 * 60_000 });

    // Assess
    expect(summary).toMatchObject({ renewed: 2, lock: ['acquired'], complete: true });
  });

  it('without a function timeout waits for lock_ttl_seconds, and its summary says keys were left', async () => {
    await env.kms.aliases.createAlias(ids[0]!, SWEEP_LOCK_ALIAS);
    await env.emu.advance(17 * 60);

    const { summary } = await env.sweep({ lock_wait_seconds: 0 }, { targets: [env.target({ lock: true })] });

    expect(summary).toMatchObject({ renewed: 0, deferred: 2, lock: ['busy'], complete: false });
    expect(env.lines('renewal.summary')).toEqual([expect.objectContaining({ level: 'warn', complete: false })]);
  });
});
