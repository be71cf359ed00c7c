/**
 * The life of a managed key as typed functions over the ports: create, fetch parameters, wrap, import, rotate,
 * recover. The FunctionGraph stages (lib/stages) call them one per function; the renewal sweep (lib/renewal) calls
 * them in sequence.
 */
export { prepareExistingKey } from './adopt.js';
export { allKeysByTags } from './allKeysByTags.js';
export type { ImportDecision } from './adopt.js';
export { checkAliasFree, claimAlias } from './claimAlias.js';
export { createManagedKey, keyNameFor } from './createManagedKey.js';
export { ROLLBACK_PENDING_DAYS, createAliasedKey, onboardManagedKey } from './onboardKey.js';
export type { OnboardedKey } from './onboardKey.js';
export { completeAlias } from './completeAlias.js';
export type { AliasCompletion } from './completeAlias.js';
export type { CreatedManagedKey, ManagedKeyInput } from './createManagedKey.js';
export { decodeSecretMaterial } from './decodeSecretMaterial.js';
export { WRAPPING_ALGORITHM, fetchParameters } from './fetchParameters.js';
export { PROBE_TEXT, importMaterial, importWrapped, verifyImported } from './importMaterial.js';
export type { ImportInput } from './importMaterial.js';
export { MAX_REFETCH, importPinnedMaterial, tokenRejectedAgain } from './importPinnedMaterial.js';
export { LifecycleError, LifecycleErrorCode, isLifecycleError } from './LifecycleError.js';
export type { LifecycleErrorOptions } from './LifecycleError.js';
export { managedKeyOf, readManagedKey } from './managedKey.js';
export type { ManagedKey } from './managedKey.js';
export { checkRecoverable } from './recoverable.js';
export type { Recoverable } from './recoverable.js';
export { SUCCESSOR_TAG, rotateSecret } from './rotate.js';
export type { AliasRotation, RotationTarget } from './rotate.js';
export type { ImportOutcome, LifecycleDeps, LifecycleOptions, WrappedMaterial } from './types.js';
export { readPinnedMaterial, wrapForImport } from './wrapForImport.js';
export type { HeldMaterial, WrappingKey } from './wrapForImport.js';
