/** The lifecycle stages: logic over ports, schemas, and the stage table. */
export { coreStages, createKeyDefinition, defineStage, fetchParametersDefinition, importMaterialDefinition, wrapMaterialDefinition } from './coreStages.js';
export type { StageDefinition, StageTable } from './coreStages.js';
export { createKeyStage, kmsAliasName } from './createKey.js';
export { createManagedKey, keyAliasFor } from './createManagedKey.js';
export type { ManagedKey, ManagedKeyInput } from './createManagedKey.js';
export { decodeSecretMaterial } from './decodeSecretMaterial.js';
export { WRAPPING_ALGORITHM, fetchParametersStage } from './fetchParameters.js';
export { PROBE_TEXT, importMaterialStage } from './importMaterial.js';
export { LifecycleError, LifecycleErrorCode, isLifecycleError } from './LifecycleError.js';
export type { LifecycleErrorOptions } from './LifecycleError.js';
export { logStage } from './logStage.js';
export type { StageLogInfo } from './logStage.js';
export { MAX_REFETCH, TOKEN_REJECTED_CODES, refetchParameters } from './refetch.js';
export { CreateKeyEvent, FetchParametersEvent, ImportMaterialEvent, SupportedKeySpec, WrapMaterialEvent } from './schemas.js';
export type { StageDeps, StageLogic, StageOptions, StageResult } from './types.js';
export { readManagedTags, wrapMaterialStage } from './wrapMaterial.js';
