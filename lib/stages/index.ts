/** The lifecycle as FunctionGraph stages: event schemas, each stage's logic over the lifecycle, the stage table. */
export { coreStages, createKeyDefinition, defineStage, fetchParametersDefinition, importMaterialDefinition, wrapMaterialDefinition } from './coreStages.js';
export type { StageDefinition, StageTable } from './coreStages.js';
export { createKeyStage } from './createKey.js';
export { failStage, isStageFailureEvent } from './failureEvent.js';
export type { StageFailureEvent } from './failureEvent.js';
export { fetchParametersStage } from './fetchParameters.js';
export { importMaterialStage } from './importMaterial.js';
export { logStage } from './logStage.js';
export type { StageLogInfo } from './logStage.js';
export { createOnEventStage, onEventDefinition } from './onEvent.js';
export { refetchParameters } from './refetch.js';
export { CreateKeyEvent, FetchParametersEvent, ImportMaterialEvent, SupportedKeySpec, WrapMaterialEvent } from './schemas.js';
export type {
  CreateKeyResult,
  FetchParametersResult,
  ImportMaterialResult,
  OnEventResult,
  RefetchResult,
  StageDeps,
  StageLogic,
  StageOptions,
  StageResult,
  TaskReport,
  WrapMaterialResult,
} from './types.js';
export { wrapMaterialStage } from './wrapMaterial.js';
