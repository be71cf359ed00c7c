/** KMS wire objects → typed values (docs/huawei-api.md#kms-operations-used, docs/huawei-api.md#key-states). */
import type { KeyTag } from '../domain/KeyInfo.js';
import { keyStateFromWire } from './keyStateWire.js';
import type { KeyAlias, KeyListPage, KeyStateChange, KmsKeyDetails, KmsTaggedKey } from './kmsTypes.js';
import type { ImportParameters } from '../domain/ImportParameters.js';
import { SecretValue } from '../domain/SecretValue.js';
import {
  asRecord,
  lenientDate,
  optBool,
  optDate,
  optInt,
  optRecord,
  optStr,
  recordList,
  reqStr,
  ResponseShapeError,
  strList,
} from './normalise.js';
import type { Wire } from './normalise.js';

/** Removes keys whose value is `undefined` so results compare and print cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function stateOf(raw: Wire, field: string): Pick<KmsKeyDetails, 'keyState' | 'keyStateCode'> {
  const code = optStr(raw['key_state']);
  if (code === undefined) throw new ResponseShapeError(field, 'a key_state');
  return { keyState: keyStateFromWire(code), keyStateCode: code };
}

/** `key_info` / `key_details[i]` / `resource_detail`: strings (or numbers) everywhere. */
function toKeyDetails(raw: Wire, field = 'key_info'): KmsKeyDetails {
  const flag = optStr(raw['default_key_flag']);
  return compact<KmsKeyDetails>({
    keyId: reqStr(raw['key_id'], `${field}.key_id`),
    domainId: optStr(raw['domain_id']),
    keyAlias: optStr(raw['key_alias']),
    realm: optStr(raw['realm']),
    keySpec: optStr(raw['key_spec']),
    keyUsage: optStr(raw['key_usage']),
    keyDescription: optStr(raw['key_description']),
    creationDate: optDate(raw['creation_date'], `${field}.creation_date`),
    scheduledDeletionDate: optDate(raw['scheduled_deletion_date'], `${field}.scheduled_deletion_date`),
    ...stateOf(raw, `${field}.key_state`),
    defaultKey: flag === undefined ? undefined : flag === '1',
    keyType: optStr(raw['key_type']),
    expirationTime: optDate(raw['expiration_time'], `${field}.expiration_time`),
    origin: optStr(raw['origin']),
    keyRotationEnabled: optBool(raw['key_rotation_enabled'], `${field}.key_rotation_enabled`),
    sysEnterpriseProjectId: optStr(raw['sys_enterprise_project_id']),
    keystoreId: optStr(raw['keystore_id']),
  });
}

/** enable/disable answer `{key_info:{key_id,key_state}}`; schedule/cancel answer `{key_id,key_state}`. */
function toKeyStateChange(body: Wire): KeyStateChange {
  const raw = optRecord(body['key_info']) ?? body;
  return { keyId: reqStr(raw['key_id'], 'key_id'), ...stateOf(raw, 'key_state') };
}

function toKeyListPage(body: Wire): KeyListPage {
  const truncated = optBool(body['truncated'], 'truncated') ?? false;
  return compact<KeyListPage>({
    keys: strList(body['keys'], 'keys'),
    keyDetails: recordList(body['key_details'], 'key_details').map((d, i) => toKeyDetails(d, `key_details[${i}]`)),
    nextMarker: optStr(body['next_marker']),
    truncated,
    total: optInt(body['total'], 'total'),
  });
}

function toImportParameters(body: Wire): ImportParameters {
  const expiresAt = optDate(body['expiration_time'], 'expiration_time');
  if (!expiresAt) throw new ResponseShapeError('expiration_time', 'an epoch time');
  return {
    keyId: reqStr(body['key_id'], 'key_id'),
    importToken: new SecretValue(reqStr(body['import_token'], 'import_token')),
    publicKey: reqStr(body['public_key'], 'public_key'),
    expiresAt,
  };
}

function toTags(value: unknown, field: string): KeyTag[] {
  return recordList(value, field).map((t, i) => ({
    key: reqStr(t['key'], `${field}[${i}].key`),
    value: optStr(t['value']) ?? '',
  }));
}

/**
 * Whether a `resource_detail` can stand for describe-key: it names the key and either says when the material
 * expires or shows the key in Pending import (no material, no expiry to know). An `expiration_time` that is
 * ABSENT is not "never expires" — Huawei's own example leaves the field out — while one present and empty is
 * (docs/huawei-api.md#tag-query-resource_instances); a key whose detail lacks it is described one by one.
 */
function isCompleteDetail(detail: Wire): boolean {
  if (detail['key_id'] === undefined) return false;
  return Object.hasOwn(detail, 'expiration_time') || optStr(detail['key_state']) === '5';
}

/**
 * resource_instances resource; `resource_detail` may be absent, lack the expiry, or hold unquoted numbers
 * (docs/huawei-api.md#tag-query-resource_instances).
 */
function toTaggedKey(raw: Wire, field: string): KmsTaggedKey {
  const detail = optRecord(raw['resource_detail']);
  return compact<KmsTaggedKey>({
    resourceId: reqStr(raw['resource_id'], `${field}.resource_id`),
    resourceName: optStr(raw['resource_name']),
    keyInfo: detail !== undefined && isCompleteDetail(detail) ? toKeyDetails(detail, `${field}.resource_detail`) : undefined,
    tags: toTags(raw['tags'], `${field}.tags`),
  });
}

function toKeyAlias(raw: Wire, field = 'alias'): KeyAlias {
  return compact<KeyAlias>({
    alias: reqStr(raw['alias'], `${field}.alias`),
    keyId: reqStr(raw['key_id'], `${field}.key_id`),
    aliasUrn: optStr(raw['alias_urn']),
    domainId: optStr(raw['domain_id']),
    // Alias times are informational and their format is undocumented: never fail on them.
    createTime: lenientDate(raw['create_time']),
    updateTime: lenientDate(raw['update_time']),
  });
}

/** list aliases: `{aliases, page_info:{next_marker}}`; some SDK models describe an array of those. */
function toAliasBody(body: unknown): Wire {
  if (Array.isArray(body)) return asRecord(body[0] ?? {}, 'aliases');
  return asRecord(body, 'aliases');
}

export {
  compact,
  toAliasBody,
  toImportParameters,
  toKeyAlias,
  toKeyDetails,
  toKeyListPage,
  toKeyStateChange,
  toTaggedKey,
  toTags,
};
