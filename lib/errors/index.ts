/** The project's errors: one base ({@link ByokError}) and the subclasses shared by every layer. */
export { ByokError, isByokError, isNamedError } from './ByokError.js';
export type { ByokErrorOptions } from './ByokError.js';
export { CloudApiError, hasKind, isCloudApiError } from './CloudApiError.js';
export type { CloudApiErrorInit } from './CloudApiError.js';
export { classifyError } from './classifyError.js';
export type { ClassifiedError } from './classifyError.js';
export { ConfigError, isConfigError } from './ConfigError.js';
export { ErrorKind } from './ErrorKind.js';
export { EventValidationError, describeIssues, isEventValidationError, listIssues } from './EventValidationError.js';
export type { EventIssue } from './EventValidationError.js';
