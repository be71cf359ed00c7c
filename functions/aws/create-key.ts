/** Lambda function `create-key`: the stage of lib/stages; a ttl AWS cannot honour (over 365 days) is refused first. */
import { checkTtlForAws } from '../../lib/aws/expiration.js';
import { createKeyDefinition } from '../../lib/stages/coreStages.js';
import { awsStageFunction } from './runtime.js';

/** Lambda entry point: `(event, context)` → the stage's result or a failure event. */
export const handler = awsStageFunction({ ...createKeyDefinition, check: (event) => checkTtlForAws(event.ttl) });
