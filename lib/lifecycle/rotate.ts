/**
 * Rotation: a new secret version means a new key (a key takes one material forever, KMS.2606). For each alias
 * bound to the secret (managed keys with `byok:secret=<name>`, grouped by `byok:alias`): create the managed key
 * for the new version (create-key's logic), import into it (in this process, to the end), then move the alias
 * to it. The old key stays managed, and so renewed, until an operator retires it.
 *
 * Bookkeeping tag: the old key gets `byok:successor=<new key id>` (key 14 chars, value a 36-char key id, within
 * KMS's 36/43 limits; managed keys carry 6 tags, this makes 7 of the 10 allowed). It is written BEFORE the alias
 * moves, so a rerun after a crash finishes the move, and a replayed notification for an old version (whose key
 * has a successor) never moves the alias back.
 *
 * Idempotent: a key already existing for the new version is reused (resumed if still in Pending import), and an
 * alias already on it is left alone.
 */
import { zeroize } from '../crypto/zeroize.js';
import type { KeyTag, TaggedKey } from '../domain/KeyInfo.js';
import { KeyState } from '../domain/KeyState.js';
import { isByokError } from '../errors/index.js';
import { LATEST_VERSION } from '../ports/index.js';
import { MANAGED_VALUE, TagKey, TagLimits } from '../tags.js';
import { DEFAULT_TTL_TEXT, isTtl } from '../ttl.js';
import { allKeysByTags } from './allKeysByTags.js';
import { createManagedKey } from './createManagedKey.js';
import { decodeSecretMaterial } from './decodeSecretMaterial.js';
import { importPinnedMaterial } from './importPinnedMaterial.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import { readManagedKey } from './managedKey.js';
import type { LifecycleDeps } from './types.js';

/** The tag rotation writes on a replaced key. */
const SUCCESSOR_TAG = 'byok:successor';

/** What happened to one alias. */
interface AliasRotation {
  alias: string;
  /** The key the alias pointed at before; `undefined` when it pointed nowhere. */
  old_key_id: string | undefined;
  new_key_id: string;
  version: string;
  /** `rotated`, `already-rotated` (alias already on the new key), `superseded` (a later version replaced it). */
  outcome: 'rotated' | 'already-rotated' | 'superseded';
}

/** What to rotate: every alias of a secret, or one alias (to its secret's newest version, or `version`). */
type RotationTarget = { secretName: string; version?: string } | { alias: string; version?: string };

const tagOf = (key: TaggedKey, name: string): string | undefined => key.tags.find((tag) => tag.key === name)?.value;

function notBound(what: string): LifecycleError {
  return new LifecycleError(
    `${what} is bound to no managed key with a ${TagKey.Alias} tag; onboard it first (create-key, or on-event {"action":"onboard"})`,
    { code: LifecycleErrorCode.NotManaged },
  );
}

/** Managed keys of a secret, grouped by their `byok:alias`. */
async function keysByAlias(deps: LifecycleDeps, secretName: string, onlyAlias?: string): Promise<Map<string, TaggedKey[]>> {
  const keys = await allKeysByTags(deps.keys, [
    { key: TagKey.Managed, values: [MANAGED_VALUE] },
    { key: TagKey.Secret, values: [secretName] },
  ]);
  const groups = new Map<string, TaggedKey[]>();
  for (const key of keys) {
    const alias = tagOf(key, TagKey.Alias);
    if (alias === undefined || alias === '' || (onlyAlias !== undefined && alias !== onlyAlias)) continue;
    groups.set(alias, [...(groups.get(alias) ?? []), key]);
  }
  return groups;
}

/** Writes `byok:successor` on the replaced key, unless that would exceed KMS's 10 tags. */
async function markSuccessor(deps: LifecycleDeps, oldKey: TaggedKey, newKeyId: string): Promise<void> {
  if (tagOf(oldKey, SUCCESSOR_TAG) === newKeyId) return;
  const hasTag = oldKey.tags.some((tag) => tag.key === SUCCESSOR_TAG);
  if (!hasTag && oldKey.tags.length >= TagLimits.perKey) {
    deps.logger.warn('rotate.successor_not_tagged', { key_id: oldKey.keyId, reason: 'the key already has 10 tags' });
    return;
  }
  const tag: KeyTag = { key: SUCCESSOR_TAG, value: newKeyId };
  await deps.keys.putKeyTags(oldKey.keyId, [tag]);
}

/** Makes sure the new key holds its material: imports it when it is still in Pending import. */
async function ensureImported(deps: LifecycleDeps, keyId: string, alias: string): Promise<void> {
  const info = await deps.keys.describeKey(keyId);
  if (info.keyState === KeyState.Enabled) return;
  const stopped = `rotation of alias ${alias} stopped`;
  if (info.keyState !== KeyState.PendingImport) {
    throw new LifecycleError(`${stopped}: new key ${keyId} is ${info.keyState}; the alias was not moved`, {
      code: LifecycleErrorCode.VerifyFailed,
      keyId,
    });
  }
  try {
    await importPinnedMaterial(deps, await readManagedKey(deps.keys, keyId));
  } catch (error) {
    if (!isByokError(error)) throw error;
    throw new LifecycleError(
      `${stopped}: importing into new key ${keyId} failed (${error.code}: ${error.message}); the alias was not moved. ` +
        'A rerun resumes with this key',
      { code: error.code, retryable: error.retryable, keyId, cause: error, ...(error.kind !== undefined ? { kind: error.kind } : {}) },
    );
  }
}

async function rotateAlias(
  deps: LifecycleDeps,
  input: { alias: string; keys: TaggedKey[]; secretName: string; versionId: string },
): Promise<AliasRotation> {
  const { alias, keys, secretName, versionId } = input;
  const currentId = await deps.keys.resolveAlias(alias);
  const current = keys.find((key) => key.keyId === currentId);
  const existing = keys.find((key) => tagOf(key, TagKey.Version) === versionId);
  const report = (newKeyId: string, outcome: AliasRotation['outcome']): AliasRotation => ({
    alias, old_key_id: currentId, new_key_id: newKeyId, version: versionId, outcome,
  });
  if (existing !== undefined && tagOf(existing, SUCCESSOR_TAG)) return report(existing.keyId, 'superseded');
  if (existing !== undefined && existing.keyId === currentId) return report(existing.keyId, 'already-rotated');

  const ttlTag = tagOf(current ?? keys[0]!, TagKey.Ttl);
  const newKeyId =
    existing?.keyId ??
    (
      await createManagedKey(
        {
          alias,
          secretName,
          version: versionId,
          ttl: ttlTag !== undefined && isTtl(ttlTag) ? ttlTag : DEFAULT_TTL_TEXT,
          description: `byok-keeper: ${secretName} ${versionId}, rotated from ${currentId ?? 'none'}`.slice(0, 255),
        },
        deps,
      )
    ).keyId;
  await ensureImported(deps, newKeyId, alias);
  if (current !== undefined) await markSuccessor(deps, current, newKeyId);
  await deps.keys.moveAlias(alias, newKeyId);
  deps.logger.info('rotate.alias_moved', { alias, key_id: newKeyId, old_key_id: currentId, action: 'rotate', outcome: 'rotated' });
  return report(newKeyId, 'rotated');
}

/**
 * Rotates every alias bound to a secret onto a version (the latest by default), or one alias onto its secret's
 * latest version. Aliases are rotated one by one; one failing alias does not stop the others, and the first
 * failure is rethrown once all were tried.
 *
 * @throws {LifecycleError} `BYOK.NOT_MANAGED` when nothing is bound; import failures keep their code
 * @example
 * const moved = await rotateSecret({ secretName: 'app-key', version: 'v2' }, deps);
 */
async function rotateSecret(target: RotationTarget, deps: LifecycleDeps): Promise<AliasRotation[]> {
  let secretName: string;
  let version: string;
  let groups: Map<string, TaggedKey[]>;
  if ('alias' in target) {
    const currentId = await deps.keys.resolveAlias(target.alias);
    const tags = currentId === undefined ? [] : await deps.keys.showKeyTags(currentId);
    const name = tags.find((tag) => tag.key === TagKey.Secret)?.value;
    if (name === undefined) throw notBound(`alias ${target.alias}`);
    secretName = name;
    version = target.version ?? LATEST_VERSION;
    groups = await keysByAlias(deps, secretName, target.alias);
  } else {
    secretName = target.secretName;
    version = target.version ?? LATEST_VERSION;
    groups = await keysByAlias(deps, secretName);
  }
  if (groups.size === 0) throw notBound('alias' in target ? `alias ${target.alias}` : `secret ${secretName}`);
  // Pins the latest version now, and refuses a version without usable material before any key is created for it
  // (a key left in Pending import would be "recovered" in vain by every renewal tick). The bytes are zeroed at once.
  const secret = await deps.secrets.readVersion(secretName, version);
  zeroize(decodeSecretMaterial(secret));
  const { versionId } = secret;
  const results: AliasRotation[] = [];
  let firstError: unknown;
  for (const [alias, keys] of groups) {
    try {
      results.push(await rotateAlias(deps, { alias, keys, secretName, versionId }));
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError !== undefined) throw firstError;
  return results;
}

export { SUCCESSOR_TAG, rotateSecret };
export type { AliasRotation, RotationTarget };
