/**
 * The one base of every error byok-keeper raises on purpose (style: a base carrying `cause`, typed subclasses per
 * area). A `ByokError`'s message is written for operators: it says what failed and what to do, and never contains
 * key material, a token, a credential or a value a user typed that might be one. So the middlewares, the CLI and
 * the logs may show it as is; anything else that was thrown is shown only by its type.
 */
import type { ErrorKind } from './ErrorKind.js';

/** What every {@link ByokError} carries besides its message and `cause`. */
interface ByokErrorOptions extends ErrorOptions {
  /** A stable code: `BYOK.*` for our own refusals, the provider's code (`KMS.2606`) for a cloud's. */
  code: string;
  /** Whether the same call may succeed later. Default false. */
  retryable?: boolean;
  /** What kind of failure a port call met (set by the adapters; the domain matches on it, never on codes). */
  kind?: ErrorKind;
}

/** Brand shared by every copy of this module (a bundle may hold two): guards check it instead of `instanceof`. */
const BRAND = Symbol.for('byok-keeper.ByokError');

class ByokError extends Error {
  override name = 'ByokError';
  readonly code: string;
  readonly retryable: boolean;
  readonly kind: ErrorKind | undefined;
  /** The message is safe to show (see the module comment). */
  readonly expose = true;

  constructor(message: string, options: ByokErrorOptions) {
    const { code, retryable, kind, ...errorOptions } = options;
    super(message, errorOptions);
    this.code = code;
    this.retryable = retryable ?? false;
    this.kind = kind;
  }

  /** The safe fields, for structured logs (never `cause`: a library's error may hold a request). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, kind: this.kind, retryable: this.retryable, message: this.message };
  }
}

Object.defineProperty(ByokError.prototype, BRAND, { value: true });

/**
 * True for any {@link ByokError}, also one from another copy of this module.
 *
 * @example
 * if (isByokError(error)) process.stderr.write(`${error.message}\n`);
 */
function isByokError(error: unknown): error is ByokError {
  return error instanceof ByokError || (error instanceof Error && (error as unknown as Record<symbol, unknown>)[BRAND] === true);
}

/** A guard for one subclass: its `name`, so it holds across module copies too. */
function isNamedError<T extends ByokError>(name: string): (error: unknown) => error is T {
  return (error: unknown): error is T => isByokError(error) && error.name === name;
}

export { ByokError, isByokError, isNamedError };
export type { ByokErrorOptions };
