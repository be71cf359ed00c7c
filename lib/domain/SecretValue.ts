/**
 * A sensitive string (secret value, import token, SK, decrypted plaintext) that refuses to be printed:
 * `String(v)`, `JSON.stringify(v)`, template literals and `util.inspect`/`console.log` all give
 * `[redacted]`. Read it on purpose with {@link SecretValue.reveal}.
 *
 * JavaScript strings cannot be zeroed; keep the revealed string's lifetime short and move binary
 * material into a Buffer that is zeroed after use.
 */
class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** Wraps `value` unless it is already a {@link SecretValue}. */
  static from(value: string | SecretValue): SecretValue {
    return value instanceof SecretValue ? value : new SecretValue(value);
  }

  /** The secret itself. Never log or echo what this returns. */
  reveal(): string {
    return this.#value;
  }

  /** Length in UTF-16 units; safe to log. */
  get length(): number {
    return this.#value.length;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'SecretValue([redacted])';
  }
}

/** The plain string of a secret given either wrapped or plain. */
function revealSecret(value: string | SecretValue): string {
  return value instanceof SecretValue ? value.reveal() : value;
}

export { SecretValue, revealSecret };
