/** Lambda function `import-material`: the thin handler of the stage in lib/stages (see its definition). */
import { importMaterialDefinition } from '../../lib/stages/coreStages.js';
import { awsStageFunction } from './runtime.js';

/** Lambda entry point: `(event, context)` → the stage's result or a failure event. */
export const handler = awsStageFunction(importMaterialDefinition);
