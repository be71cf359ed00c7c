/** The secret store holding key material (CSMS on Huawei, Secrets Manager on AWS). */
import type { SecretValue } from '../domain/SecretValue.js';

/** The version a caller means by "the current one"; each adapter maps it to its store's word. */
const LATEST_VERSION = 'latest';

/** A version of a secret, with its value. The value is sensitive: reveal it only to decode material. */
interface SecretMaterial {
  secretName: string;
  /** The concrete version id (`v3`), never {@link LATEST_VERSION}: this is what a key pins. */
  versionId: string;
  /** `binary`: the store holds bytes (sent base64); `string`: text (base64 or hex of the bytes). */
  encoding: 'binary' | 'string';
  value: SecretValue;
}

interface SecretStore {
  /** `version` is a version id or {@link LATEST_VERSION}. */
  readVersion(secretName: string, version: string): Promise<SecretMaterial>;
}

export { LATEST_VERSION };
export type { SecretMaterial, SecretStore };
