/**
 * The sweep lock ({@link SweepLock}) over a KMS alias. KMS has no compare-and-set, except one: creating an alias
 * that exists fails with KMS.1104. So a sweep with work to do creates `alias/byok-keeper-sweep-lock` on one of its
 * managed keys, and the alias's creation time on the cloud's clock tells a live holder from a dead one.
 *
 * Huawei documents KMS.1104 for a key alias taken at create-key, not for CreateAlias itself
 * (docs/huawei-api.md#error-codes-the-code-handles). So the lock is never taken on the create's answer alone: the
 * alias is read back, and the lock is ours only if it names our key. A cloud that answered a taken alias with a
 * success (or with an error that leaves it in place) then shows the other holder, and this sweep waits.
 */
import { isCloudApiError } from '../errors/index.js';
import type { CloudApiError } from '../errors/index.js';
import type { LockAttempt, LockHandle, SweepLock } from '../ports/index.js';
import type { KeyAlias } from './kmsTypes.js';

/** Alias used as the sweep lock (reserved: do not onboard a key under this alias). */
const SWEEP_LOCK_ALIAS = 'alias/byok-keeper-sweep-lock';

/** The alias calls the lock uses (the shape of {@link KmsAliasClient}). */
interface AliasApi {
  createAlias(keyId: string, alias: string): Promise<unknown>;
  listAliases(keyId?: string): Promise<KeyAlias[]>;
  deleteAliases(keyId: string, aliases: string[]): Promise<void>;
}

/** describe-key, which resolves an alias to the key holding it. */
interface KeyDescriber {
  describeKey(keyIdOrAlias: string): Promise<{ keyId: string }>;
}

const DUPLICATE_ALIAS = 'KMS.1104';
const NOT_FOUND = 'KMS.0207';
/** After an ambiguous create, a lock on our key created this close to now is taken to be ours. */
const OWN_LOCK_WINDOW_MS = 120_000;

/** The key the lock alias names now; `undefined` when no lock exists. */
async function holderOf(keys: KeyDescriber, alias: string): Promise<string | undefined> {
  try {
    return (await keys.describeKey(alias)).keyId;
  } catch (error) {
    if (isCloudApiError(error) && error.code === NOT_FOUND) return undefined;
    throw error;
  }
}

/** The lock alias as the holder's alias list shows it (with its creation time); `undefined` once released. */
async function lockAliasOf(aliases: AliasApi, holderKeyId: string, alias: string): Promise<KeyAlias | undefined> {
  // Not in the list: released between the two calls (not "age unknown").
  return (await aliases.listAliases(holderKeyId)).find((a) => a.alias === alias);
}

function unavailable(error: CloudApiError): LockAttempt {
  return { status: 'unavailable', errorCode: error.code, retryable: error.retryable || error.ambiguous };
}

/**
 * @example
 * const lock = new AliasSweepLock(kmsClient.aliases, kmsClient);
 */
class AliasSweepLock implements SweepLock {
  readonly #aliases: AliasApi;
  readonly #keys: KeyDescriber;
  readonly #alias: string;

  constructor(aliases: AliasApi, keys: KeyDescriber, alias = SWEEP_LOCK_ALIAS) {
    this.#aliases = aliases;
    this.#keys = keys;
    this.#alias = alias;
  }

  async tryAcquire(input: { holderKeyId: string; now: Date; ttlMs: number }): Promise<LockAttempt> {
    try {
      return await this.#create(input, true);
    } catch (error) {
      if (!isCloudApiError(error)) throw error;
      return unavailable(error);
    }
  }

  async release(handle: LockHandle): Promise<void> {
    try {
      await this.#aliases.deleteAliases(handle.holderKeyId, [this.#alias]);
    } catch {
      // Gone already, or unreachable: either way it goes stale by itself.
    }
  }

  async #create(input: { holderKeyId: string; now: Date; ttlMs: number }, mayTryAgain: boolean): Promise<LockAttempt> {
    let refused: CloudApiError | undefined;
    try {
      await this.#aliases.createAlias(input.holderKeyId, this.#alias);
    } catch (error) {
      if (!isCloudApiError(error)) throw error;
      if (error.code !== DUPLICATE_ALIAS && !error.ambiguous) return unavailable(error);
      refused = error;
    }
    // Read back: whatever the create answered, the lock is whoever the alias names now (one describe-key when the
    // create succeeded and the alias names our key; the alias list, for its creation time, only otherwise).
    const holderKeyId = await holderOf(this.#keys, this.#alias);
    const acquired = (): LockAttempt => ({
      status: 'acquired',
      handle: { holderKeyId: input.holderKeyId, acquiredAt: input.now, staleAt: new Date(input.now.getTime() + input.ttlMs) },
    });
    if (holderKeyId === input.holderKeyId && refused === undefined) return acquired();
    const current = holderKeyId === undefined ? undefined : await lockAliasOf(this.#aliases, holderKeyId, this.#alias);
    if (current === undefined) {
      // Not created (an ambiguous failure that was not applied), or released meanwhile: one more try.
      if (mayTryAgain) return this.#create(input, false);
      return refused === undefined ? { status: 'busy', staleAt: undefined } : unavailable(refused);
    }
    if (current.keyId === input.holderKeyId && this.#isOurs(current, input.now, refused)) return acquired();
    return this.#heldByAnother(current, input, mayTryAgain);
  }

  /** Our key holds the alias: ours after a success; after an ambiguous failure, if it was created just now. */
  #isOurs(current: KeyAlias, now: Date, refused: CloudApiError | undefined): boolean {
    if (refused === undefined) return true;
    if (!refused.ambiguous) return false; // KMS.1104 and our key: another sweep chose the same holder key
    return current.createTime === undefined || Math.abs(current.createTime.getTime() - now.getTime()) <= OWN_LOCK_WINDOW_MS;
  }

  /** Busy while the holder may be alive; a stale lock (its holder died) is deleted and taken over once. */
  async #heldByAnother(current: KeyAlias, input: { holderKeyId: string; now: Date; ttlMs: number }, mayTakeOver: boolean): Promise<LockAttempt> {
    // Without the alias's creation time a dead holder's lock could never be told from a live one: rather than
    // block every later sweep, go on without the lock (the re-describe before each import protects the keys).
    if (current.createTime === undefined) return { status: 'unavailable', errorCode: 'BYOK.LOCK_AGE_UNKNOWN', retryable: false };
    const staleAt = new Date(current.createTime.getTime() + input.ttlMs);
    if (staleAt.getTime() > input.now.getTime() || !mayTakeOver) return { status: 'busy', staleAt };
    try {
      await this.#aliases.deleteAliases(current.keyId, [this.#alias]);
    } catch (deleteError) {
      if (!isCloudApiError(deleteError) || deleteError.code !== NOT_FOUND) throw deleteError;
    }
    return this.#create(input, false);
  }
}

export { AliasSweepLock, SWEEP_LOCK_ALIAS };
export type { AliasApi, KeyDescriber };
