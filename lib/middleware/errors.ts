/** Codes of the failures the stage middlewares produce themselves (cloud errors keep their Huawei code). */
const StageErrorCode = {
  InvalidEvent: 'BYOK.INVALID_EVENT',
  Timeout: 'BYOK.TIMEOUT',
  NoCredentials: 'BYOK.NO_CREDENTIALS',
  Internal: 'BYOK.INTERNAL',
} as const;

type StageErrorCode = (typeof StageErrorCode)[keyof typeof StageErrorCode];

/** What {@link StageError} subclasses pass up besides the standard `cause`. */
interface StageErrorOptions extends ErrorOptions {
  code: string;
  retryable: boolean;
}

/**
 * Base of the errors the stage machinery raises. `expose` is true: the message is written for operators, names
 * what to fix, and never contains event values or secrets, so `classifyErrors` may put it in the failure event.
 * Domain errors elsewhere can opt into the same treatment by carrying `code`, `retryable` and `expose: true`.
 */
class StageError extends Error {
  override name = 'StageError';
  readonly code: string;
  readonly retryable: boolean;
  readonly expose = true;

  constructor(message: string, options: StageErrorOptions) {
    const { code, retryable, ...errorOptions } = options;
    super(message, errorOptions);
    this.code = code;
    this.retryable = retryable;
  }
}

/** One problem found in an event: where, and what was expected there (never what was received). */
interface EventIssue {
  /** Dotted path such as `secret.version` or `records[0].smn`; `(event)` for the event itself. */
  readonly path: string;
  /** `expected string`, `required`, `unexpected field`, ... */
  readonly problem: string;
}

/** The event does not match the stage's schema. Not retryable: the same event will fail the same way. */
class EventValidationError extends StageError {
  override name = 'EventValidationError' as const;
  readonly issues: readonly EventIssue[];

  constructor(issues: readonly EventIssue[], options?: ErrorOptions) {
    const shown = issues.slice(0, 5).map((issue) => `${issue.path}: ${issue.problem}`);
    if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
    super(`invalid event: ${shown.join('; ')}`, {
      ...options,
      code: StageErrorCode.InvalidEvent,
      retryable: false,
    });
    this.issues = issues;
  }
}

/** The stage did not finish `marginMs` before FunctionGraph's timeout. Retryable: the next run may be luckier. */
class StageTimeoutError extends StageError {
  override name = 'StageTimeoutError' as const;
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
class CredentialsUnavailableError extends StageError {
  override name = 'CredentialsUnavailableError' as const;
  /** Names of what was missing (context getters or variables), never values. */
  readonly missing: readonly string[];

  constructor(missing: readonly string[], advice: string, options?: ErrorOptions) {
    super(`no cloud credentials for this function (missing: ${missing.join(', ')}): ${advice}`, {
      ...options,
      code: StageErrorCode.NoCredentials,
      retryable: false,
    });
    this.missing = missing;
  }
}

/** A middleware was used without the one it depends on (a wiring bug, not bad input). */
class MiddlewareSetupError extends StageError {
  override name = 'MiddlewareSetupError' as const;

  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, code: StageErrorCode.Internal, retryable: false });
  }
}

// Guards match on `name` too, so they hold when two copies of this module are bundled.
const isNamed = (error: unknown, name: string, type: abstract new (...args: never[]) => Error): boolean =>
  error instanceof type || (error instanceof Error && error.name === name);

function isEventValidationError(error: unknown): error is EventValidationError {
  return isNamed(error, 'EventValidationError', EventValidationError);
}

function isStageTimeoutError(error: unknown): error is StageTimeoutError {
  return isNamed(error, 'StageTimeoutError', StageTimeoutError);
}

function isStageError(error: unknown): error is StageError {
  return error instanceof StageError;
}

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
};
export type { EventIssue, StageErrorOptions };
