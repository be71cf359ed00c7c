/** The domain values shared by lib/, the adapters and the CLI. */
export { KeyOrigin } from './KeyInfo.js';
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
} from './KeyInfo.js';
export { KeyState, keyStateFromWire, keyStateToWire } from './KeyState.js';
export { WrappingAlgorithm } from './ImportParameters.js';
export type { DecryptResult, EncryptResult, ImportParameters } from './ImportParameters.js';
export { SecretState } from './Secret.js';
export type { Secret, SecretVersion, SecretVersionMetadata, SecretVersionPage } from './Secret.js';
export { SecretValue, revealSecret } from './SecretValue.js';
