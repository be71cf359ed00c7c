/**
 * The stages as the AWS functions run them: the common stage table (lib/stages) with AWS's own additions — create-key
 * refuses a ttl over 365 days before any key is made (expiration.ts), and on-event is the AWS one (awsOnEvent.ts).
 */
import * as v from 'valibot';
import type { GenericSchema } from 'valibot';
import { StageName } from '../ports/index.js';
import { createKeyDefinition, fetchParametersDefinition, importMaterialDefinition, wrapMaterialDefinition } from '../stages/coreStages.js';
import type { StageResult } from '../stages/types.js';
import { createAwsOnEventStage } from './awsOnEvent.js';
import type { AwsStageDeps } from './awsOnEvent.js';
import { checkTtlForAws } from './expiration.js';

/** A stage as the AWS functions run it. */
interface AwsStageDefinition<TEvent> {
  readonly name: StageName;
  readonly schema: GenericSchema<unknown, TEvent>;
  readonly run: (event: TEvent & { correlation_id: string }, deps: AwsStageDeps) => Promise<StageResult>;
  /** Refusals AWS needs before anything is done. */
  readonly check?: (event: TEvent) => void;
}

/** The AWS stage table; on-event is built per call (it keeps a little state per instance). */
const awsStages = {
  [StageName.CreateKey]: { ...createKeyDefinition, check: (event: { ttl?: string }) => checkTtlForAws(event.ttl) },
  [StageName.FetchParameters]: fetchParametersDefinition,
  [StageName.WrapMaterial]: wrapMaterialDefinition,
  [StageName.ImportMaterial]: importMaterialDefinition,
  onEvent: (): AwsStageDefinition<unknown> => ({ name: StageName.OnEvent, schema: v.unknown(), run: createAwsOnEventStage() }),
} as const;

export { awsStages };
export type { AwsStageDefinition };
