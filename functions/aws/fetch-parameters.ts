/** Lambda function `fetch-parameters`: the thin handler of the stage in lib/stages (lib/aws/awsStages.ts). */
import { awsStages } from '../../lib/aws/awsStages.js';
import { StageName } from '../../lib/ports/index.js';
import { awsStageFunction } from './runtime.js';

/** Lambda entry point: `(event, context)` → the stage's result or a failure event. */
export const handler = awsStageFunction(awsStages[StageName.FetchParameters]);
