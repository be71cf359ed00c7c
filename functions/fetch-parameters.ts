/** FunctionGraph function `fetch-parameters`: the thin handler of the stage in lib/stages (see its definition). */
import { fetchParametersDefinition } from '../lib/stages/coreStages.js';
import { stageFunction } from './runtime.js';

/** FunctionGraph entry point: `(event, context)` → the stage's result or a failure event. */
export const handler = stageFunction(fetchParametersDefinition);
