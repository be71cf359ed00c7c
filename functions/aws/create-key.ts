/** Lambda function `create-key`: the stage of lib/stages; a ttl AWS cannot honour (over 365 days) is refused first. */
import { awsStages } from '../../lib/aws/awsStages.js';
import { StageName } from '../../lib/ports/index.js';
import { awsStageFunction } from './runtime.js';

/** Lambda entry point: `(event, context)` → the stage's result or a failure event. */
export const handler = awsStageFunction(awsStages[StageName.CreateKey]);
