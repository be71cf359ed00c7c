/**
 * The tags that make a KMS key "managed" by byok-keeper. KMS is the only database (byok-keeper keeps none of its
 * own in the cloud), so everything the lifecycle needs to renew a key lives on the key itself. Limits
 * (docs/huawei-api.md#tags): key <= 36 chars, value <= 43 chars, no ASCII controls nor `* < > \ =`, at most 10
 * tags per key (we use 6).
 */
import type { KeyTag } from './domain/KeyInfo.js';
import { ByokError } from './errors/index.js';

/** Tag keys written on every managed key. */
const TagKey = {
  /** `true` on every key byok-keeper manages. */
  Managed: 'byok:managed',
  /** The CSMS secret holding the material. */
  Secret: 'byok:secret',
  /** The secret version id, pinned at create time (`latest` is resolved then): a key takes one material forever. */
  Version: 'byok:version',
  /** Material lifetime requested at each import (`30d`, `12h`, `never`). */
  Ttl: 'byok:ttl',
  /** Fingerprint of the material, written after the first verified import. */
  Fingerprint: 'byok:fp',
  /** The user-facing alias (`alias/<this>` points at the key currently in use). */
  Alias: 'byok:alias',
} as const;
type TagKey = (typeof TagKey)[keyof typeof TagKey];

/** Value of {@link TagKey.Managed}. */
const MANAGED_VALUE = 'true';

/** KMS limits on tags. */
const TagLimits = { keyChars: 36, valueChars: 43, perKey: 10 } as const;

/** What the tags of a managed key say. */
interface ManagedKeyTags {
  secretName: string;
  versionId: string;
  ttl: string;
  alias: string;
  /** Absent until the first verified import. */
  fingerprint?: string;
}

/** Tags are missing or malformed; the message names the tag, never another value than the tag's own. */
class TagError extends ByokError {
  override readonly name = 'TagError' as const;

  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, code: 'BYOK.INVALID_TAGS' });
  }
}

const FORBIDDEN = /[\u0000-\u001f*<>\\=]/;

/** Why `value` cannot be the value of tag `key`, or `undefined` when it can. */
function tagValueProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (value.length > TagLimits.valueChars) return `is longer than ${TagLimits.valueChars} characters (a KMS tag value)`;
  if (FORBIDDEN.test(value)) return 'contains a character KMS tags forbid (control characters or * < > \\ =)';
  return undefined;
}

/**
 * The tags to write on a new managed key (the fingerprint is added after the first import).
 *
 * @throws {TagError} when a value does not fit a KMS tag
 * @example
 * managedKeyTags({ secretName: 'app-key', versionId: 'v1', ttl: '30d', alias: 'app' })
 */
function managedKeyTags(tags: ManagedKeyTags): KeyTag[] {
  const list: KeyTag[] = [
    { key: TagKey.Managed, value: MANAGED_VALUE },
    { key: TagKey.Secret, value: tags.secretName },
    { key: TagKey.Version, value: tags.versionId },
    { key: TagKey.Ttl, value: tags.ttl },
    { key: TagKey.Alias, value: tags.alias },
    ...(tags.fingerprint === undefined ? [] : [{ key: TagKey.Fingerprint, value: tags.fingerprint }]),
  ];
  for (const tag of list) {
    const problem = tagValueProblem(tag.value);
    if (problem !== undefined) throw new TagError(`the value of tag ${tag.key} ${problem}`);
  }
  return list;
}

/** True when the tags carry `byok:managed=true`. */
function isManaged(tags: readonly KeyTag[]): boolean {
  return tags.some((tag) => tag.key === TagKey.Managed && tag.value === MANAGED_VALUE);
}

/**
 * Reads the tags of a managed key.
 *
 * @throws {TagError} when `byok:managed=true` or a required tag is missing
 * @example
 * const { secretName, versionId, ttl, fingerprint } = parseManagedTags(await keys.showKeyTags(keyId));
 */
function parseManagedTags(tags: readonly KeyTag[]): ManagedKeyTags {
  if (!isManaged(tags)) throw new TagError(`the key has no ${TagKey.Managed}=${MANAGED_VALUE} tag`);
  const value = (key: TagKey): string | undefined => tags.find((tag) => tag.key === key)?.value;
  const required = (key: TagKey): string => {
    const found = value(key);
    if (found === undefined || found === '') throw new TagError(`the managed key has no ${key} tag`);
    return found;
  };
  const fingerprint = value(TagKey.Fingerprint);
  return {
    secretName: required(TagKey.Secret),
    versionId: required(TagKey.Version),
    ttl: required(TagKey.Ttl),
    alias: value(TagKey.Alias) ?? '',
    ...(fingerprint ? { fingerprint } : {}),
  };
}

export { MANAGED_VALUE, TagError, TagKey, TagLimits, isManaged, managedKeyTags, parseManagedTags, tagValueProblem };
export type { ManagedKeyTags };
