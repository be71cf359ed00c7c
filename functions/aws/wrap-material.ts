/** Lambda function `wrap-material`: the thin handler of the stage in lib/stages (see its definition). */
import { wrapMaterialDefinition } from '../../lib/stages/coreStages.js';
import { awsStageFunction } from './runtime.js';

/** Lambda entry point: `(event, context)` → the stage's result or a failure event. */
export const handler = awsStageFunction(wrapMaterialDefinition);
