/**
 * The alias sweep lock against the embedded cloud's real KMS aliases (the Huawei alias client over signed HTTP).
 * Fault injection makes a create fail ambiguously (the change committed, the answer dropped) or with a 500; a thin
 * wrapper plays a cloud that answers CreateAlias on a taken alias with a success, or refuses permission. ~1 s.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudApiError, ErrorKind } from '../../lib/errors/index.js';
import { AliasSweepLock, SWEEP_LOCK_ALIAS } from '../../lib/huawei/AliasSweepLock.js';
import type { AliasApi } from '../../lib/huawei/AliasSweepLock.js';
import type { KmsAliasClient } from '../../lib/huawei/KmsAliasClient.js';
import { startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';

const TTL_MS = 600_000;

describe('Class: AliasSweepLock (on the embedded cloud)', () => {
  let env: StageEnv;
  let ours: string;
  let theirs: string;
  let aliases: KmsAliasClient;

  beforeEach(async () => {
    env = await startStageEnv();
    aliases = env.kms.aliases;
    ours = (await env.kms.createKey({ keyAlias: 'lock-ours' })).keyId;
    theirs = (await env.kms.createKey({ keyAlias: 'lock-theirs' })).keyId;
  });
  afterEach(async () => {
    await env.close();
  });

  const input = (): { holderKeyId: string; now: Date; ttlMs: number } => ({ holderKeyId: ours, now: env.clock.now(), ttlMs: TTL_MS });
  const holder = async (): Promise<string | undefined> => (await aliases.listAliases()).find((a) => a.alias === SWEEP_LOCK_ALIAS)?.keyId;
  /** The real alias calls, with `createAlias` replaced. */
  const withCreate = (createAlias: AliasApi['createAlias']): AliasApi => ({
    createAlias,
    listAliases: (keyId) => aliases.listAliases(keyId),
    deleteAliases: (keyId, names) => aliases.deleteAliases(keyId, names),
  });

  it('takes a free lock and releases it', async () => {
    const lock = new AliasSweepLock(aliases, env.kms);
    const now = env.clock.now();

    const attempt = await lock.tryAcquire(input());

    expect(attempt).toEqual({ status: 'acquired', handle: { holderKeyId: ours, acquiredAt: now, staleAt: new Date(now.getTime() + TTL_MS) } });
    expect(await holder()).toBe(ours);
    if (attempt.status === 'acquired') await lock.release(attempt.handle);
    expect(await holder()).toBeUndefined();
  });

  it('reports a live lock as busy until it goes stale, then takes it over', async () => {
    // Prepare
    await aliases.createAlias(theirs, SWEEP_LOCK_ALIAS);
    const createdAt = env.clock.now().getTime();
    await env.emu.advance(60);

    // Act + Assess
    expect(await new AliasSweepLock(aliases, env.kms).tryAcquire(input())).toEqual({ status: 'busy', staleAt: new Date(createdAt + TTL_MS) });
    await env.emu.advance(TTL_MS / 1000);
    expect((await new AliasSweepLock(aliases, env.kms).tryAcquire(input())).status).toBe('acquired');
    expect(await holder()).toBe(ours);
  });

  it('is busy when another sweep hung the lock on the same key', async () => {
    await aliases.createAlias(ours, SWEEP_LOCK_ALIAS);

    expect((await new AliasSweepLock(aliases, env.kms).tryAcquire(input())).status).toBe('busy');
  });

  it('reads the alias back: a cloud that answers a taken alias with success does not let a second sweep in', async () => {
    // Prepare: CreateAlias answers 200 whatever happens (the taken alias keeps its holder)
    await aliases.createAlias(theirs, SWEEP_LOCK_ALIAS);
    const lenient = withCreate(async (keyId, alias) => aliases.createAlias(keyId, alias).catch(() => ({ alias, keyId })));

    // Act
    const attempt = await new AliasSweepLock(lenient, env.kms).tryAcquire(input());

    // Assess
    expect(attempt.status).toBe('busy');
    expect(await holder()).toBe(theirs);
  });

  it('recognises its own lock after a create whose answer was lost (applied, connection dropped)', async () => {
    const dropped = withCreate(async (keyId, alias) => {
      await env.emu.request('POST', '/_emulator/faults', { drop_after_rate: 1, groups: ['kms-key'] });
      try {
        return await aliases.createAlias(keyId, alias);
      } finally {
        await env.emu.request('POST', '/_emulator/faults', { drop_after_rate: 0 });
      }
    });

    const attempt = await new AliasSweepLock(dropped, env.kms).tryAcquire(input());

    expect(attempt.status).toBe('acquired');
    expect(await holder()).toBe(ours);
  });

  it('tries once more after a 500 that created nothing, and says the failure may pass when it persists', async () => {
    // Prepare: the next create fails with a 500 (not handled); then every create does
    let creates = 0;
    const failing = (always: boolean): AliasApi =>
      withCreate(async (keyId, alias) => {
        creates += 1;
        if (always || creates === 1) await env.emu.request('POST', '/_emulator/faults', { error_rate: 1, groups: ['kms-key'] });
        try {
          return await aliases.createAlias(keyId, alias);
        } finally {
          await env.emu.request('POST', '/_emulator/faults', { error_rate: 0 });
        }
      });

    // Act + Assess
    expect((await new AliasSweepLock(failing(false), env.kms).tryAcquire(input())).status).toBe('acquired');
    await aliases.deleteAliases(ours, [SWEEP_LOCK_ALIAS]);
    creates = 0;
    expect(await new AliasSweepLock(failing(true), env.kms).tryAcquire(input())).toEqual({ status: 'unavailable', errorCode: 'KMS.0100', retryable: true });
    expect(creates).toBe(2);
  });

  it('takes the lock when its holder released it between the read-back describe and the list', async () => {
    // Prepare: the other sweep releases its lock right before our read-back lists its aliases
    await aliases.createAlias(theirs, SWEEP_LOCK_ALIAS);
    let released = false;
    const racing: AliasApi = {
      ...withCreate((keyId, alias) => aliases.createAlias(keyId, alias)),
      listAliases: async (keyId) => {
        if (!released && keyId === theirs) {
          released = true;
          await aliases.deleteAliases(theirs, [SWEEP_LOCK_ALIAS]);
        }
        return aliases.listAliases(keyId);
      },
    };

    expect((await new AliasSweepLock(racing, env.kms).tryAcquire(input())).status).toBe('acquired');
    expect(await holder()).toBe(ours);
  });

  it('goes without the lock when its age cannot be read', async () => {
    await aliases.createAlias(theirs, SWEEP_LOCK_ALIAS);
    const ageless: AliasApi = { ...withCreate((keyId, alias) => aliases.createAlias(keyId, alias)), listAliases: async (keyId) => (await aliases.listAliases(keyId)).map(({ createTime: _, ...alias }) => alias) };

    expect(await new AliasSweepLock(ageless, env.kms).tryAcquire(input())).toEqual({ status: 'unavailable', errorCode: 'BYOK.LOCK_AGE_UNKNOWN', retryable: false });
  });

  it('is unavailable, for good, without the permission to create aliases', async () => {
    const denied = withCreate(async () => {
      throw new CloudApiError({ operation: 'createAlias', code: 'KMS.0306', kind: ErrorKind.Unauthorized, httpStatus: 403, retryable: false, message: 'no permission' });
    });

    expect(await new AliasSweepLock(denied, env.kms).tryAcquire(input())).toEqual({ status: 'unavailable', errorCode: 'KMS.0306', retryable: false });
  });
});
