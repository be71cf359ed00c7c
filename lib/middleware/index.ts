/** The FunctionGraph runtime layer: middy middlewares and the stage handler built from them. */
export { classifyErrors } from './classifyErrors.js';
export type { ClassifyErrorsOptions } from './classifyErrors.js';
export { cloudCredentials, getCredentials } from './cloudCredentials.js';
export type { CloudCredentialsOptions } from './cloudCredentials.js';
export { CredentialsUnavailableError, MiddlewareSetupError, StageErrorCode, StageTimeoutError, isStageTimeoutError } from './errors.js';
export { requestHandler } from './requestHandler.js';
export type { RequestFn } from './requestHandler.js';
export { stageHandler } from './stageHandler.js';
export type { StageContext, StageFn, StageHandlerOptions } from './stageHandler.js';
export { getCorrelationId, getLogger, structuredLogging } from './structuredLogging.js';
export type { StructuredLoggingOptions } from './structuredLogging.js';
export { getDeadline, raceDeadline, timeoutGuard } from './timeoutGuard.js';
export type { TimeoutGuardOptions } from './timeoutGuard.js';
export type { CloudCredentials, Deadline, RequestLike } from './types.js';
export { validateEvent } from './validateEvent.js';
export type { EventSchema } from './validateEvent.js';
