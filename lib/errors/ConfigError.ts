import { ByokError, isNamedError } from './ByokError.js';

/** Configuration that is missing or malformed; `variables` names exactly what to set or fix. */
class ConfigError extends ByokError {
  override readonly name = 'ConfigError' as const;
  /** The environment variables (or context methods / user-data keys) to set or fix. */
  readonly variables: readonly string[];

  constructor(message: string, variables: readonly string[], options?: ErrorOptions) {
    super(message, { ...options, code: 'BYOK.CONFIG' });
    this.variables = variables;
  }
}

/** True for a {@link ConfigError}, also across module copies. */
const isConfigError = isNamedError<ConfigError>('ConfigError');

export { ConfigError, isConfigError };
