import middy from '@middy/core';
import type { MiddyfiedHandler, Request } from '@middy/core';
import { MiddlewareSetupError } from './errors.js';
import { raceDeadline } from './timeoutGuard.js';

/** A use case that sees middy's whole request, so it can reach the state middlewares keep on `request.internal`. */
type RequestFn<TResult> = (request: Request<unknown, TResult>) => Promise<TResult>;

/**
 * A middy handler whose base function receives the middy `request` instead of `(event, context)`. Middy only
 * hands `(event, context)` to the base function, so the request is found again through its context object (a
 * WeakMap owned by this handler, filled by a `before` that runs first). The call is raced against the deadline
 * `timeoutGuard` armed, if any. Middy's own early-timeout (an AWS Lambda feature) is switched off.
 *
 * @example
 * const handler = requestHandler(async (request) => work(request.event, getLogger(request)))
 *   .use(structuredLogging({ fn: 'x' }));
 */
function requestHandler<TResult>(fn: RequestFn<TResult>): MiddyfiedHandler<unknown, TResult> {
  const requests = new WeakMap<object, Request<unknown, TResult>>();

  const base = async (_event: unknown, context: unknown): Promise<TResult> => {
    const request = typeof context === 'object' && context !== null ? requests.get(context) : undefined;
    if (request === undefined) throw new MiddlewareSetupError('requestHandler: no request bound to this context');
    return raceDeadline(request, Promise.resolve().then(() => fn(request)));
  };

  return middy<unknown, TResult>(base, { timeoutEarlyInMillis: 0 }).before(function requestHandlerBefore(request) {
    requests.set(request.context, request);
  });
}

export { requestHandler };
export type { RequestFn };
