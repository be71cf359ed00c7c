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
  describe_time_unit: 'ms' | 's';
  expiry_deletion_delay_seconds: number;
}

interface EmulatorRequest {
  method: string;
  /** The path without the query string, as received. */
  path: string;
  /** Values of `{name}` segments of the route's path template, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `{}` when the body is empty. */
  body: Record<string, unknown>;
  projectId: string;
}

interface EmulatorResponse {
  status: number;
  /** Serialised as JSON; omitted body = empty response. */
  body?: unknown;
}

interface ServiceContext {
  db: Database;
  clock: Clock;
  config: EmulatorConfig;
  region: string;
  domainId: string;
  projectId: string;
}

type RouteHandler = (req: EmulatorRequest, ctx: ServiceContext) => EmulatorResponse | Promise<EmulatorResponse>;

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Huawei's template, e.g. `/v1/{project_id}/secrets/{secret_name}/versions/{version_id}`. */
  path: string;
  group: ApiGroup;
  errorShape: ErrorShape;
  handler: RouteHandler;
}

interface ServiceModule {
  /** `CREATE TABLE IF NOT EXISTS ...` statements run when the store opens. */
  schema: string;
  routes: Route[];
  /** Runs once the store is open and after every clock move (expiry processing and the like). */
  onClock?(ctx: ServiceContext): void;
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
  EmulatorConfig,
  EmulatorRequest,
  EmulatorResponse,
  ErrorShape,
  Route,
  RouteHandler,
  ServiceContext,
  ServiceFactory,
  ServiceModule,
};
