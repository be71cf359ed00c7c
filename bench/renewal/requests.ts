/**
 * Requests arriving at this process's HTTP servers (the embedded cloud's), counted through Node's
 * `http.server.request.start` / `http.server.response.finish` diagnostics channels; the control surface excluded.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

const IMPORT_GROUP = /\/kms\/(get-parameters-for-import|import-key-material|delete-imported-key-material)$/;

interface Requests {
  byOperation: Map<string, number>;
  /** Arrival times (performance.now) of import-group requests. */
  importTimesMs: number[];
  /** Import-group requests answered 429. */
  throttled(): number;
  reset(): void;
}

/** Starts counting; one watcher per process. */
function watchRequests(): Requests {
  const byOperation = new Map<string, number>();
  const importTimesMs: number[] = [];
  let throttled = 0;
  const pathOf = (req: IncomingMessage): string => (req.url ?? '').split('?')[0] ?? '';
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    const path = pathOf(request);
    if (path.startsWith('/_emulator/')) return;
    const operation = `${request.method} ${path.replace(/^\/v1(\.0)?\/[0-9a-f]{32}/, '').replace(/\/secrets\/[^/]+\/versions\/[^/]+/, '/secrets/{name}/versions/{id}')}`;
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
    if (IMPORT_GROUP.test(path)) importTimesMs.push(performance.now());
  });
  subscribe('http.server.response.finish', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (response.statusCode === 429 && IMPORT_GROUP.test(pathOf(request))) throttled += 1;
  });
  return {
    byOperation,
    importTimesMs,
    throttled: () => throttled,
    reset: () => {
      byOperation.clear();
      importTimesMs.length = 0;
      throttled = 0;
    },
  };
}

export { watchRequests };
export type { Requests };
