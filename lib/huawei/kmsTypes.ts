/**
 * KMS values as Huawei sends them, read into typed values: times as `Date`, states named, booleans as booleans;
 * field names follow the wire names in camelCase (`key_alias` → `keyAlias`). The ports see the narrower, neutral
 * `KeyInfo` (lib/domain); HuaweiKeyService maps between the two.
 */
import type { KeyInfo, KeyTag } from '../domain/KeyInfo.js';
import type { KeyState } from '../domain/KeyState.js';

/** describe-key's `key_info` (also list-keys' `key_details` and resource_instances' `resource_detail`). */
interface KmsKeyDetails {
  keyId: string;
  domainId?: string;
  /** The key's own name (not an `alias/...` pointer). */
  keyAlias?: string;
  /** Region the key lives in. */
  realm?: string;
  keySpec?: string;
  keyUsage?: string;
  keyDescription?: string;
  creationDate?: Date;
  scheduledDeletionDate?: Date;
  keyState: KeyState;
  /** The raw `key_state` ("1".."5"), for states this code does not know. */
  keyStateCode: string;
  /** True for a default (service) master key (`default_key_flag` "1"). */
  defaultKey?: boolean;
  keyType?: string;
  /** When the imported material expires; `undefined` = never (or no material). */
  expirationTime?: Date;
  origin?: string;
  keyRotationEnabled?: boolean;
  sysEnterpriseProjectId?: string;
  keystoreId?: string;
}

/** create-key's answer. */
interface CreatedKey {
  keyId: string;
  domainId?: string;
  regionId?: string;
}

/** The answer of enable/disable/schedule/cancel: the key's new state. */
interface KeyStateChange {
  keyId: string;
  keyState: KeyState;
  keyStateCode: string;
}

/** One page of list-keys. */
interface KeyListPage {
  keys: string[];
  keyDetails: KmsKeyDetails[];
  /** Marker for the next page; `undefined` on the last page. */
  nextMarker?: string;
  truncated: boolean;
  total?: number;
}

/** One resource of a resource_instances query. */
interface KmsTaggedKey {
  resourceId: string;
  resourceName?: string;
  /** The key's details (`resource_detail`), when the service sent them. */
  keyInfo?: KmsKeyDetails;
  tags: KeyTag[];
}

/** One page of a resource_instances `filter` query. */
interface TaggedKeyPage {
  resources: KmsTaggedKey[];
  totalCount: number;
}

/** A key alias entity (`alias/...`). */
interface KeyAlias {
  alias: string;
  keyId: string;
  aliasUrn?: string;
  domainId?: string;
  createTime?: Date;
  updateTime?: Date;
}

/** One page of list aliases. */
interface KeyAliasPage {
  aliases: KeyAlias[];
  nextMarker?: string;
}

/**
 * The neutral view of a key.
 *
 * @example
 * toKeyInfo(await kms.describeKey(keyId)).name
 */
function toKeyInfo(details: KmsKeyDetails): KeyInfo {
  const info: KeyInfo = { keyId: details.keyId, keyState: details.keyState };
  if (details.keyAlias !== undefined) info.name = details.keyAlias;
  if (details.realm !== undefined) info.region = details.realm;
  if (details.keySpec !== undefined) info.keySpec = details.keySpec;
  if (details.keyUsage !== undefined) info.keyUsage = details.keyUsage;
  if (details.keyDescription !== undefined) info.description = details.keyDescription;
  if (details.creationDate !== undefined) info.creationDate = details.creationDate;
  if (details.scheduledDeletionDate !== undefined) info.scheduledDeletionDate = details.scheduledDeletionDate;
  if (details.expirationTime !== undefined) info.expirationTime = details.expirationTime;
  if (details.origin !== undefined) info.origin = details.origin;
  return info;
}

export { toKeyInfo };
export type { CreatedKey, KeyAlias, KeyAliasPage, KeyListPage, KeyStateChange, KmsKeyDetails, KmsTaggedKey, TaggedKeyPage };
