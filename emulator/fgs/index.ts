/**
 * The FunctionGraph subset of the embedded cloud: asynchronous invocation
 * (`POST /v2/{project_id}/fgs/functions/{function_urn}/invocations-async` → 202 `{"request_id"}`, flat
 * `FSS.*` errors, group `fgs` for rate limits and faults), recorded in `fgs_invocations`, and
 * `GET /_emulator/fgs/invocations` to read the record. Wire facts: reference §4.3/§4.4.
 */
import type { Database } from 'better-sqlite3';
import { ApiGroup } from '../types.js';
import type { Route, RouteErrorCodes, ServiceContext, ServiceModule } from '../types.js';
import { FgsCode, invokeFunctionAsync, listInvocations } from './handlers.js';
import type { FgsHandler } from './handlers.js';
import { InvocationStore } from './InvocationStore.js';
import { FGS_SCHEMA } from './schema.js';

/** FunctionGraph's own codes for a body that is not a JSON object and for an internal error. */
const FGS_ERROR_CODES: RouteErrorCodes = { invalidBody: FgsCode.InvalidParameter, internal: 'FSS.0500' };

/** Route table: method, path template, group, handler. */
const FGS_ROUTES: readonly [Route['method'], string, ApiGroup, FgsHandler][] = [
  ['POST', '/v2/{project_id}/fgs/functions/{function_urn}/invocations-async', ApiGroup.Fgs, invokeFunctionAsync],
  // Control surface: never rate-limited or faulted, like the other `/_emulator` routes.
  ['GET', '/_emulator/fgs/invocations', ApiGroup.Control, listInvocations],
];

/**
 * Builds the FunctionGraph service for one emulator instance.
 *
 * @example
 * const emu = await startEmulator({ services: [createKmsService, createCsmsService, createFgsService] });
 */
function createFgsService(): ServiceModule {
  const stores = new WeakMap<Database, InvocationStore>();
  const storeOf = (ctx: ServiceContext): InvocationStore => {
    let store = stores.get(ctx.db);
    if (store === undefined) {
      store = new InvocationStore(ctx.db);
      stores.set(ctx.db, store);
    }
    return store;
  };
  const routes: Route[] = FGS_ROUTES.map(([method, path, group, handler]) => ({
    method,
    path,
    group,
    errorShape: 'flat',
    handler: (req, ctx) => handler(req, ctx, storeOf(ctx)),
    ...(group === ApiGroup.Fgs && { errorCodes: FGS_ERROR_CODES }),
  }));
  return { schema: FGS_SCHEMA, routes };
}

export { createFgsService };
export { FgsCode, MAX_ASYNC_BODY_BYTES } from './handlers.js';
export { parseFunctionUrn } from './functionUrn.js';
export type { FunctionUrn } from './functionUrn.js';
