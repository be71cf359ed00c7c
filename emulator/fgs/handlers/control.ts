/**
 * The FunctionGraph part of the control surface (`/_emulator/fgs/...`, signed, never throttled nor faulted):
 *
 * - `GET /_emulator/fgs/invocations[?function_urn=&after_seq=&limit=]` → `{"invocations":[{seq, request_id,
 *   function_urn, body, received_at, state?, attempts?, duration_ms?, max_rss_kb?, error?}]}`, oldest first;
 *   `state` (queued, running, succeeded, failed) only for invocations of deployed functions.
 * - `GET /_emulator/fgs/logs?function=NAME[&package=default][&request_id=][&since=ISO][&tail=N]` →
 *   `{"function","lines":[...]}`: the function's log (the LTS stand-in), every line `<time> <request_id> ...`.
 * - `POST /_emulator/fgs/drain {"timeout_seconds"?: 1..600, default 60}` → 200 `{"idle":true,...}` once nothing
 *   is queued or running, including every invocation those runs started (chains, destinations, triggers);
 *   504 `EMU.0504` naming what is still busy when the time is up.
 */
import type { RoutePrepare } from '../../types.js';
import { WireError } from '../../types.js';
import type { FgsEngine } from '../FgsEngine.js';
import { functionLogPath, readLogLines } from '../runtime/functionLog.js';
import { functionsRoot } from '../runtime/planInvocation.js';
import type { FgsHandler } from './FgsCall.js';

const DEFAULT_LIST_LIMIT = 1_000;
const MAX_LIST_LIMIT = 10_000;
const DRAIN_DEFAULT_SECONDS = 60;
const DRAIN_MAX_SECONDS = 600;

function control(message: string): WireError {
  return new WireError(400, 'EMU.0400', message);
}

function nonNegativeInt(value: string | null, name: string, fallback: number, max: number): number {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) throw control(`${name} must be a non-negative integer`);
  return Math.min(Number(value), max);
}

/** `GET /_emulator/fgs/invocations`. */
const listInvocations: FgsHandler = ({ req, ctx, store }) => {
  const functionUrn = req.query.get('function_urn');
  const rows = store.invocations.list({
    projectId: ctx.projectId,
    ...(functionUrn !== null && functionUrn !== '' && { functionUrn }),
    afterSeq: nonNegativeInt(req.query.get('after_seq'), 'after_seq', 0, Number.MAX_SAFE_INTEGER),
    limit: Math.max(1, nonNegativeInt(req.query.get('limit'), 'limit', DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT)),
  });
  const invocations = rows.map((row) => {
    const job = store.jobs.find(row.request_id);
    return {
      seq: row.seq,
      request_id: row.request_id,
      function_urn: row.function_urn,
      body: JSON.parse(row.body) as unknown,
      received_at: new Date(row.received_at_ms).toISOString(),
      ...(job !== undefined && {
        state: job.state,
        attempts: job.attempts,
        duration_ms: job.duration_ms,
        max_rss_kb: job.max_rss_kb,
        error: job.error === null ? null : (JSON.parse(job.error) as unknown),
      }),
    };
  });
  return { status: 200, body: { invocations } };
};

/** `GET /_emulator/fgs/logs`: needs the data file's folder, hence built per service. */
function logsHandler(dataFile: () => string | undefined): FgsHandler {
  return ({ req }) => {
    const name = req.query.get('function');
    if (name === null || !/^[A-Za-z][A-Za-z0-9_-]{0,59}$/.test(name)) throw control('function must be a function name');
    const packageName = req.query.get('package') ?? 'default';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(packageName)) throw control('package must be a package name');
    const since = req.query.get('since');
    if (since !== null && Number.isNaN(Date.parse(since))) throw control('since must be an ISO-8601 time');
    const tail = req.query.get('tail');
    const requestId = req.query.get('request_id');
    const file = dataFile();
    const lines =
      file === undefined
        ? []
        : readLogLines(functionLogPath(functionsRoot(file), packageName, name), {
            ...(requestId !== null && { requestId }),
            ...(since !== null && { sinceMs: Date.parse(since) }),
            ...(tail !== null && { tail: nonNegativeInt(tail, 'tail', 0, 1_000_000) }),
          });
    return { status: 200, body: { function: name, package: packageName, lines } };
  };
}

/** Waits in `prepare` (outside the transaction, which every function run needs) until the queue is idle. */
function prepareDrain(engineOf: () => FgsEngine | undefined): RoutePrepare {
  return async (req) => {
    const raw = req.body.timeout_seconds ?? DRAIN_DEFAULT_SECONDS;
    if (!Number.isFinite(raw) || (raw as number) <= 0 || (raw as number) > DRAIN_MAX_SECONDS) {
      throw control(`timeout_seconds must be a number in (0, ${DRAIN_MAX_SECONDS}]`);
    }
    const engine = engineOf();
    const result = engine === undefined ? { idle: true, queued: 0, running: 0 } : await engine.drain((raw as number) * 1000);
    if (!result.idle) {
      throw new WireError(504, 'EMU.0504', `FunctionGraph still busy after ${String(raw)} s: ${result.queued} queued, ${result.running} running`);
    }
    return result;
  };
}

/** `POST /_emulator/fgs/drain`: answers what `prepareDrain` waited for. */
const drain: FgsHandler = ({ req }) => ({ status: 200, body: req.prepared });

export { drain, listInvocations, logsHandler, prepareDrain };
