/** A key byok-keeper manages: its id, its `byok:` tags read, and its material lifetime. */
import type { KeyTag } from '../domain/KeyInfo.js';
import type { KeyService } from '../ports/index.js';
import { TagError, TagKey, parseManagedTags } from '../tags.js';
import type { ManagedKeyTags } from '../tags.js';
import { TtlError, parseTtl } from '../ttl.js';
import type { Ttl } from '../ttl.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';

interface ManagedKey {
  keyId: string;
  tags: ManagedKeyTags;
  ttl: Ttl;
}

/**
 * The managed key from its tags (already read, e.g. by discovery).
 *
 * @throws {LifecycleError} `BYOK.NOT_MANAGED` saying which tag is missing or malformed
 */
function managedKeyOf(keyId: string, tags: readonly KeyTag[]): ManagedKey {
  const notManaged = (why: string, cause: unknown): LifecycleError =>
    new LifecycleError(`key ${keyId} is not a usable byok-keeper key: ${why}; onboard it (create-key) or fix its tags`, {
      code: LifecycleErrorCode.NotManaged,
      keyId,
      cause,
    });
  try {
    const parsed = parseManagedTags(tags);
    return { keyId, tags: parsed, ttl: parseTtl(parsed.ttl) };
  } catch (error) {
    if (error instanceof TagError) throw notManaged(error.message, error);
    if (error instanceof TtlError) throw notManaged(`tag ${TagKey.Ttl}: ${error.message}`, error);
    throw error;
  }
}

/**
 * Reads a key's tags and answers the managed key.
 *
 * @throws {LifecycleError} `BYOK.NOT_MANAGED`; `CloudApiError` from KMS
 * @example
 * const key = await readManagedKey(deps.keys, keyId);
 */
async function readManagedKey(keys: Pick<KeyService, 'showKeyTags'>, keyId: string): Promise<ManagedKey> {
  return managedKeyOf(keyId, await keys.showKeyTags(keyId));
}

export { managedKeyOf, readManagedKey };
export type { ManagedKey };
