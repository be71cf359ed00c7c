/**
 * The embedded FunctionGraph: functions deployed from zips and run for real in child Node processes, TIMER /
 * SMN / CTS triggers, synchronous and asynchronous invocation with retries and destinations, and the control
 * routes to read invocations and logs and to wait for the queue (`/_emulator/fgs/...`). Huawei's paths and wire
 * names (the SDK's request and response models are the contract), flat `FSS.*` errors, rate-limit group `fgs`.
 */
import type { Database } from 'better-sqlite3';
import { ApiGroup } from '../types.js';
import type { CloudEvent, Route, RouteErrorCodes, RoutePrepare, ServiceContext, ServiceHost, ServiceModule } from '../types.js';
import { enqueueInvocation, urnOfKey } from './asyncInvocations.js';
import { FgsCode } from './constants.js';
import { FgsEngine } from './FgsEngine.js';
import { deleteAsyncConfig, showAsyncConfig, updateAsyncConfig } from './handlers/asyncConfig.js';
import { drain, listInvocations, logsHandler, prepareDrain } from './handlers/control.js';
import type { FgsHandler } from './handlers/FgsCall.js';
import {
  createFunction,
  deleteFunction,
  listFunctions,
  showFunctionConfig,
  updateFunctionCode,
  updateFunctionConfig,
} from './handlers/functions.js';
import { invokeFunction, invokeFunctionAsync, prepareInvokeSync } from './handlers/invocations.js';
import { createTrigger, deleteAllTriggers, deleteTrigger, listTriggers, showTrigger, updateTrigger } from './handlers/triggers.js';
import { FGS_SCHEMA } from './schema.js';
import { fgsStoreCache } from './store/FgsStore.js';
import { deliverCloudEvent } from './triggers/deliveries.js';
import { fireDueTimers } from './triggers/timers.js';
import type { EnqueueInvocation } from './triggers/timers.js';

/** FunctionGraph's own codes for a body that is not a JSON object and for an internal error. */
const FGS_ERROR_CODES: RouteErrorCodes = { invalidBody: FgsCode.InvalidParameter, internal: FgsCode.Internal };

const FUNCTIONS = '/v2/{project_id}/fgs/functions';
const FUNCTION = `${FUNCTIONS}/{function_urn}`;
const TRIGGERS = '/v2/{project_id}/fgs/triggers/{function_urn}';

/** Options of {@link createFgsService} (tests). */
interface FgsServiceOptions {
  /** Asynchronous runs at once, default 2. */
  parallelism?: number;
}

/**
 * Builds the FunctionGraph service for one emulator instance.
 *
 * @example
 * const emu = await startEmulator({ services: [createKmsService, createCsmsService, createFgsService] });
 */
function createFgsService(options: FgsServiceOptions = {}): ServiceModule {
  const storeOf = fgsStoreCache();
  let engine: FgsEngine | undefined;
  let host: ServiceHost | undefined;
  const enqueue: EnqueueInvocation = (ctx, funcKey, event, source) => {
    enqueueInvocation(ctx, storeOf(ctx.db), urnOfKey(ctx, funcKey), JSON.stringify(event), source as 'timer');
    engine?.nudge();
  };
  const engineOf = (): FgsEngine | undefined => engine;
  const table: readonly [Route['method'], string, ApiGroup, FgsHandler, RoutePrepare?][] = [
    ['POST', FUNCTIONS, ApiGroup.Fgs, createFunction],
    ['GET', FUNCTIONS, ApiGroup.Fgs, listFunctions],
    ['DELETE', FUNCTION, ApiGroup.Fgs, deleteFunction],
    ['GET', `${FUNCTION}/config`, ApiGroup.Fgs, showFunctionConfig],
    ['PUT', `${FUNCTION}/config`, ApiGroup.Fgs, updateFunctionConfig],
    ['PUT', `${FUNCTION}/code`, ApiGroup.Fgs, updateFunctionCode],
    ['POST', `${FUNCTION}/invocations`, ApiGroup.Fgs, invokeFunction, prepareInvokeSync(engineOf)],
    ['POST', `${FUNCTION}/invocations-async`, ApiGroup.Fgs, invokeFunctionAsync],
    ['PUT', `${FUNCTION}/async-invoke-config`, ApiGroup.Fgs, updateAsyncConfig],
    ['GET', `${FUNCTION}/async-invoke-config`, ApiGroup.Fgs, showAsyncConfig],
    ['DELETE', `${FUNCTION}/async-invoke-config`, ApiGroup.Fgs, deleteAsyncConfig],
    ['POST', TRIGGERS, ApiGroup.Fgs, createTrigger],
    ['GET', TRIGGERS, ApiGroup.Fgs, listTriggers],
    ['DELETE', TRIGGERS, ApiGroup.Fgs, deleteAllTriggers],
    ['GET', `${TRIGGERS}/{trigger_type_code}/{trigger_id}`, ApiGroup.Fgs, showTrigger],
    ['PUT', `${TRIGGERS}/{trigger_type_code}/{trigger_id}`, ApiGroup.Fgs, updateTrigger],
    ['DELETE', `${TRIGGERS}/{trigger_type_code}/{trigger_id}`, ApiGroup.Fgs, deleteTrigger],
    // Control surface: never rate-limited or faulted, like the other `/_emulator` routes.
    ['GET', '/_emulator/fgs/invocations', ApiGroup.Control, listInvocations],
    ['GET', '/_emulator/fgs/logs', ApiGroup.Control, logsHandler(() => host?.dataFile)],
    ['POST', '/_emulator/fgs/drain', ApiGroup.Control, drain, prepareDrain(engineOf)],
  ];
  const routes: Route[] = table.map(([method, path, group, handler, prepare]) => ({
    method,
    path,
    group,
    errorShape: 'flat',
    handler: (req, ctx) => handler({ req, ctx, store: storeOf(ctx.db), engine, nowMs: ctx.clock.now().getTime() }),
    ...(prepare !== undefined && { prepare }),
    ...(group === ApiGroup.Fgs && { errorCodes: FGS_ERROR_CODES }),
  }));
  return {
    schema: FGS_SCHEMA,
    routes,
    onClock(ctx: ServiceContext): void {
      fireDueTimers(ctx, storeOf(ctx.db), enqueue);
    },
    onEvent(event: CloudEvent, ctx: ServiceContext): void {
      deliverCloudEvent(ctx, storeOf(ctx.db), event, enqueue);
    },
    start(serviceHost: ServiceHost): void {
      host = serviceHost;
      engine = new FgsEngine({
        host: serviceHost,
        storeOf: (db: Database) => storeOf(db),
        enqueue,
        clockMode: serviceHost.clockMode,
        ...(options.parallelism !== undefined && { parallelism: options.parallelism }),
      });
      void engine.start().catch((error: unknown) => serviceHost.log(`emulator: FunctionGraph did not start: ${String(error)}`));
    },
    stop: async () => engine?.stop(),
  };
}

export { createFgsService };
export { FgsCode } from './constants.js';
export { parseFunctionUrn } from './functionUrn.js';
export type { FunctionUrn } from './functionUrn.js';
export type { FgsServiceOptions };
/** FunctionGraph's limit for an asynchronous request body. */
export const MAX_ASYNC_BODY_BYTES = 256 * 1024;
