export { classifyErrors } from './classifyErrors.js';
export type { ClassifyErrorsOptions } from './classifyErrors.js';
export { classifyError } from './classifyError.js';
export type { ClassifiedError } from './classifyError.js';
export { cloudCredentials, getCredentials } from './cloudCredentials.js';
export type { CloudCredentialsOptions } from './cloudCredentials.js';
export {
  CredentialsUnavailableError,
  EventValidationError,
  MiddlewareSetupError,
  StageError,
  StageErrorCode,
  StageTimeoutError,
  isEventValidationError,
  isStageError,
  isStageTimeoutError,
} from './errors.js';
export type { EventIssue, StageErrorOptions } from './errors.js';
export { isCorrelationId, isKeyId, newCorrelationId } from './ids.js';
export { requestHandler } from './requestHandler.js';
export type { RequestFn } from './requestHandler.js';
export { stageHandler } from './stageHandler.js';
export type { StageContext, StageFn, StageHandlerOptions } from './stageHandler.js';
export { getCorrelationId, getLogger, isStageFailureEvent, structuredLogging } from './structuredLogging.js';
export type { StructuredLoggingOptions } from './structuredLogging.js';
export { getDeadline, raceDeadline, timeoutGuard } from './timeoutGuard.js';
export type { TimeoutGuardOptions } from './timeoutGuard.js';
export type { CloudCredentials, Deadline, RequestLike, StageFailureEvent } from './types.js';
export { validateEvent } from './validateEvent.js';
export type { EventSchema } from './validateEvent.js';
