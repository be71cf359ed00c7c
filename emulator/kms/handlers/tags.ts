/**
 * Key tags (docs/huawei-api.md#tags): add one, add/delete a batch, delete one, show a key's, show the project's.
 * Writes answer 204.
 */
import { KmsLimits, KmsPatterns } from '../constants.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import { loadKey } from '../resolveKey.js';
import type { Tag } from '../store/TagStore.js';
import { pathKeyId, requireString } from '../validate.js';
import type { EmulatorResponse } from '../../types.js';

/** Checks one tag: key 1–36 characters, value 0–43, neither with ASCII controls or `* < > \ =`. */
function parseTag(value: unknown, requireValue = true): Tag {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw kmsError('KMS.0412');
  const { key, value: tagValue } = value as Record<string, unknown>;
  if (typeof key !== 'string') throw kmsError('KMS.0406');
  const keyChars = [...key].length;
  if (keyChars < 1 || keyChars > KmsLimits.tagKeyChars) throw kmsError('KMS.0411');
  if (KmsPatterns.tagForbidden.test(key)) throw kmsError('KMS.0406');
  if (tagValue === undefined && !requireValue) return { key, value: '' };
  if (typeof tagValue !== 'string') throw kmsError('KMS.0405');
  if ([...tagValue].length > KmsLimits.tagValueChars) throw kmsError('KMS.0410');
  if (KmsPatterns.tagForbidden.test(tagValue)) throw kmsError('KMS.0405');
  return { key, value: tagValue };
}

function addTags(call: KmsCall, keyId: string, tags: Tag[]): void {
  const current = new Set(call.store.tags.list(keyId).map((tag) => tag.key));
  for (const tag of tags) current.add(tag.key);
  if (current.size > KmsLimits.tagsPerKey) throw kmsError('KMS.0409');
  for (const tag of tags) call.store.tags.upsert(keyId, tag);
}

/** `POST {key_id}/tags` with `{tag:{key,value}}`; an existing key gets the new value. */
function createTag(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, pathKeyId(call.req.params));
  if (call.req.body.tag === undefined) throw kmsError('KMS.0204', 'Missing parameter: tag.');
  addTags(call, key.key_id, [parseTag(call.req.body.tag)]);
  return { status: 204 };
}

/** `POST {key_id}/tags/action` with `{action:"create"|"delete", tags:[...]}`. */
function batchTags(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, pathKeyId(call.req.params));
  const action = requireString(call.req.body, 'action');
  if (action !== 'create' && action !== 'delete') throw kmsError('KMS.0404');
  const raw = call.req.body.tags;
  if (raw === undefined) throw kmsError('KMS.0204', 'Missing parameter: tags.');
  if (!Array.isArray(raw)) throw kmsError('KMS.0412');
  if (raw.length === 0) throw kmsError('KMS.0401');
  const tags = raw.map((tag) => parseTag(tag, action === 'create'));
  if (action === 'create') addTags(call, key.key_id, tags);
  else for (const tag of tags) call.store.tags.delete(key.key_id, tag.key);
  return { status: 204 };
}

/** `DELETE {key_id}/tags/{key}`; a tag the key does not have → 404 KMS.0416. */
function deleteTag(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, pathKeyId(call.req.params));
  if (!call.store.tags.delete(key.key_id, call.req.params.key ?? '')) throw kmsError('KMS.0416');
  return { status: 204 };
}

/** `GET {key_id}/tags` → `{tags, existTagsNum}` (the SDK's wire name), plus `exist_tags_num` for snake-case readers. */
function showKeyTags(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, pathKeyId(call.req.params));
  const tags = call.store.tags.list(key.key_id);
  return { status: 200, body: { tags, existTagsNum: tags.length, exist_tags_num: tags.length } };
}

/** `GET kms/tags` → every tag key of the project with its distinct values. */
function showProjectTags(call: KmsCall): EmulatorResponse {
  const byKey = new Map<string, string[]>();
  for (const { key, value } of call.store.tags.projectPairs(call.req.projectId)) {
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  return { status: 200, body: { tags: [...byKey].map(([key, values]) => ({ key, values })) } };
}

export { batchTags, createTag, deleteTag, showKeyTags, showProjectTags };
