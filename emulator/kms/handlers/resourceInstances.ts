/**
 * `POST kms/resource_instances/action` (docs/huawei-api.md#tag-query-resource_instances): keys filtered by tags
 * (every listed key must be present with one of its listed values; an empty `values` list matches any value) and
 * by `resource_name` (substring of the key's alias), paged with string `limit` (1–1000, default 10) and `offset`.
 * Every resource carries the full `resource_detail`, expiry included (docs/emulator.md#kms-choices), unless the
 * `resource_detail` switch asks for Huawei's minimal example. The matching
 * ids are computed once per query until the data changes (store/TagQueryCache.ts), so paging is cheap.
 */
import { KmsLimits, KmsPatterns } from '../constants.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import { keyDetails, minimalKeyDetails } from '../keyView.js';
import type { KeyMeta } from '../store/KeyStore.js';
import type { Tag } from '../store/TagStore.js';
import { optionalIntString, requireString } from '../validate.js';
import type { EmulatorResponse } from '../../types.js';

interface TagFilter {
  key: string;
  values: string[];
}

function listResourceInstances(call: KmsCall): EmulatorResponse {
  const { body, projectId } = call.req;
  const action = requireString(body, 'action');
  if (action !== 'filter' && action !== 'count') throw kmsError('KMS.0404');
  const limit =
    optionalIntString(body.limit, 'KMS.1601', 1, KmsLimits.resourceInstancesMaxLimit) ??
    KmsLimits.resourceInstancesDefaultLimit;
  const offset = optionalIntString(body.offset, 'KMS.0417', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const tagFilters = parseTagFilters(body.tags);
  const nameMatches = parseMatches(body.matches);

  const matching = call.store.tagQueries.matching(JSON.stringify([projectId, tagFilters, nameMatches]), () => {
    const keys = call.store.keys.list({ projectId, keySpec: null, keyState: null }, -1, 0);
    const tagsByKey = call.store.tags.forKeys(keys.map((key) => key.key_id));
    return keys
      .filter(
        (key) =>
          nameMatches.every((value) => key.key_alias.includes(value)) &&
          tagFilters.every((filter) => hasTag(tagsByKey.get(key.key_id) ?? [], filter)),
      )
      .map((key) => key.key_id);
  });
  if (action === 'count') return { status: 200, body: { total_count: matching.length } };
  const pageIds = matching.slice(offset, offset + limit);
  const tagsByKey = call.store.tags.forKeys(pageIds);
  return {
    status: 200,
    body: {
      resources: call.store.keys.byIds(pageIds).map((key: KeyMeta) => ({
        resource_id: key.key_id,
        resource_name: key.key_alias,
        resource_detail: call.ctx.config.resource_detail === 'minimal' ? minimalKeyDetails(key) : keyDetails(key, call.ctx.config),
        tags: tagsByKey.get(key.key_id) ?? [],
      })),
      total_count: matching.length,
    },
  };
}

function hasTag(tags: Tag[], filter: TagFilter): boolean {
  return tags.some((tag) => tag.key === filter.key && (filter.values.length === 0 || filter.values.includes(tag.value)));
}

function parseTagFilters(value: unknown): TagFilter[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw kmsError('KMS.0414');
  return value.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw kmsError('KMS.0414');
    const { key, values } = item as Record<string, unknown>;
    if (typeof key !== 'string' || key.length === 0 || [...key].length > KmsLimits.tagKeyChars) {
      throw kmsError('KMS.0406');
    }
    if (KmsPatterns.tagForbidden.test(key)) throw kmsError('KMS.0406');
    if (values !== undefined && (!Array.isArray(values) || !values.every((v) => typeof v === 'string'))) {
      throw kmsError('KMS.0414');
    }
    return { key, values: (values as string[] | undefined) ?? [] };
  });
}

function parseMatches(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw kmsError('KMS.0415');
  return value.map((item: unknown) => {
    const { key, value: text } = (item ?? {}) as Record<string, unknown>;
    if (key !== 'resource_name') throw kmsError('KMS.0403');
    if (typeof text !== 'string' || text.length === 0 || text.length > 255) throw kmsError('KMS.0402');
    return text;
  });
}

export { listResourceInstances };
