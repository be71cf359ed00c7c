import { defaultSanitizeLimits, sanitizeFields } from './sanitize.js';
import type { SanitizeLimits } from './sanitize.js';
import { LogLevel, logLevelRank } from './types.js';
import type { LogFields } from './types.js';

/** Receives one JSON object, serialized on one line, without the trailing newline. */
type LogWrite = (line: string) => void;

/** Options of {@link Logger}. */
interface LoggerOptions {
  /** Lines below this level are dropped. Default `info`. */
  level?: LogLevel;
  /** Where lines go. Default: stdout, one line each (FunctionGraph ships stdout to LTS). */
  write?: LogWrite;
  /** Clock for `ts`. Default `Date.now`. */
  now?: () => number;
  /** Fields bound to every line of this logger and its children. */
  fields?: LogFields;
  /** Include stack frames (never the message line, never `cause`) when an Error is logged. Default false. */
  includeStack?: boolean;
  /**
   * Upper bound of one line in UTF-8 bytes. Default 64 KiB: FunctionGraph splits lines over 90 KB, which would
   * break the one-object-per-line contract the dashboard reads.
   */
  maxLineBytes?: number;
}

const defaultWrite: LogWrite = (line) => {
  process.stdout.write(`${line}\n`);
};

/** Tighter limits for a second attempt when a line is over budget. */
const compactLimits: SanitizeLimits = { ...defaultSanitizeLimits, maxStringChars: 200, maxArrayItems: 10, maxObjectKeys: 30 };

/**
 * Structured JSON logger: one object per line with `ts`, `level`, `event`, `fn`, `correlation_id` first, then the
 * bound fields, then the call's fields. Denylisted field names are redacted at any depth, Errors are reduced to
 * `{ name, message, code }`, long strings are cut so a line stays below FunctionGraph's split limit.
 *
 * @example
 * const log = new Logger({ level: 'info', fields: { fn: 'import-material' } });
 * const perKey = log.child({ correlation_id: id, key_id: keyId });
 * perKey.info('import.done', { outcome: 'ok', duration_ms: 812 });
 */
class Logger {
  readonly level: LogLevel;
  readonly #write: LogWrite;
  readonly #now: () => number;
  readonly #fields: LogFields;
  readonly #limits: SanitizeLimits;
  readonly #maxLineBytes: number;
  readonly #options: LoggerOptions;

  constructor(options: LoggerOptions = {}) {
    this.#options = options;
    this.level = options.level ?? LogLevel.Info;
    this.#write = options.write ?? defaultWrite;
    this.#now = options.now ?? Date.now;
    this.#fields = options.fields ?? {};
    this.#limits = { ...defaultSanitizeLimits, includeStack: options.includeStack ?? false };
    this.#maxLineBytes = options.maxLineBytes ?? 64 * 1024;
  }

  /** A logger that adds `fields` to every line (children of children accumulate). */
  child(fields: LogFields): Logger {
    return new Logger({ ...this.#options, fields: { ...this.#fields, ...fields } });
  }

  /** Whether a line at `level` would be written. */
  isEnabled(level: LogLevel): boolean {
    return logLevelRank[level] >= logLevelRank[this.level];
  }

  debug(event: string, fields?: LogFields): void {
    this.#log(LogLevel.Debug, event, fields);
  }

  info(event: string, fields?: LogFields): void {
    this.#log(LogLevel.Info, event, fields);
  }

  warn(event: string, fields?: LogFields): void {
    this.#log(LogLevel.Warn, event, fields);
  }

  error(event: string, fields?: LogFields): void {
    this.#log(LogLevel.Error, event, fields);
  }

  #log(level: LogLevel, event: string, fields: LogFields | undefined): void {
    if (!this.isEnabled(level)) return;
    const head = {
      ts: new Date(this.#now()).toISOString(),
      level,
      event: String(event).slice(0, 128),
    };
    const merged: LogFields = { fn: undefined, correlation_id: undefined, ...this.#fields, ...fields };
    this.#write(this.#render(head, merged));
  }

  /** Serializes a line, falling back to tighter limits, then to the head alone, to stay within budget. */
  #render(head: Record<string, string>, fields: LogFields): string {
    for (const limits of [this.#limits, { ...compactLimits, includeStack: false }]) {
      try {
        const body = sanitizeFields(fields, limits);
        // Core fields come first and cannot be overridden by call fields; fn/correlation_id are null when unknown.
        const line = JSON.stringify({
          ...head,
          fn: body['fn'] ?? null,
          correlation_id: body['correlation_id'] ?? null,
          ...body,
          ...head,
        });
        if (Buffer.byteLength(line) <= this.#maxLineBytes) return line;
      } catch {
        // A throwing getter or toJSON: fall through to the minimal line rather than lose the event.
      }
    }
    const fn = typeof fields.fn === 'string' ? fields.fn.slice(0, 128) : null;
    const correlationId = typeof fields.correlation_id === 'string' ? fields.correlation_id.slice(0, 128) : null;
    return JSON.stringify({ ...head, fn, correlation_id: correlationId, truncated: true });
  }
}

/**
 * Parses a level name such as the value of `BYOK_LOG_LEVEL` (read by the function's config, not here).
 * Unknown or empty values give `fallback`.
 */
function parseLogLevel(value: string | undefined, fallback: LogLevel = LogLevel.Info): LogLevel {
  const normalized = value?.trim().toLowerCase();
  return normalized !== undefined && Object.hasOwn(logLevelRank, normalized) ? (normalized as LogLevel) : fallback;
}

export { Logger, parseLogLevel };
export type { LoggerOptions, LogWrite };
