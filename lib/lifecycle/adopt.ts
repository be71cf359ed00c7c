/**
 * Import for a key that already exists (on-event `import`, and CTS `createKey` traces): the key must take imported
 * material (origin external) and carry `byok:secret`. A key created outside byok-keeper with only `byok:secret`
 * (and optionally `byok:version`, `byok:ttl`, `byok:alias`) is adopted: its version is pinned (`latest` resolved
 * now), `byok:ttl` defaults to 30d and `byok:managed=true` is added, so renewal looks after it from then on.
 */
import type { KeyTag } from '../domain/KeyInfo.js';
import { KeyState } from '../domain/KeyState.js';
import { LATEST_VERSION } from '../ports/index.js';
import { MANAGED_VALUE, TagKey, TagLimits, isManaged, tagValueProblem } from '../tags.js';
import { DEFAULT_TTL_TEXT, isTtl } from '../ttl.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import { readManagedKey } from './managedKey.js';
import type { LifecycleDeps } from './types.js';

/** Whether an existing key should get an import, and what was done to make it managed. */
interface ImportDecision {
  key_id: string;
  state: KeyState;
  /** `import-needed`; `already-imported` when the key holds material; `left-to-create-key` (see below). */
  outcome: 'import-needed' | 'already-imported' | 'left-to-create-key';
  adopted: boolean;
}

function notManaged(keyId: string, why: string): LifecycleError {
  return new LifecycleError(`key ${keyId} cannot be imported by byok-keeper: ${why}`, { code: LifecycleErrorCode.NotManaged, keyId });
}

/** Completes the tags of a key that carries `byok:secret` only. */
async function adopt(deps: LifecycleDeps, keyId: string, tags: KeyTag[]): Promise<void> {
  const value = (key: string): string | undefined => tags.find((tag) => tag.key === key)?.value;
  const secretName = value(TagKey.Secret)!;
  if (tagValueProblem(secretName) !== undefined) throw notManaged(keyId, `its ${TagKey.Secret} tag is not a usable secret name`);
  const ttl = value(TagKey.Ttl) ?? DEFAULT_TTL_TEXT;
  if (!isTtl(ttl)) throw notManaged(keyId, `its ${TagKey.Ttl} tag must be "never" or a duration such as 30d`);
  const { versionId } = await deps.secrets.readVersion(secretName, value(TagKey.Version) ?? LATEST_VERSION);
  const added: KeyTag[] = [
    { key: TagKey.Version, value: versionId },
    { key: TagKey.Ttl, value: ttl },
    { key: TagKey.Managed, value: MANAGED_VALUE },
  ];
  const total = new Set([...tags.map((tag) => tag.key), ...added.map((tag) => tag.key)]).size;
  if (total > TagLimits.perKey) throw notManaged(keyId, `adopting it needs ${total} tags, over KMS's ${TagLimits.perKey}; remove unused tags`);
  await deps.keys.putKeyTags(keyId, added);
  deps.logger.info('import.adopted', { key_id: keyId, secret_version: versionId, ttl });
}

/**
 * Decides whether an existing key needs an import (it is in Pending import) and adopts it when it carries only
 * `byok:secret`. `fromCts`: the key was just created; one that create-key already manages is left to create-key,
 * which runs its own import (two would import twice).
 *
 * @throws {LifecycleError} `BYOK.NOT_MANAGED` for a key that is not external or has no `byok:secret`
 * @example
 * const decision = await prepareExistingKey(deps, '0d4b…', { fromCts: true });
 */
async function prepareExistingKey(deps: LifecycleDeps, keyId: string, opts: { fromCts: boolean }): Promise<ImportDecision> {
  const info = await deps.keys.describeKey(keyId);
  if (info.origin !== 'external') throw notManaged(keyId, 'it was not created for imported material (origin external)');
  const tags = await deps.keys.showKeyTags(keyId);
  const managed = isManaged(tags);
  if (!managed && !tags.some((tag) => tag.key === TagKey.Secret)) {
    throw notManaged(keyId, `it carries no ${TagKey.Secret} tag; tag it ${TagKey.Secret}=<CSMS secret name>, or onboard through create-key`);
  }
  const report = (outcome: ImportDecision['outcome'], adopted: boolean): ImportDecision => ({ key_id: keyId, state: info.keyState, outcome, adopted });
  if (info.keyState !== KeyState.PendingImport) return report('already-imported', false);
  if (managed && opts.fromCts) return report('left-to-create-key', false);
  if (managed) await readManagedKey(deps.keys, keyId);
  else await adopt(deps, keyId, tags);
  return report('import-needed', !managed);
}

export { prepareExistingKey };
export type { ImportDecision };
