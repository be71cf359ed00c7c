/**
 * Lambda function `on-event`: the EventBridge `KMS Imported Key Material Expiration` event (→ recover), direct
 * `{"action": ...}` invocations, and `rotate` as the AWS rotation (new material on the same key); logic in
 * lib/aws/awsOnEvent.ts. The stage is built once per cold start.
 */
import { awsStages } from '../../lib/aws/awsStages.js';
import { awsStageFunction } from './runtime.js';

/** Lambda entry point: `(event, context)` → the stage's result or a failure event. */
export const handler = awsStageFunction(awsStages.onEvent());
