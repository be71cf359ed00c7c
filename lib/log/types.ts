/** Log levels, lowest first. */
const LogLevel = {
  Debug: 'debug',
  Info: 'info',
  Warn: 'warn',
  Error: 'error',
} as const;

type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** Numeric rank per level, for threshold checks. */
const logLevelRank: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Fields a line may carry. The named ones are the dashboard's columns (docs/logs.md#common-fields); anything
 * else is allowed but goes through the same redaction.
 */
interface LogFields {
  fn?: string;
  correlation_id?: string;
  /** FunctionGraph's invocation id. */
  request_id?: string;
  stage?: string;
  key_id?: string;
  alias?: string;
  region?: string;
  state?: string;
  /** ISO-8601 instant the key material expires. */
  expires_at?: string | null;
  days_left?: number | null;
  action?: string;
  outcome?: string;
  error_code?: string;
  retryable?: boolean;
  attempt?: number;
  duration_ms?: number;
  // renewal.summary
  scanned?: number;
  due?: number;
  renewed?: number;
  recovered?: number;
  failed?: number;
  skipped?: number;
  min_days_left?: number | null;
  [field: string]: unknown;
}

export { LogLevel, logLevelRank };
export type { LogFields };
