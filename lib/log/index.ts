export { Logger, parseLogLevel } from './Logger.js';
export type { LoggerOptions, LogWrite } from './Logger.js';
export { REDACTED, isSecretFieldName } from './sanitize.js';
export { LogLevel } from './types.js';
export type { LogFields } from './types.js';
