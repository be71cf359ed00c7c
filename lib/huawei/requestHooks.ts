/**
 * Per-request axios settings that let the transport see what the SDK hides. On a network failure the
 * SDK throws a `ServiceResponseException` that keeps only axios's message, not its code; these hooks
 * record the socket error code (ECONNRESET, ECONNREFUSED, ...) and whether our own deadline fired
 * (docs/huawei-api.md#network-errors-lose-their-code, docs/huawei-api.md#no-default-timeout).
 *
 * - `transport`: axios's documented option for the object whose `request()` opens the connection; it
 *   wraps node's http/https to listen to request and response errors. (It also means redirects are
 *   never followed, which is right for signed API calls.)
 * - `signal`: a wall-clock deadline. axios's own `timeout` (also set) is a socket idle timer that does
 *   not cover a connect that hangs.
 * - `transformResponse`: always yields an object, so the SDK can copy `X-Request-Id` into it even when a
 *   gateway answers with HTML (the SDK would otherwise throw assigning a property to a string).
 */
import http from 'node:http';
import https from 'node:https';
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';

/** What an {@link HttpAdapter} receives: axios's request config after signing (the fields used here). */
interface HttpAdapterRequest {
  method?: string;
  baseURL?: string;
  url?: string;
  /** axios's header object; `Authorization`, `X-Sdk-Date`, `host` etc. as signed. */
  headers: Record<string, unknown>;
  /** The JSON body as a string (axios serialised it). */
  data?: unknown;
}

/** What an {@link HttpAdapter} resolves with (axios's response shape). */
interface HttpAdapterResponse {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  /** The body text; it goes through the same parsing as a real response. */
  data: unknown;
  config?: unknown;
}

/**
 * A replacement for axios's HTTP adapter, so a test (or an in-process peer) can answer without a
 * socket. It sees the request exactly as signed.
 */
type HttpAdapter = (config: HttpAdapterRequest) => Promise<HttpAdapterResponse>;

interface RequestHooks {
  /** Merge into the SDK request options as `axiosRequestConfig`. */
  axiosRequestConfig: Record<string, unknown>;
  /** The network code for an error thrown by `sendRequest`. */
  networkCode(error: unknown): string;
  /** Clears the deadline timer. */
  dispose(): void;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? code : undefined;
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return typeof data === 'object' && data !== null ? data : {};
  if (data.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

function createRequestHooks(timeoutMs: number, adapter?: HttpAdapter): RequestHooks {
  let captured: string | undefined;
  let timedOut = false;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);

  const capture = (code: string | undefined): void => {
    if (captured === undefined && code !== undefined) captured = code;
  };
  const transport = {
    request(options: RequestOptions, onResponse?: (res: IncomingMessage) => void): ClientRequest {
      const base = options.protocol === 'https:' ? https : http;
      const req = base.request(options, (res) => {
        res.on('aborted', () => capture('ECONNRESET'));
        res.on('error', (e) => capture(errorCode(e) ?? 'ECONNRESET'));
        onResponse?.(res);
      });
      req.on('error', (e) => capture(errorCode(e) ?? 'ECONNRESET'));
      return req;
    },
  };

  const axiosRequestConfig: Record<string, unknown> = {
    validateStatus: () => true,
    timeout: timeoutMs,
    transitional: { clarifyTimeoutError: true },
    signal: controller.signal,
    transport,
    responseType: 'text',
    transformResponse: [parseBody],
  };
  // The SDK's response logger reads `response.config`; supply it so adapters need not.
  if (adapter) axiosRequestConfig['adapter'] = async (config: HttpAdapterRequest) => ({ config, statusText: '', ...(await adapter(config)) });

  return {
    axiosRequestConfig,
    networkCode(error: unknown): string {
      const message = error instanceof Error ? error.message : '';
      if (timedOut || /^timeout of \d+ms exceeded$/.test(message)) return 'ETIMEDOUT';
      return captured ?? errorCode(error) ?? 'ENETWORK';
    },
    dispose: () => clearTimeout(timer),
  };
}

export { createRequestHooks };
export type { HttpAdapter, HttpAdapterRequest, HttpAdapterResponse, RequestHooks };
