/** The domain values shared by lib/, the adapters and the CLI. */
export { isCorrelationId, isKeyId, newCorrelationId } from './ids.js';
export { KeyOrigin } from './KeyInfo.js';
export type { KeyInfo, KeyTag, KeyTagFilter, TaggedKey } from './KeyInfo.js';
export { KeyState } from './KeyState.js';
export { WrappingAlgorithm } from './ImportParameters.js';
export type { DecryptResult, EncryptResult, ImportParameters } from './ImportParameters.js';
export { SecretValue, revealSecret } from './SecretValue.js';
