/** What every FunctionGraph operation receives, and the lookups they share. */
import type { EmulatorRequest, EmulatorResponse, ServiceContext } from '../../types.js';
import { FgsCode, fgsError } from '../constants.js';
import { parseFunctionUrn } from '../functionUrn.js';
import type { FunctionUrn } from '../functionUrn.js';
import type { FgsEngine } from '../FgsEngine.js';
import type { FgsStore } from '../store/FgsStore.js';
import { functionKey } from '../store/FunctionStore.js';
import type { FunctionRow } from '../store/FunctionStore.js';

interface FgsCall {
  req: EmulatorRequest;
  ctx: ServiceContext;
  store: FgsStore;
  /** The running side (functions, queue, timers); undefined until the server listens. */
  engine: FgsEngine | undefined;
  nowMs: number;
}

/** A FunctionGraph operation: synchronous, so it runs whole inside the core's transaction. */
type FgsHandler = (call: FgsCall) => EmulatorResponse;

/**
 * The path's `function_urn`, parsed and checked against this project and region: 400 FSS.0400 when it is not a
 * URN, 404 FSS.0404 for another project or region, 404 FSS.1052 for a version other than `latest` (the emulator
 * keeps no published versions).
 */
function requireUrn(call: Pick<FgsCall, 'req' | 'ctx'>): FunctionUrn & { key: string } {
  const urn = parseFunctionUrn(call.req.params['function_urn'] ?? '');
  if (urn === undefined) throw fgsError(400, FgsCode.InvalidParameter, 'Invalid parameter: function_urn is not a function URN.');
  if (urn.projectId !== call.ctx.projectId || urn.region !== call.ctx.region) {
    throw fgsError(404, FgsCode.NotFound, 'The specified resource was not found: function does not exist in this project and region.');
  }
  if (urn.version !== 'latest') throw fgsError(404, FgsCode.VersionNotFound, 'The version does not exist: the emulator serves only latest.');
  return { ...urn, key: functionKey(urn.projectId, urn.packageName, urn.functionName) };
}

/** The function the path names, or 404 FSS.1051. */
function requireFunction(call: FgsCall): FunctionRow {
  const urn = requireUrn(call);
  const row = call.store.functions.find(urn.key);
  if (row === undefined) throw fgsError(404, FgsCode.FunctionNotFound, 'The function does not exist.');
  return row;
}

export { requireFunction, requireUrn };
export type { FgsCall, FgsHandler };
