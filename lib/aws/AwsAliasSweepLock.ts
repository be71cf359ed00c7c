/**
 * The sweep lock ({@link SweepLock}) over a KMS alias, as on Huawei (lib/huawei/AliasSweepLock.ts): AWS has no lock
 * service, but CreateAlias fails with AlreadyExistsException on an alias that exists, a compare-and-set. A sweep
 * with work to do creates `alias/byok-keeper-sweep-lock` on one of its managed keys; the alias's CreationDate
 * (ListAliases) tells a live holder from a dead one.
 */
import { ErrorKind, hasKind, isCloudApiError } from '../errors/index.js';
import type { LockAttempt, LockHandle, SweepLock } from '../ports/index.js';
import type { AliasEntry, KmsAliases } from './KmsAliases.js';
import { kmsAlias } from './KmsAliases.js';

/** Alias used as the sweep lock (reserved: do not onboard a key under this alias). */
const SWEEP_LOCK_ALIAS = 'byok-keeper-sweep-lock';
/** After an ambiguous create, a lock on our key created this close to now is taken to be ours. */
const OWN_LOCK_WINDOW_MS = 120_000;

type AliasApi = Pick<KmsAliases, 'resolve' | 'create' | 'delete' | 'ofKey'>;

/**
 * @example
 * const lock = new AwsAliasSweepLock(keys.aliases);
 */
class AwsAliasSweepLock implements SweepLock {
  readonly #aliases: AliasApi;
  readonly #alias: string;

  constructor(aliases: AliasApi, alias = SWEEP_LOCK_ALIAS) {
    this.#aliases = aliases;
    this.#alias = alias;
  }

  async tryAcquire(input: { holderKeyId: string; now: Date; ttlMs: number }): Promise<LockAttempt> {
    try {
      return await this.#create(input, true);
    } catch (error) {
      if (!isCloudApiError(error)) throw error;
      return { status: 'unavailable', errorCode: error.code };
    }
  }

  async release(handle: LockHandle): Promise<void> {
    try {
      // Only our own lock: after a takeover the alias may sit on another sweep's key.
      if ((await this.#aliases.resolve(this.#alias)) === handle.holderKeyId) await this.#aliases.delete(this.#alias);
    } catch {
      // Gone already, or unreachable: either way it goes stale by itself.
    }
  }

  /** The lock's holder and creation time; `undefined` when no lock exists. */
  async #read(): Promise<AliasEntry | undefined> {
    const holder = await this.#aliases.resolve(this.#alias);
    if (holder === undefined) return undefined;
    // Not in the list: released between the two calls (not "age unknown").
    return (await this.#aliases.ofKey(holder)).find((a) => a.aliasName === kmsAlias(this.#alias));
  }

  async #create(input: { holderKeyId: string; now: Date; ttlMs: number }, mayTakeOver: boolean): Promise<LockAttempt> {
    const acquired = (): LockAttempt => ({
      status: 'acquired',
      handle: { holderKeyId: input.holderKeyId, acquiredAt: input.now, staleAt: new Date(input.now.getTime() + input.ttlMs) },
    });
    try {
      await this.#aliases.create(this.#alias, input.holderKeyId);
      return acquired();
    } catch (error) {
      if (!isCloudApiError(error)) throw error;
      if (error.kind !== ErrorKind.AlreadyExists && !error.ambiguous) return { status: 'unavailable', errorCode: error.code };
      const current = await this.#read();
      if (error.ambiguous) {
        const ours =
          current?.keyId === input.holderKeyId &&
          (current.createdAt === undefined || Math.abs(current.createdAt.getTime() - input.now.getTime()) <= OWN_LOCK_WINDOW_MS);
        return ours ? acquired() : { status: 'unavailable', errorCode: error.code };
      }
      if (current === undefined) return mayTakeOver ? this.#create(input, false) : { status: 'busy', staleAt: undefined };
      // Without the creation time a dead holder could never be told from a live one: go on without the lock.
      if (current.createdAt === undefined) return { status: 'unavailable', errorCode: 'BYOK.LOCK_AGE_UNKNOWN' };
      const staleAt = new Date(current.createdAt.getTime() + input.ttlMs);
      if (staleAt.getTime() > input.now.getTime() || !mayTakeOver) return { status: 'busy', staleAt };
      // Stale: its holder died. Delete it (someone else may just have) and try once more.
      try {
        await this.#aliases.delete(this.#alias);
      } catch (deleteError) {
        if (!hasKind(deleteError, ErrorKind.NotFound)) throw deleteError;
      }
      return this.#create(input, false);
    }
  }
}

export { AwsAliasSweepLock, SWEEP_LOCK_ALIAS };
