/**
 * The contract between the emulator's HTTP core (server, signature check, store, clock,
 * rate limits, faults) and its services (KMS, CSMS, control surface). A service is a
 * `ServiceModule`: some SQL it needs and a list of routes. Handlers are plain functions from a
 * parsed request to a response value; only the server touches sockets.
 */
import type { Database } from 'better-sqlite3';

/** API groups, each with its own rate limit (token bucket). */
const ApiGroup = {
  KmsKey: 'kms-key',
  KmsImport: 'kms-import',
  KmsCrypto: 'kms-crypto',
  KmsTag: 'kms-tag',
  Csms: 'csms',
  Fgs: 'fgs',
  Control: 'control',
} as const;
type ApiGroup = (typeof ApiGroup)[keyof typeof ApiGroup];

/** KMS answers errors nested (`{"error":{"error_code","error_msg"}}`); CSMS and the gateway flat. */
type ErrorShape = 'kms' | 'flat';

interface Clock {
  now(): Date;
}

/** Switches for behaviour Huawei's documentation leaves open. */
interface EmulatorConfig {
  reimport_enabled_key: 'allow' | 'reject';
  /**
   * get-parameters-for-import on a key that holds material (Enabled or Disabled): `allow` (default) answers
   * parameters; `reject` answers KMS.0310 as for an import (docs/emulator.md#switches). Absent = `allow`.
   */
  import_parameters_enabled_key?: 'allow' | 'reject';
  /**
   * The tag query's `resource_detail`: `full` (default) is every KeyDetails field as describe-key answers them;
   * `minimal` is Huawei's own example — no `expiration_time`, numbers unquoted (docs/emulator.md#switches).
   * Absent = `full`.
   */
  resource_detail?: 'full' | 'minimal';
  describe_time_unit: 'ms' | 's';
  expiry_deletion_delay_seconds: number;
  /**
   * What a TIMER trigger does when the virtual clock jumps over several of its slots: `collapse` (default) fires
   * once, for the last slot; `every` fires once per slot (bounded). See emulator/fgs/triggers/timers.ts.
   */
  fgs_timer_catch_up: 'collapse' | 'every';
  /**
   * Whether a function's user data also reaches it as environment variables (and `RUNTIME_USERDATA`): `set`
   * (default) or `omit`, so `context.getUserData(key)` is the only way in. See emulator/fgs/runtime/FunctionRunner.ts.
   */
  fgs_user_data_env: 'set' | 'omit';
}

interface EmulatorRequest {
  method: string;
  /** The path without the query string, as received. */
  path: string;
  /** Values of `{name}` segments of the route's path template, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Request headers, names lower-cased (repeated ones joined with `,`). */
  headers?: Record<string, string>;
  /** The parsed JSON body; `{}` when the body is empty. */
  body: Record<string, unknown>;
  projectId: string;
  /** What the route's `prepare` resolved to; `undefined` when the route has none. */
  prepared?: unknown;
  /** The AK that signed the request (permanent or temporary); set by the server. */
  accessKey?: string;
}

interface EmulatorResponse {
  status: number;
  /** Serialised as JSON; omitted body = empty response. */
  body?: unknown;
  /** Extra response headers (e.g. FunctionGraph's `X-Cff-Request-Id`). */
  headers?: Record<string, string>;
}

/**
 * What one service tells the others, the way Huawei's services reach each other: a CTS trace of a
 * write operation (KMS), or a message published to an SMN topic (CSMS event notifications). Delivered
 * synchronously, inside the publisher's transaction, so a rolled-back operation publishes nothing.
 */
type CloudEvent =
  | { kind: 'cts'; trace: Record<string, unknown> }
  | { kind: 'smn'; topicUrn: string; subject: string; message: string };

/** Where services publish {@link CloudEvent}s; every service's `onEvent` receives them. */
interface CloudEventBus {
  publish(event: CloudEvent): void;
}

interface ServiceContext {
  db: Database;
  clock: Clock;
  config: EmulatorConfig;
  region: string;
  domainId: string;
  projectId: string;
  /** Cross-service events (CTS traces, SMN messages); see {@link CloudEvent}. */
  events: CloudEventBus;
}

/** Temporary AK/SK/security token, IAM's field names (what an agency hands a function). */
interface IssuedCredential {
  access: string;
  secret: string;
  securitytoken: string;
  expires_at: string;
}

/**
 * What a service with background work (running functions, timers) gets once the server listens:
 * transactions queued with the requests' own, the data file, credential issuing and a log line sink.
 */
interface ServiceHost {
  /** Runs `work` in one transaction, one at a time with every request's handler. */
  transact<T>(work: (ctx: ServiceContext) => T): Promise<T>;
  /** Absolute path of the SQLite file (services keep their files beside it). */
  dataFile: string;
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** A real clock moves by itself (schedulers needed); a virtual one only through the control surface. */
  clockMode: 'real' | 'virtual';
  /** Issues temporary credentials valid `durationSeconds` on the emulator clock; call inside `transact`. */
  issueCredential(ctx: ServiceContext, durationSeconds: number): IssuedCredential;
  /** Internal errors; never given secrets. */
  log(line: string): void;
}

/**
 * Handles one request. Transactions and concurrency, as the server runs it:
 *
 * - The server calls every handler inside ONE SQLite transaction and commits when it returns
 *   (or its promise resolves). A thrown error (a `WireError` or anything else) rolls the whole
 *   transaction back, so a failed request changes nothing. To keep changes and still answer an
 *   error, return the error as a value instead of throwing.
 * - Handlers run one at a time (a process-wide lock around the transaction). A synchronous
 *   handler never waits for it unless an async one is in flight.
 * - A handler MAY be async, but it holds the lock (and every other request waits) across its
 *   awaits. So slow asynchronous work (e.g. waiting for a wrapping key from a key pool) belongs
 *   in the route's `prepare`, which runs BEFORE the transaction, without the lock; the handler
 *   then reads its result from `req.prepared` and stays synchronous.
 * - `db.transaction(...)` inside a handler is fine: better-sqlite3 turns it into a savepoint.
 * - Clock: `ctx.clock.now()` is the emulator's time (virtual in virtual mode). Never call
 *   `Date.now()` in a handler.
 */
type RouteHandler = (req: EmulatorRequest, ctx: ServiceContext) => EmulatorResponse | Promise<EmulatorResponse>;

/**
 * A service's own codes for the errors the server answers on its behalf, in the route's shape.
 * Defaults by group: KMS groups `KMS.0202`/`KMS.0100`, `csms` `CSMS.0004`/`CSMS.0001`, `control`
 * `EMU.0004`/`EMU.0001`; any other group falls back to the KMS codes unless its routes say.
 */
interface RouteErrorCodes {
  /** 400: the body is present but not a JSON object. */
  invalidBody: string;
  /** 500: an unexpected error in the handler, or an injected `error` fault. */
  internal: string;
}

/**
 * Optional asynchronous step run after signature, rate-limit and fault checks and before the
 * transaction, without the lock. It must not write to the database (nothing makes its writes
 * atomic); reading is fine. Its result reaches the handler as `req.prepared`. If it throws, the
 * error is rendered like a handler's. If the handler then fails, whatever `prepare` took is
 * simply dropped (e.g. a pooled key is wasted), which is acceptable for an emulator.
 */
type RoutePrepare = (req: EmulatorRequest, ctx: ServiceContext) => Promise<unknown>;

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Huawei's template, e.g. `/v1/{project_id}/secrets/{secret_name}/versions/{version_id}`. */
  path: string;
  group: ApiGroup;
  errorShape: ErrorShape;
  handler: RouteHandler;
  /** See `RoutePrepare`. */
  prepare?: RoutePrepare;
  /** See `RouteErrorCodes`; omitted = the group's defaults. */
  errorCodes?: RouteErrorCodes;
}

interface ServiceModule {
  /** `CREATE TABLE IF NOT EXISTS ...` statements run when the store opens. */
  schema: string;
  routes: Route[];
  /**
   * Runs once the store is open and after every clock move (expiry processing and the like),
   * inside a transaction, synchronously. In virtual mode "a clock move" is a control-surface
   * advance/set; in real mode the server also runs it before handling a request whenever at
   * least one second has passed since the last run.
   */
  onClock?(ctx: ServiceContext): void;
  /** Receives every {@link CloudEvent} any service publishes, inside the publisher's transaction. */
  onEvent?(event: CloudEvent, ctx: ServiceContext): void;
  /** Starts background work once the server listens. */
  start?(host: ServiceHost): void;
  /**
   * Stops background work that may still call the emulator (running functions, schedulers) BEFORE the server
   * closes; `close` then releases the rest after it.
   */
  stop?(): Promise<void>;
  /** Releases background work (timers, key pools) when the emulator closes. */
  close?(): void | Promise<void>;
}

/** Each service is built fresh per emulator instance, so two emulators in one process share nothing. */
type ServiceFactory = () => ServiceModule;

/** Thrown by handlers; the server renders it in the route's error shape. */
class WireError extends Error {
  override readonly name = 'WireError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export { ApiGroup, WireError };
export type {
  Clock,
  CloudEvent,
  CloudEventBus,
  EmulatorConfig,
  EmulatorRequest,
  EmulatorResponse,
  ErrorShape,
  IssuedCredential,
  Route,
  RouteErrorCodes,
  RouteHandler,
  RoutePrepare,
  ServiceContext,
  ServiceFactory,
  ServiceHost,
  ServiceModule,
};
