/**
 * Discovery: every key tagged `byok:managed=true` in one target, through one tag query (details and tags in one
 * answer). Only keys whose answer lacks details are described one by one.
 */
import { ErrorKind, isCloudApiError } from '../errors/index.js';
import { allKeysByTags } from '../lifecycle/index.js';
import type { KeyService } from '../ports/index.js';
import { MANAGED_VALUE, TagKey } from '../tags.js';
import type { ManagedKeySnapshot } from './types.js';

/**
 * The managed keys of a target. A key deleted between the query and its describe is left out.
 *
 * @example
 * const snapshots = await discoverManagedKeys(keys);
 */
async function discoverManagedKeys(keys: KeyService): Promise<ManagedKeySnapshot[]> {
  const found = await allKeysByTags(keys, [{ key: TagKey.Managed, values: [MANAGED_VALUE] }]);
  const snapshots: ManagedKeySnapshot[] = [];
  for (const key of found) {
    if (key.info !== undefined) {
      snapshots.push({ keyId: key.keyId, info: key.info, tags: key.tags });
      continue;
    }
    try {
      snapshots.push({ keyId: key.keyId, info: await keys.describeKey(key.keyId), tags: key.tags });
    } catch (error) {
      if (!isCloudApiError(error)) throw error;
      if (error.kind === ErrorKind.NotFound) continue;
      snapshots.push({ keyId: key.keyId, info: undefined, tags: key.tags, infoErrorCode: error.code });
    }
  }
  return snapshots;
}

export { discoverManagedKeys };
