/**
 * The Node.js context FunctionGraph passes to every handler, as documented (docs/huawei-api.md#handler-and-context).
 *
 * Methods marked optional are missing from Huawei's documented table or only seen in the runtime emulation, so
 * callers must treat them as possibly absent.
 */

/** The logger returned by `context.getLogger()`; lines are written as "time requestId level message". */
interface FunctionGraphLogger {
  debug(...message: unknown[]): void;
  info(...message: unknown[]): void;
  warn(...message: unknown[]): void;
  error(...message: unknown[]): void;
  setLevel?(level: string): void;
}

/** FunctionGraph's per-invocation context object (Node.js runtimes). */
interface FunctionGraphContext {
  /** Id of this invocation (also in FunctionGraph's own log lines). */
  getRequestID(): string;
  /** Milliseconds left before FunctionGraph ends the invocation. */
  getRemainingTimeInMilliSeconds(): number;
  /** AK of the execution agency's temporary credentials; empty when the function has no agency. */
  getSecurityAccessKey(): string;
  /** SK of the execution agency's temporary credentials (24 h, cached 10 min). Never log it. */
  getSecuritySecretKey(): string;
  /** Security token that goes with the temporary AK/SK (`X-Security-Token`). Never log it. */
  getSecurityToken(): string;
  /** IAM token of the agency (24 h). Never log it. */
  getToken(): string;
  /** @deprecated "no longer maintained" per Huawei; use {@link FunctionGraphContext.getSecurityAccessKey}. */
  getAccessKey?(): string;
  /** @deprecated "no longer maintained" per Huawei; use {@link FunctionGraphContext.getSecuritySecretKey}. */
  getSecretKey?(): string;
  /** The function's user data (its configured environment variables). */
  getUserData(key: string): string | undefined;
  getFunctionName(): string;
  /** The configured timeout, in seconds. */
  getRunningTimeInSeconds(): number;
  getVersion(): string;
  /** Memory in MB. */
  getMemorySize(): number;
  getCPUNumber(): number;
  getPackage(): string;
  getAlias?(): string;
  getLogger(): FunctionGraphLogger;
  /** Present in the runtime emulation, absent from the documented table; `RUNTIME_PROJECT_ID` is the fallback. */
  getProjectID?(): string;
}

/** FunctionGraph's async handler signature: `exports.handler = async (event, context) => result`. */
type FunctionGraphHandler<TEvent = unknown, TResult = unknown> = (
  event: TEvent,
  context: FunctionGraphContext,
) => Promise<TResult>;

export type { FunctionGraphContext, FunctionGraphHandler, FunctionGraphLogger };
