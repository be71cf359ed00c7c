import { describe, expect, it } from 'vitest';
import type { KeyAlias } from '../../lib/huawei/kmsTypes.js';
import { CloudApiError, ErrorKind } from '../../lib/errors/index.js';
import { AliasSweepLock } from '../../lib/huawei/AliasSweepLock.js';
import type { AliasApi } from '../../lib/huawei/AliasSweepLock.js';
import { SWEEP_LOCK_ALIAS } from '../../lib/huawei/AliasSweepLock.js';

const NOW = new Date('2030-01-01T12:00:00Z');
const TTL_MS = 600_000;
const OURS = '00000000-0000-0000-0000-000000000001';
const THEIRS = '00000000-0000-0000-0000-000000000002';

function cloudError(code: string, extra: Partial<{ ambiguous: boolean; httpStatus: number }> = {}): CloudApiError {
  const kind = code === 'KMS.1104' ? ErrorKind.AlreadyExists : code === 'KMS.0207' ? ErrorKind.NotFound : ErrorKind.Unknown;
  return new CloudApiError({ operation: 'createAlias', code, kind, retryable: false, message: code, ...extra });
}

/** An in-memory alias table with KMS's duplicate rule; `failNext` makes the next create fail once. */
function fakeAliases(existing?: KeyAlias): { api: AliasApi; table: Map<string, KeyAlias>; failNext?: CloudApiError; calls: string[] } {
  const table = new Map<string, KeyAlias>(existing ? [[existing.alias, existing]] : []);
  const state: { api: AliasApi; table: Map<string, KeyAlias>; failNext?: CloudApiError; calls: string[] } = {
    table,
    calls: [],
    api: {
      createAlias: async (keyId, alias) => {
        state.calls.push(`create ${keyId}`);
        const fail = state.failNext;
        if (fail !== undefined) {
          state.failNext = undefined;
          if (fail.ambiguous) table.set(alias, { alias, keyId, createTime: NOW });
          throw fail;
        }
        if (table.has(alias)) throw cloudError('KMS.1104');
        table.set(alias, { alias, keyId, createTime: NOW });
      },
      listAliases: async (keyId) => [...table.values()].filter((a) => a.keyId === keyId),
      deleteAliases: async (keyId, aliases) => {
        state.calls.push(`delete ${keyId}`);
        for (const alias of aliases) {
          if (table.get(alias)?.keyId !== keyId) throw cloudError('KMS.0207');
          table.delete(alias);
        }
      },
    },
  };
  return state;
}

function keysOver(table: Map<string, KeyAlias>): { describeKey: (id: string) => Promise<never> } {
  return {
    describeKey: async (id: string) => {
      const found = table.get(id);
      if (found === undefined) throw cloudError('KMS.0207');
      return { keyId: found.keyId } as never;
    },
  };
}

describe('Class: AliasSweepLock', () => {
  const input = { holderKeyId: OURS, now: NOW, ttlMs: TTL_MS };

  it('takes a free lock and releases it', async () => {
    const fake = fakeAliases();
    const lock = new AliasSweepLock(fake.api, keysOver(fake.table));

    const attempt = await lock.tryAcquire(input);

    expect(attempt).toEqual({ status: 'acquired', handle: { holderKeyId: OURS, acquiredAt: NOW, staleAt: new Date(NOW.getTime() + TTL_MS) } });
    if (attempt.status === 'acquired') await lock.release(attempt.handle);
    expect(fake.table.size).toBe(0);
  });

  it('reports a live lock as busy until it goes stale', async () => {
    const fake = fakeAliases({ alias: SWEEP_LOCK_ALIAS, keyId: THEIRS, createTime: new Date(NOW.getTime() - 60_000) });

    const attempt = await new AliasSweepLock(fake.api, keysOver(fake.table)).tryAcquire(input);

    expect(attempt).toEqual({ status: 'busy', staleAt: new Date(NOW.getTime() - 60_000 + TTL_MS) });
  });

  it('takes over a stale lock', async () => {
    const fake = fakeAliases({ alias: SWEEP_LOCK_ALIAS, keyId: THEIRS, createTime: new Date(NOW.getTime() - TTL_MS - 1) });

    const attempt = await new AliasSweepLock(fake.api, keysOver(fake.table)).tryAcquire(input);

    expect(attempt.status).toBe('acquired');
    expect(fake.table.get(SWEEP_LOCK_ALIAS)?.keyId).toBe(OURS);
    expect(fake.calls).toEqual([`create ${OURS}`, `delete ${THEIRS}`, `create ${OURS}`]);
  });

  it('takes the lock when its holder released it between the describe and the list', async () => {
    const fake = fakeAliases({ alias: SWEEP_LOCK_ALIAS, keyId: THEIRS, createTime: NOW });
    const keys = {
      describeKey: async () => {
        fake.table.clear();
        return { keyId: THEIRS } as never;
      },
    };

    const attempt = await new AliasSweepLock(fake.api, keys).tryAcquire(input);

    expect(attempt.status).toBe('acquired');
  });

  it('goes without the lock when its age cannot be read', async () => {
    const fake = fakeAliases({ alias: SWEEP_LOCK_ALIAS, keyId: THEIRS });

    const attempt = await new AliasSweepLock(fake.api, keysOver(fake.table)).tryAcquire(input);

    expect(attempt).toEqual({ status: 'unavailable', errorCode: 'BYOK.LOCK_AGE_UNKNOWN' });
  });

  it('recognises its own lock after an ambiguous create', async () => {
    const fake = fakeAliases();
    fake.failNext = cloudError('ECONNRESET', { ambiguous: true });

    const attempt = await new AliasSweepLock(fake.api, keysOver(fake.table)).tryAcquire(input);

    expect(attempt.status).toBe('acquired');
  });

  it('is unavailable without the permission to create aliases', async () => {
    const fake = fakeAliases();
    fake.failNext = cloudError('KMS.0306', { httpStatus: 403 });

    const attempt = await new AliasSweepLock(fake.api, keysOver(fake.table)).tryAcquire(input);

    expect(attempt).toEqual({ status: 'unavailable', errorCode: 'KMS.0306' });
  });
});
