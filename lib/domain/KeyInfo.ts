/**
 * KMS key values as the domain sees them: times as `Date`, states named, booleans as booleans.
 * Field names follow Huawei's wire names in camelCase (`key_alias` → `keyAlias`).
 */
import type { KeyState } from './KeyState.js';

/** Where a key's material comes from. */
const KeyOrigin = {
  /** KMS generated the material. */
  Kms: 'kms',
  /** Imported material (BYOK); the key starts in Pending import. */
  External: 'external',
} as const;
type KeyOrigin = (typeof KeyOrigin)[keyof typeof KeyOrigin];

/** describe-key's `key_info` (also list-keys' `key_details` and resource_instances' `resource_detail`). */
interface KeyInfo {
  keyId: string;
  domainId?: string;
  keyAlias?: string;
  /** Region the key lives in (`realm`). */
  realm?: string;
  /** `AES_256`, `RSA_2048`, `EC_P256`, ... */
  keySpec?: string;
  /** `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, ... */
  keyUsage?: string;
  keyDescription?: string;
  creationDate?: Date;
  /** Set while the key is scheduled for deletion. */
  scheduledDeletionDate?: Date;
  keyState: KeyState;
  /** The raw `key_state` ("1".."5"), kept for logs and for states this code does not know. */
  keyStateCode: string;
  /** True for a default (service) master key (`default_key_flag` "1"). */
  defaultKey?: boolean;
  keyType?: string;
  /** When the imported material expires; `undefined` = never (or no material). */
  expirationTime?: Date;
  /** `kms` or `external`; other strings pass through. */
  origin?: KeyOrigin | (string & {});
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
  /** Key ids on this page. */
  keys: string[];
  keyDetails: KeyInfo[];
  /** Marker for the next page; `undefined` on the last page. */
  nextMarker?: string;
  truncated: boolean;
  total?: number;
}

/** A KMS key tag. Key <= 36 chars, value <= 43 chars, at most 10 per key. */
interface KeyTag {
  key: string;
  value: string;
}

/** A tag filter of resource_instances: the key must carry `key` with one of `values`. */
interface KeyTagFilter {
  key: string;
  values: string[];
}

/** One resource of a resource_instances query. */
interface TaggedKey {
  resourceId: string;
  resourceName?: string;
  /** The key's details (`resource_detail`), when the service sent them. */
  keyInfo?: KeyInfo;
  tags: KeyTag[];
}

/** One page of a resource_instances `filter` query. */
interface TaggedKeyPage {
  resources: TaggedKey[];
  totalCount: number;
}

/** A key alias (`alias/...`). */
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

export { KeyOrigin };
export type {
  CreatedKey,
  KeyAlias,
  KeyAliasPage,
  KeyInfo,
  KeyListPage,
  KeyStateChange,
  KeyTag,
  KeyTagFilter,
  TaggedKey,
  TaggedKeyPage,
};
