/** CSMS (secret manager) values as Huawei sends them, read into typed values. */
import type { SecretValue } from '../domain/SecretValue.js';

/** A secret's state. */
const SecretState = {
  Enabled: 'ENABLED',
  Disabled: 'DISABLED',
  PendingDelete: 'PENDING_DELETE',
  Frozen: 'FROZEN',
} as const;
type SecretState = (typeof SecretState)[keyof typeof SecretState];

/** The secret's metadata (show secret, create secret). Holds no value. */
interface Secret {
  id: string;
  name: string;
  /** Usually one of {@link SecretState}; other strings pass through. */
  state: SecretState | (string & {});
  kmsKeyId?: string;
  description?: string;
  createTime?: Date;
  updateTime?: Date;
  scheduledDeleteTime?: Date;
  secretType?: string;
  autoRotation?: boolean;
  eventSubscriptions: string[];
}

/** A version's metadata (create version, list versions). */
interface SecretVersionMetadata {
  /** `v1`, `v2`, ... */
  id: string;
  secretName?: string;
  createTime?: Date;
  expireTime?: Date;
  kmsKeyId?: string;
  /** `SYSCURRENT`, `SYSPREVIOUS`, custom stages. */
  versionStages: string[];
}

/** A version with its value (show version). Exactly one of the two values is normally set. */
interface SecretVersion {
  metadata: SecretVersionMetadata;
  /** `secret_string` as sent by CSMS. */
  secretString?: SecretValue;
  /** `secret_binary` as sent by CSMS (base64 text). */
  secretBinary?: SecretValue;
}

/** One page of list versions. */
interface SecretVersionPage {
  versions: SecretVersionMetadata[];
  nextMarker?: string;
}

export { SecretState };
export type { Secret, SecretVersion, SecretVersionMetadata, SecretVersionPage };
