/**
 * The seam between a cloud client's own retries and whoever let the call through (the renewal sweep's rate gate):
 * a client about to retry a failed attempt reports it — with the attempt's error kind, never a provider code — to
 * the listener of the call's async scope, and waits as the listener says instead of its own backoff.
 *
 * Why a scope and not an option: the client is built once per region/project by the wiring, the gate once per
 * sweep; the attempts a client retries belong to the very call the gate let through, so the call's async context
 * is what ties them together, whichever adapter serves it (Huawei today, AWS tomorrow) and without the domain
 * knowing how the adapter retries.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ErrorKind } from './errors/ErrorKind.js';

/** One failed attempt the client is about to retry. */
interface RetryReport {
  /** The failure's kind (`throttled` for a 429 / APIG.0308), when the adapter knew it. */
  kind: ErrorKind | undefined;
  /** 1 = the first retry. */
  retry: number;
  /** The client's own backoff for this retry, ms. */
  delayMs: number;
}

/** Receives the retries of the calls made inside its scope. */
interface RetryListener {
  /** Answers the wait before the retry (replacing the client's own), or `undefined` to keep the client's. */
  beforeRetry(report: RetryReport): Promise<void> | undefined;
}

const scope = new AsyncLocalStorage<RetryListener>();

/**
 * Runs `call` with `listener` receiving the retries of every client call made inside it.
 *
 * @example
 * await withRetryListener({ beforeRetry: (r) => (r.kind === 'throttled' ? bucket.take() : undefined) }, () => keys.describeKey(id));
 */
function withRetryListener<T>(listener: RetryListener, call: () => Promise<T>): Promise<T> {
  return scope.run(listener, call);
}

/** The listener of the current call's scope, if any (read by clients when they retry). */
function currentRetryListener(): RetryListener | undefined {
  return scope.getStore();
}

export { currentRetryListener, withRetryListener };
export type { RetryListener, RetryReport };
