import { randomUUID } from 'node:crypto';
import type { FunctionGraphContext, FunctionGraphHandler, FunctionGraphLogger } from '../../lib/functiongraph/context.js';

/** Options of {@link fakeContext}; every field has a harmless default. */
interface FakeContextOptions {
  requestId?: string;
  /** The function's configured timeout. Default 30,000 ms. */
  timeoutMs?: number;
  /** When the invocation started, on `now`'s clock. Default: `now()` at creation. */
  startMs?: number;
  /** Clock behind `getRemainingTimeInMilliSeconds`. Default `Date.now`. */
  now?: () => number;
  /** Agency credentials; without them the getters return '' as FunctionGraph does without an agency. */
  credentials?: { ak: string; sk: string; securityToken?: string };
  projectId?: string;
  /** The function's user data (environment variables). */
  userData?: Record<string, string>;
  functionName?: string;
  /** Receives `getLogger()` calls. Default: a fresh {@link captureLogger}. */
  logger?: FunctionGraphLogger;
}

/** One call to the FunctionGraph logger. */
interface CapturedLogCall {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** A FunctionGraph logger that records calls instead of printing them. */
interface CapturedFunctionGraphLogger extends FunctionGraphLogger {
  readonly calls: CapturedLogCall[];
}

/** A stand-in for `context.getLogger()`, recording each call as `{ level, message }`. */
function captureLogger(): CapturedFunctionGraphLogger {
  const calls: CapturedLogCall[] = [];
  const record = (level: CapturedLogCall['level']) => (...message: unknown[]) => {
    calls.push({ level, message: message.map(String).join(' ') });
  };
  return { calls, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error'), setLevel: () => {} };
}

/** A sink for our JSON logger's `write`, with the lines parsed on demand. */
interface CapturedLines {
  readonly write: (line: string) => void;
  readonly lines: string[];
  /** Every line parsed as JSON. */
  records(): Record<string, unknown>[];
  /** All output as one string, for "appears nowhere" assertions. */
  text(): string;
}

function captureLines(): CapturedLines {
  const lines: string[] = [];
  return {
    lines,
    write: (line) => {
      lines.push(line);
    },
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => lines.join('\n'),
  };
}

/**
 * A context shaped like FunctionGraph's Node.js context (docs/huawei-api.md#handler-and-context). Remaining time is
 * `startMs + timeoutMs - now()`, never negative, so a test drives it with its own clock.
 *
 * @example
 * let nowMs = 0;
 * const context = fakeContext({ timeoutMs: 3_000, now: () => nowMs, credentials: { ak: 'AK', sk: 'SK' } });
 */
function fakeContext(opts: FakeContextOptions = {}): FunctionGraphContext {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const startMs = opts.startMs ?? now();
  const requestId = opts.requestId ?? randomUUID();
  const logger = opts.logger ?? captureLogger();
  const userData = opts.userData ?? {};
  return {
    getRequestID: () => requestId,
    getRemainingTimeInMilliSeconds: () => Math.max(0, startMs + timeoutMs - now()),
    getSecurityAccessKey: () => opts.credentials?.ak ?? '',
    getSecuritySecretKey: () => opts.credentials?.sk ?? '',
    getSecurityToken: () => opts.credentials?.securityToken ?? '',
    getToken: () => '',
    getUserData: (key) => (Object.hasOwn(userData, key) ? userData[key] : undefined),
    getFunctionName: () => opts.functionName ?? 'byok-test',
    getRunningTimeInSeconds: () => Math.ceil(timeoutMs / 1000),
    getVersion: () => 'latest',
    getMemorySize: () => 256,
    getCPUNumber: () => 1,
    getPackage: () => 'default',
    getAlias: () => '',
    getLogger: () => logger,
    getProjectID: () => opts.projectId ?? '',
  };
}

/**
 * Calls a handler the way FunctionGraph does. Middy's types expect an AWS Lambda context, so a middy handler is
 * called through FunctionGraph's signature here rather than cast in every test.
 */
function invoke<TResult = unknown>(handler: unknown, event: unknown, context: FunctionGraphContext): Promise<TResult> {
  return (handler as FunctionGraphHandler<unknown, TResult>)(event, context);
}

export { captureLines, captureLogger, fakeContext, invoke };
export type { CapturedFunctionGraphLogger, CapturedLines, CapturedLogCall, FakeContextOptions };
