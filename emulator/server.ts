/**
 * The emulator's HTTP transport, the only code that touches sockets. Per request:
 * route match (404 APIG.0101) → AK, date, token from the headers alone (401 APIG.0301) → the body, streamed
 * and hashed, at most 12 MB and 32 such requests at once (413, 503) → signature (401) → project (403) →
 * rate limit (429 APIG.0308) → faults (latency, 500, 429, dropped connection) → JSON body →
 * `prepare` → handler in a transaction → answer (or drop it, for `drop_after`).
 * Every response carries an `x-request-id`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate, authenticateHeaders } from './authenticate.js';
import type { EmulatorCore } from './core.js';
import { FaultAction } from './faults.js';
import type { FaultDecision } from './faults.js';
import { GatewayError } from './gatewayErrors.js';
import { Router } from './router.js';
import { internalError, invalidBody, renderThrown } from './serviceErrors.js';
import { ApiGroup } from './types.js';
import type { EmulatorRequest, EmulatorResponse, Route } from './types.js';

/** Larger bodies get 413 APIG.0201: Huawei's gateway allows 12 MB (a function's zip travels base64 in the body). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;
/**
 * Requests whose headers passed but whose body is still streaming in, signature unproven: at most this many at a
 * time. Beyond it a request is refused at once (503, connection closed) instead of buffering one more body.
 */
const MAX_UNAUTHENTICATED = 32;
/** Idle keep-alive sockets stay open this long, so benchmark clients rarely race a server close. */
const KEEP_ALIVE_TIMEOUT_MS = 30_000;
/** In real mode, services' clock hooks run before a request when this much time has passed. */
const REAL_CLOCK_TICK_MS = 1000;
/** Throttle message `limit:` when a throttle is injected on a group that has no rate limit. */
const DEFAULT_LIMIT_PER_SECOND = 1000;

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** A body read whole, with its sha256 computed as it streamed (the signature check needs only the hash). */
interface ReadBody {
  bytes: Buffer;
  sha256: string;
}

function readBody(req: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      hash.update(chunk);
      chunks.push(chunk);
    });
    req.on('end', () => resolve({ bytes: Buffer.concat(chunks), sha256: hash.digest('hex') }));
    req.on('error', reject);
  });
}

function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, response: EmulatorResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (response.body === undefined) {
    res.setHeader('content-length', 0);
    res.end();
    return;
  }
  const payload = Buffer.from(JSON.stringify(response.body), 'utf8');
  res.setHeader('content-type', 'application/json;charset=UTF-8');
  res.setHeader('content-length', payload.length);
  res.end(payload);
}

/** The HTTP face of one emulator core. */
class EmulatorServer {
  readonly #core: EmulatorCore;
  readonly #router: Router;
  readonly #server: Server;
  readonly #log: (line: string) => void;
  readonly #inFlight = new Set<Promise<void>>();
  /** Requests reading a body whose signature is not checked yet. */
  #unauthenticated = 0;

  constructor(core: EmulatorCore, log: (line: string) => void) {
    this.#core = core;
    this.#log = log;
    this.#router = new Router(core.services.flatMap((s) => s.routes));
    this.#server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => {
      const done = this.#handle(req, res).catch((error: unknown) => {
        this.#log(`emulator: request failed: ${(error as Error)?.stack ?? String(error)}`);
        if (!res.headersSent) res.destroy();
      });
      this.#inFlight.add(done);
      void done.finally(() => this.#inFlight.delete(done));
    });
  }

  /** Listens on 127.0.0.1 only; resolves to the bound port. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve((this.#server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting, closes every socket (idle keep-alive ones too), waits for running handlers. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
    await Promise.allSettled([...this.#inFlight]);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-request-id', randomUUID());
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q === -1 ? target : target.slice(0, q);
    const rawQuery = q === -1 ? '' : target.slice(q + 1);
    const method = req.method ?? 'GET';
    // Nothing is read from the body before the headers are known good: an anonymous client cannot make the
    // emulator buffer megabytes (docs/emulator.md).
    const refuse = (response: EmulatorResponse): void => {
      res.setHeader('connection', 'close');
      send(res, response);
    };

    const match = this.#router.match(method, rawPath);
    if (match.kind === 'not-found') return refuse(GatewayError.apiNotFound());
    if (match.kind === 'wrong-method') return refuse(GatewayError.methodNotFound());
    const { route, params } = match;

    const core = this.#core;
    const early = authenticateHeaders(req.headers, core.credentials, core.clock);
    if (!early.ok) return refuse(early.response);
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return refuse(GatewayError.tooLarge());
    if (this.#unauthenticated >= MAX_UNAUTHENTICATED) return refuse(GatewayError.busy());

    let body: ReadBody;
    this.#unauthenticated += 1;
    try {
      body = await readBody(req);
    } catch (error) {
      // A client that hangs up mid-body has gone: nothing to answer, nothing to report.
      if (req.destroyed || (error as { code?: unknown }).code === 'ECONNRESET') return;
      if (!(error instanceof BodyTooLargeError)) throw error;
      return refuse(GatewayError.tooLarge());
    } finally {
      this.#unauthenticated -= 1;
    }
    const auth = authenticate({ method, rawPath, rawQuery, headers: req.headers, body: body.bytes, bodySha256: body.sha256 }, core.credentials, core.clock);
    if (!auth.ok) return send(res, auth.response);
    const projectRejection = this.#checkProject(params.project_id, headerString(req.headers['x-project-id']));
    if (projectRejection) return send(res, projectRejection);

    let decision: FaultDecision = { action: FaultAction.Pass, latencyMs: 0 };
    if (route.group !== ApiGroup.Control) {
      if (!core.limiter.tryTake(route.group)) return send(res, GatewayError.throttled(this.#limitOf(route)));
      decision = core.faults.decide(route.group);
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.action === FaultAction.Drop) return void req.socket.destroy();
      if (decision.action === FaultAction.Throttle) return send(res, GatewayError.throttled(this.#limitOf(route)));
      if (decision.action === FaultAction.Error) return send(res, internalError(route));
    }

    const parsed = parseJsonObject(body.bytes);
    if (parsed === undefined) return send(res, invalidBody(route));
    const request: EmulatorRequest = {
      method,
      path: rawPath,
      params,
      query: new URLSearchParams(rawQuery),
      headers: Object.fromEntries(
        Object.entries(req.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, headerString(value) ?? '']])),
      ),
      body: parsed,
      // The project the request names (path, else header), once checked to be the account's.
      projectId: params.project_id ?? headerString(req.headers['x-project-id']) ?? core.identity.projectId,
      accessKey: auth.accessKey,
    };
    const response = await this.#dispatch(route, request);
    // An ambiguous failure: the change is committed, the client never hears about it.
    if (decision.action === FaultAction.DropAfter) return void req.socket.destroy();
    send(res, response);
  }

  /** `prepare`, then the handler in a transaction; thrown errors become responses. */
  async #dispatch(route: Route, request: EmulatorRequest): Promise<EmulatorResponse> {
    const core = this.#core;
    try {
      await this.#tickRealClock();
      if (route.prepare) request.prepared = await route.prepare(request, core.context());
      return await core.transactor.run(() => route.handler(request, core.context()));
    } catch (error) {
      const response = renderThrown(route, error);
      if (response.status >= 500) {
        this.#log(`emulator: ${route.method} ${route.path} failed: ${(error as Error)?.stack ?? String(error)}`);
      }
      return response;
    }
  }

  /** Real time moves by itself: give services' clock hooks a run at most once a second. */
  async #tickRealClock(): Promise<void> {
    const core = this.#core;
    if (core.clock.mode !== 'real' || core.clock.now().getTime() - core.lastClockRunMs() < REAL_CLOCK_TICK_MS) return;
    try {
      await core.transactor.run(() => core.runOnClock());
    } catch (error) {
      // A broken hook must not take every request down with it; it will be retried next tick.
      this.#log(`emulator: clock hook failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }

  #checkProject(pathProject: string | undefined, headerProject: string | undefined): EmulatorResponse | undefined {
    const projects = this.#core.projects;
    if (pathProject !== undefined && !projects.has(pathProject)) {
      return GatewayError.forbidden(`project ${pathProject} does not belong to this account`);
    }
    if (headerProject !== undefined && pathProject === undefined && !projects.has(headerProject)) {
      return GatewayError.forbidden(`project ${headerProject} does not belong to this account`);
    }
    if (headerProject !== undefined && pathProject !== undefined && headerProject !== pathProject) {
      return GatewayError.forbidden('X-Project-Id does not match the project in the request URL');
    }
    return undefined;
  }

  #limitOf(route: Route): number {
    return this.#core.limiter.settings()[route.group]?.rps ?? DEFAULT_LIMIT_PER_SECOND;
  }
}

export { EmulatorServer, MAX_BODY_BYTES, MAX_UNAUTHENTICATED };
