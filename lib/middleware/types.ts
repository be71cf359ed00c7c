import type { Logger } from '../log/Logger.js';

/**
 * Temporary credentials of the function's execution agency plus where to use them. A plain object: a later step
 * maps it to the Huawei client's configuration. Never log it.
 */
interface CloudCredentials {
  readonly ak: string;
  readonly sk: string;
  readonly securityToken?: string;
  readonly projectId: string;
  readonly region?: string;
  /** Explicit KMS/CSMS endpoint (user data `BYOK_KMS_ENDPOINT`), overriding the one derived from the region. */
  readonly endpoint?: string;
}

/** The time budget of this invocation, for work that must stop cleanly before FunctionGraph's timeout. */
interface Deadline {
  /** Epoch ms after which the invocation is failed with `BYOK.TIMEOUT`. */
  readonly deadlineAtMs: number;
  /** Aborted at the deadline, with a `StageTimeoutError` as its reason; pass it to anything cancellable. */
  readonly signal: AbortSignal;
}

/** Per-invocation state of `structuredLogging`. */
interface LoggingState {
  readonly logger: Logger;
  readonly correlationId: string;
  readonly startedAtMs: number;
  readonly now: () => number;
}

/** Per-invocation timer state of `timeoutGuard`, kept apart from the public {@link Deadline}. */
interface DeadlineTimerState {
  readonly timer: NodeJS.Timeout;
  /** Rejects with the `StageTimeoutError` when the timer fires; already marked handled. */
  readonly expired: Promise<never>;
}

/** The keys these middlewares own on middy's `request.internal` (namespaced so others cannot collide). */
interface ByokInternal {
  byokLogging?: LoggingState;
  byokCredentials?: CloudCredentials;
  byokDeadline?: Deadline;
  byokDeadlineTimer?: DeadlineTimerState;
}

/** The part of middy's request these middlewares read; middy's own `Request` type satisfies it. */
interface RequestLike {
  event: unknown;
  context: unknown;
  response?: unknown;
  error?: unknown;
  internal: object;
}

/** `request.internal` seen with the keys above. */
const internalOf = (request: RequestLike): ByokInternal => request.internal as ByokInternal;

export { internalOf };
export type {
  ByokInternal,
  CloudCredentials,
  Deadline,
  DeadlineTimerState,
  LoggingState,
  RequestLike,
};
