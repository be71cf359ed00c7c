/**
 * The stage table: each stage's name, event schema and logic. Used by the thin FunctionGraph handlers and by the
 * in-process dispatcher, so a stage behaves the same wherever it runs.
 */
import type { GenericSchema } from 'valibot';
import { StageName } from '../ports/index.js';
import { createKeyStage } from './createKey.js';
import { fetchParametersStage } from './fetchParameters.js';
import { importMaterialStage } from './importMaterial.js';
import { CreateKeyEvent, FetchParametersEvent, ImportMaterialEvent, WrapMaterialEvent } from './schemas.js';
import type { StageLogic } from './types.js';
import { wrapMaterialStage } from './wrapMaterial.js';

/** One stage: its event schema and its logic over the parsed event. */
interface StageDefinition<TEvent = unknown> {
  readonly name: StageName;
  readonly schema: GenericSchema<unknown, TEvent>;
  readonly run: StageLogic<TEvent>;
}

/**
 * Types a stage definition (the logic's event type follows from the schema).
 *
 * @example
 * const onEvent = defineStage(StageName.OnEvent, OnEventSchema, onEventStage);
 */
function defineStage<TEvent>(
  name: StageName,
  schema: GenericSchema<unknown, TEvent>,
  run: StageLogic<TEvent>,
): StageDefinition<TEvent> {
  return { name, schema, run };
}

/** A table of stages by name. `on-event` is added by whoever runs it. */
type StageTable = Partial<Record<StageName, StageDefinition<any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any

const createKeyDefinition = defineStage(StageName.CreateKey, CreateKeyEvent, createKeyStage);
const fetchParametersDefinition = defineStage(StageName.FetchParameters, FetchParametersEvent, fetchParametersStage);
const wrapMaterialDefinition = defineStage(StageName.WrapMaterial, WrapMaterialEvent, wrapMaterialStage);
const importMaterialDefinition = defineStage(StageName.ImportMaterial, ImportMaterialEvent, importMaterialStage);

/** The four lifecycle stages (create → fetch → wrap → import). */
const coreStages: StageTable = {
  [StageName.CreateKey]: createKeyDefinition,
  [StageName.FetchParameters]: fetchParametersDefinition,
  [StageName.WrapMaterial]: wrapMaterialDefinition,
  [StageName.ImportMaterial]: importMaterialDefinition,
};

export {
  coreStages,
  createKeyDefinition,
  defineStage,
  fetchParametersDefinition,
  importMaterialDefinition,
  wrapMaterialDefinition,
};
export type { StageDefinition, StageTable };
