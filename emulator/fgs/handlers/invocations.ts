/**
 * Invocation: asynchronous (`POST .../invocations-async` → 202 `{request_id}`, recorded; run when the function is
 * deployed) and synchronous (`POST .../invocations` → `{request_id, result, log, status}`, header
 * `X-Cff-Request-Id`; with `X-Cff-Log-Type: tail` the run's log, its last 4 KB).
 *
 * An asynchronous invocation of a well-formed URN of this project whose function is NOT deployed is still
 * accepted and recorded (the emulator's FunctionGraph doubles as a mailbox for tests that only check what a
 * dispatcher sent); Huawei would answer 404. A synchronous one is 404 FSS.1051.
 *
 * Synchronous results (Huawei documents no failure shape): HTTP 200 always once the function ran; `status` 200
 * and `result` = the returned value (a string as is, else JSON) on success; `status` 500 and `result` = JSON
 * `{errorType, errorMessage, stackTrace}` when the function threw, rejected or timed out (`X-Is-Func-Err: true`).
 */
import { enqueueInvocation } from '../asyncInvocations.js';
import { FgsCode, FgsLimits, fgsError } from '../constants.js';
import type { RoutePrepare } from '../../types.js';
import type { FgsEngine } from '../FgsEngine.js';
import type { FgsHandler } from './FgsCall.js';
import { requireUrn } from './FgsCall.js';

/** `POST .../invocations-async` → 202 `{"request_id"}`; a body over 256 KB is 413 FSS.0413. */
const invokeFunctionAsync: FgsHandler = (call) => {
  requireUrn(call);
  const body = JSON.stringify(call.req.body);
  if (Buffer.byteLength(body, 'utf8') > FgsLimits.asyncBodyBytes) {
    throw fgsError(413, FgsCode.TooLarge, 'The request body is too large: asynchronous invocations accept at most 256 KB.');
  }
  const requestId = enqueueInvocation(call.ctx, call.store, call.req.params['function_urn'] ?? '', body, 'api');
  call.engine?.nudge();
  return { status: 202, body: { request_id: requestId } };
};

/**
 * The synchronous run happens in the route's `prepare` (outside the transaction: a run can take minutes and
 * calls the emulator itself); the handler only hands its answer on.
 */
function prepareInvokeSync(engineOf: () => FgsEngine | undefined): RoutePrepare {
  return async (req, ctx) => {
    const { key } = requireUrn({ req, ctx });
    const engine = engineOf();
    if (engine === undefined) throw fgsError(503, FgsCode.Unavailable, 'Service unavailable: the emulator is not serving functions yet.');
    return engine.invokeSync(key, JSON.stringify(req.body), req.headers?.['x-cff-log-type'] === 'tail');
  };
}

/** `POST .../invocations`: answers what `prepareInvokeSync` ran. */
const invokeFunction: FgsHandler = (call) => {
  requireUrn(call);
  return call.req.prepared as ReturnType<FgsHandler>;
};

export { invokeFunction, invokeFunctionAsync, prepareInvokeSync };
