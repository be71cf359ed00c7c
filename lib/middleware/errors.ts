/** The failures the FunctionGraph middlewares raise themselves (cloud and domain errors keep their own codes). */
import { ByokError, isNamedError } from '../errors/index.js';

/** Codes of the middlewares' own failures. */
const StageErrorCode = {
  InvalidEvent: 'BYOK.INVALID_EVENT',
  Timeout: 'BYOK.TIMEOUT',
  NoCredentials: 'BYOK.NO_CREDENTIALS',
  Internal: 'BYOK.INTERNAL',
} as const;
type StageErrorCode = (typeof StageErrorCode)[keyof typeof StageErrorCode];

/** The stage did not finish `marginMs` before FunctionGraph's timeout. Retryable: the next run may be luckier. */
class StageTimeoutError extends ByokError {
  override readonly name = 'StageTimeoutError' as const;
  readonly budgetMs: number;
  readonly marginMs: number;

  constructor(budgetMs: number, marginMs: number, options?: ErrorOptions) {
    super(
      `stage did not finish within its ${budgetMs} ms budget (function timeout less a ${marginMs} ms margin); ` +
        'it stopped cleanly and can be retried, or give the function a longer timeout',
      { ...options, code: StageErrorCode.Timeout, retryable: true },
    );
    this.budgetMs = budgetMs;
    this.marginMs = marginMs;
  }
}

/** The FunctionGraph context gave no usable cloud credentials or project. */
class CredentialsUnavailableError extends ByokError {
  override readonly name = 'CredentialsUnavailableError' as const;
  /** Names of what was missing (context getters or variables), never values. */
  readonly missing: readonly string[];

  constructor(missing: readonly string[], advice: string, options?: ErrorOptions) {
    super(`no cloud credentials for this function (missing: ${missing.join(', ')}): ${advice}`, {
      ...options,
      code: StageErrorCode.NoCredentials,
    });
    this.missing = missing;
  }
}

/** A middleware was used without the one it depends on (a wiring bug, not bad input). */
class MiddlewareSetupError extends ByokError {
  override readonly name = 'MiddlewareSetupError' as const;

  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, code: StageErrorCode.Internal });
  }
}

const isStageTimeoutError = isNamedError<StageTimeoutError>('StageTimeoutError');

export { CredentialsUnavailableError, MiddlewareSetupError, StageErrorCode, StageTimeoutError, isStageTimeoutError };
