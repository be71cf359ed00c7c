/** A KMS key as the domain sees it, whatever the cloud: named state, times as `Date`. */
import type { KeyState } from './KeyState.js';

/** Where a key's material comes from. */
const KeyOrigin = {
  /** The cloud generated the material. */
  Kms: 'kms',
  /** Imported material (BYOK); the key starts in Pending import. */
  External: 'external',
} as const;
type KeyOrigin = (typeof KeyOrigin)[keyof typeof KeyOrigin];

interface KeyInfo {
  keyId: string;
  /** The key's own name, fixed at creation (`<alias>-<version>` for managed keys); an alias is something else. */
  name?: string;
  region?: string;
  /** `AES_256`, `RSA_2048`, ... */
  keySpec?: string;
  keyUsage?: string;
  description?: string;
  creationDate?: Date;
  /** Set while the key is scheduled for deletion. */
  scheduledDeletionDate?: Date;
  keyState: KeyState;
  /** When the imported material expires; `undefined` = never (or no material). */
  expirationTime?: Date;
  /** {@link KeyOrigin}; other strings pass through. */
  origin?: KeyOrigin | (string & {});
}

/** A key tag. On Huawei: key <= 36 chars, value <= 43 chars, at most 10 per key. */
interface KeyTag {
  key: string;
  value: string;
}

/** A tag filter: the key must carry `key` with one of `values`. */
interface KeyTagFilter {
  key: string;
  values: string[];
}

/** A key found by its tags. */
interface TaggedKey {
  keyId: string;
  /** The key's details when the query answered them (else describe the key). */
  info?: KeyInfo;
  tags: KeyTag[];
}

export { KeyOrigin };
export type { KeyInfo, KeyTag, KeyTagFilter, TaggedKey };
