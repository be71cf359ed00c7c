/**
 * The reusable part of create-key: resolve the secret version, create (or find again) an external CMK named
 * `<alias>-<versionId>` and tag it. It does not touch the alias and dispatches nothing, so a rotation can
 * create the key for a new version, import into it, and only then move the alias.
 */
import { ErrorKind, hasKind } from '../errors/index.js';
import type { KeyTag } from '../domain/KeyInfo.js';
import { KeyState } from '../domain/KeyState.js';
import { TagError, TagKey, isManaged, managedKeyTags, parseManagedTags } from '../tags.js';
import { DEFAULT_TTL_TEXT, TtlError, parseTtl } from '../ttl.js';
import { LATEST_VERSION } from '../ports/index.js';
import { zeroize } from '../crypto/zeroize.js';
import { decodeSecretMaterial } from './decodeSecretMaterial.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import type { LifecycleDeps } from './types.js';

/** What to create. */
interface ManagedKeyInput {
  /** The alias the key is onboarded under (bare: `app`). */
  alias: string;
  description?: string;
  secretName: string;
  /** A version id or `latest` (the default); pinned as the concrete id. */
  version?: string;
  /** Default `30d`. */
  ttl?: string;
  /** Default `AES_256`. */
  keySpec?: string;
  /** Called with the resolved version id before anything is created; throw to stop (create-key checks its alias). */
  beforeCreate?: (versionId: string) => Promise<void>;
}

/** The key and what it was pinned to. */
interface CreatedManagedKey {
  keyId: string;
  /** The key's own name, `<alias>-<versionId>`. */
  name: string;
  secretName: string;
  versionId: string;
  ttl: string;
  /** True when an earlier attempt had created the key already. */
  reused: boolean;
}

const VERSION_ID = /^[A-Za-z0-9_-]{1,43}$/;

/** The key name for an alias and a secret version: a rotation (new version) gets a new name. */
function keyNameFor(alias: string, versionId: string): string {
  return `${alias}-${versionId}`;
}

function invalid(message: string, cause?: unknown): LifecycleError {
  return new LifecycleError(message, { code: LifecycleErrorCode.InvalidInput, cause });
}

/** The tags, or a clear error when a value does not fit a KMS tag. */
function tagsFor(input: ManagedKeyInput, versionId: string, ttl: string): KeyTag[] {
  try {
    return managedKeyTags({ secretName: input.secretName, versionId, ttl, alias: input.alias });
  } catch (error) {
    if (error instanceof TagError) throw invalid(`${error.message}; shorten the alias or secret name`, error);
    throw error;
  }
}

/**
 * A key found under our name after KMS.1104: reused only if it is ours for this very secret version (tagged so,
 * or untagged and still empty, i.e. an earlier create that succeeded without an answer).
 */
async function reusableKey(deps: LifecycleDeps, name: string, input: ManagedKeyInput, versionId: string): Promise<string> {
  const existing = await deps.keys.findKeyByName(name);
  const conflict = (why: string): LifecycleError =>
    new LifecycleError(
      `a KMS key named ${name} already exists and ${why}; delete it or choose another alias`,
      { code: LifecycleErrorCode.KeyConflict, ...(existing ? { keyId: existing.keyId } : {}) },
    );
  if (!existing) throw conflict('could not be found again');
  if (existing.origin !== 'external') throw conflict('does not take imported material');
  const tags = await deps.keys.showKeyTags(existing.keyId);
  if (isManaged(tags)) {
    const managed = parseManagedTags(tags);
    if (managed.secretName !== input.secretName || managed.versionId !== versionId) {
      throw conflict(`is managed for another secret version (${TagKey.Secret}/${TagKey.Version} differ)`);
    }
    return existing.keyId;
  }
  if (tags.some((tag) => tag.key.startsWith('byok:')) || existing.keyState !== KeyState.PendingImport) {
    throw conflict('is not a byok-keeper key');
  }
  return existing.keyId;
}

/**
 * Creates (or finds again) the managed key for a secret version and tags it. Reads the secret version once, to pin
 * `latest` and to check that it holds usable material (decoded, then zeroed; not kept).
 *
 * @throws {LifecycleError} `BYOK.BAD_SECRET_MATERIAL` before any key is created, `BYOK.INVALID_INPUT` (ttl, tag
 *   limits), `BYOK.KEY_CONFLICT`; `CloudApiError` from KMS/CSMS
 * @example
 * const key = await createManagedKey({ alias: 'app', secretName: 'app-key', version: 'latest' }, deps);
 */
async function createManagedKey(input: ManagedKeyInput, deps: LifecycleDeps): Promise<CreatedManagedKey> {
  let ttl: string;
  try {
    ttl = parseTtl(input.ttl ?? DEFAULT_TTL_TEXT).text;
  } catch (error) {
    if (error instanceof TtlError) throw invalid(error.message, error);
    throw error;
  }
  const secret = await deps.secrets.readVersion(input.secretName, input.version ?? LATEST_VERSION);
  // The material is checked before anything exists: a key created for a version without usable material would sit in
  // Pending import, "recovered" in vain by every renewal tick. The decoded bytes are zeroed at once.
  zeroize(decodeSecretMaterial(secret));
  const versionId = secret.versionId;
  if (!VERSION_ID.test(versionId)) throw invalid(`secret ${input.secretName} has a version id byok-keeper cannot pin`);
  const tags = tagsFor(input, versionId, ttl);
  await input.beforeCreate?.(versionId);
  const name = keyNameFor(input.alias, versionId);
  let keyId: string;
  let reused = false;
  try {
    ({ keyId } = await deps.keys.createExternalKey({
      name,
      keySpec: input.keySpec ?? 'AES_256',
      ...(input.description !== undefined ? { description: input.description } : {}),
    }));
  } catch (error) {
    if (!hasKind(error, ErrorKind.AlreadyExists)) throw error;
    keyId = await reusableKey(deps, name, input, versionId);
    reused = true;
  }
  await deps.keys.putKeyTags(keyId, tags);
  return { keyId, name, secretName: input.secretName, versionId, ttl, reused };
}

export { createManagedKey, keyNameFor };
export type { CreatedManagedKey, ManagedKeyInput };
