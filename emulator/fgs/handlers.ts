/**
 * The two FunctionGraph operations the embedded cloud serves: asynchronous invocation (recorded, never run:
 * the emulator hosts no code) and the control-surface read of what was recorded.
 */
import { randomUUID } from 'node:crypto';
import { WireError } from '../types.js';
import type { EmulatorRequest, EmulatorResponse, ServiceContext } from '../types.js';
import { parseFunctionUrn } from './functionUrn.js';
import type { InvocationStore } from './InvocationStore.js';

/** FunctionGraph's limit for an asynchronous request body (reference §4.4). */
const MAX_ASYNC_BODY_BYTES = 256 * 1024;
const DEFAULT_LIST_LIMIT = 1_000;
const MAX_LIST_LIMIT = 10_000;

/** FunctionGraph's documented flat codes (API reference, "Error Codes"). */
const FgsCode = {
  InvalidParameter: 'FSS.0400',
  NotFound: 'FSS.0404',
  TooLarge: 'FSS.0413',
} as const;

type FgsHandler = (req: EmulatorRequest, ctx: ServiceContext, store: InvocationStore) => EmulatorResponse;

/**
 * `POST /v2/{project_id}/fgs/functions/{function_urn}/invocations-async` → 202 `{"request_id"}`. Any
 * well-formed URN of this project and region names a function (the emulator keeps no function registry);
 * another project or region is 404, a body over 256 KB is 413.
 */
const invokeFunctionAsync: FgsHandler = (req, ctx, store) => {
  // --- validate
  const functionUrn = req.params['function_urn'] ?? '';
  const urn = parseFunctionUrn(functionUrn);
  if (urn === undefined) {
    throw new WireError(400, FgsCode.InvalidParameter, 'Invalid parameter: function_urn is not a function URN.');
  }
  if (urn.projectId !== ctx.projectId || urn.region !== ctx.region) {
    throw new WireError(404, FgsCode.NotFound, 'The specified resource was not found: function does not exist in this project and region.');
  }
  const body = JSON.stringify(req.body);
  if (Buffer.byteLength(body, 'utf8') > MAX_ASYNC_BODY_BYTES) {
    throw new WireError(413, FgsCode.TooLarge, 'The request body is too large: asynchronous invocations accept at most 256 KB.');
  }
  // --- act, save, respond
  const requestId = randomUUID();
  store.record({
    request_id: requestId,
    project_id: ctx.projectId,
    function_urn: functionUrn,
    body,
    received_at_ms: ctx.clock.now().getTime(),
  });
  return { status: 202, body: { request_id: requestId } };
};

function nonNegativeInt(value: string | null, name: string, fallback: number, max: number): number {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new WireError(400, 'EMU.0400', `${name} must be a non-negative integer`);
  return Math.min(Number(value), max);
}

/**
 * `GET /_emulator/fgs/invocations[?function_urn=…&after_seq=N&limit=N]` →
 * `{"invocations":[{"seq","request_id","function_urn","body","received_at"}]}`, oldest first; `body` is
 * the event as received, parsed.
 */
const listInvocations: FgsHandler = (req, ctx, store) => {
  const functionUrn = req.query.get('function_urn');
  const rows = store.list({
    projectId: ctx.projectId,
    ...(functionUrn !== null && functionUrn !== '' && { functionUrn }),
    afterSeq: nonNegativeInt(req.query.get('after_seq'), 'after_seq', 0, Number.MAX_SAFE_INTEGER),
    limit: Math.max(1, nonNegativeInt(req.query.get('limit'), 'limit', DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT)),
  });
  const invocations = rows.map((row) => ({
    seq: row.seq,
    request_id: row.request_id,
    function_urn: row.function_urn,
    body: JSON.parse(row.body) as unknown,
    received_at: new Date(row.received_at_ms).toISOString(),
  }));
  return { status: 200, body: { invocations } };
};

export { FgsCode, MAX_ASYNC_BODY_BYTES, invokeFunctionAsync, listInvocations };
export type { FgsHandler };
