/**
 * Discovery: every key tagged `byok:managed=true` in one target, through resource_instances (all pages, details
 * and tags in one answer). Only keys whose answer lacks details are described one by one.
 */
import { isCloudApiError } from '../errors.js';
import type { KeyService } from '../ports/index.js';
import { MANAGED_VALUE, TagKey } from '../tags.js';
import type { ManagedKeySnapshot } from './types.js';

const KEY_NOT_FOUND = 'KMS.0207';

/**
 * The managed keys of a target. A key deleted between the list and its describe is left out.
 *
 * @example
 * const snapshots = await discoverManagedKeys(keys);
 */
async function discoverManagedKeys(keys: KeyService): Promise<ManagedKeySnapshot[]> {
  const found = await keys.findKeysByTags([{ key: TagKey.Managed, values: [MANAGED_VALUE] }]);
  const snapshots: ManagedKeySnapshot[] = [];
  for (const resource of found) {
    if (resource.keyInfo !== undefined) {
      snapshots.push({ keyId: resource.resourceId, info: resource.keyInfo, tags: resource.tags });
      continue;
    }
    try {
      snapshots.push({ keyId: resource.resourceId, info: await keys.describeKey(resource.resourceId), tags: resource.tags });
    } catch (error) {
      if (!isCloudApiError(error)) throw error;
      if (error.code === KEY_NOT_FOUND) continue;
      snapshots.push({ keyId: resource.resourceId, info: undefined, tags: resource.tags, infoErrorCode: error.code });
    }
  }
  return snapshots;
}

export { discoverManagedKeys };
