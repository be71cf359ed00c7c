/**
 * Turns arbitrary values into JSON-safe, bounded, redacted values for log lines. Defence in depth: callers are
 * not supposed to log secrets at all, this is what catches the mistake.
 */

/** The placeholder written instead of a denylisted field's value. */
const REDACTED = '[redacted]';

/** Field names (lower-cased, without `_`, `-`, `.` or spaces) whose value is never written. */
const deniedNames: ReadonlySet<string> = new Set([
  'ak',
  'sk',
  'accesskey',
  'secretkey',
  'secretaccesskey',
  'securityaccesskey',
  'securitysecretkey',
  'secretstring',
  'secretbinary',
  'secretvalue',
  'body',
  'requestbody',
  'responsebody',
]);

/** Name fragments that make any field secret: `import_token`, `x-security-token`, `encrypted_privatekey`, ... */
const deniedFragments: readonly string[] = [
  'token',
  'password',
  'passwd',
  'plaintext',
  'privatekey',
  'authorization',
  'credential',
  'cookie',
  'signature',
];

/** True when a field of this name must be redacted wherever it appears. */
function isSecretFieldName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[\s_.-]/g, '');
  if (deniedNames.has(normalized)) return true;
  // `material`, `key_material`, `encrypted_key_material`; not `material_expires_at`, which is a dashboard field.
  if (normalized.endsWith('material')) return true;
  return deniedFragments.some((fragment) => normalized.includes(fragment));
}

/** Bounds applied while sanitizing. */
interface SanitizeLimits {
  maxStringChars: number;
  maxArrayItems: number;
  maxObjectKeys: number;
  maxDepth: number;
  includeStack: boolean;
}

const defaultSanitizeLimits: SanitizeLimits = {
  maxStringChars: 2_048,
  maxArrayItems: 50,
  maxObjectKeys: 100,
  maxDepth: 8,
  includeStack: false,
};

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…[+${text.length - maxChars} chars]`;
}

/**
 * An Error becomes `{ name, message, code?, retryable? }`: never its `cause` (it may hold a request, a response
 * or a body) and, unless asked, no stack. Stack frames are written without the message line.
 */
function sanitizeError(error: Error, limits: SanitizeLimits): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: truncate(String(error.name), 100),
    message: truncate(String(error.message), Math.min(limits.maxStringChars, 1_024)),
  };
  const { code, retryable } = error as { code?: unknown; retryable?: unknown };
  if (typeof code === 'string' || typeof code === 'number') out['code'] = code;
  if (typeof retryable === 'boolean') out['retryable'] = retryable;
  if (limits.includeStack && typeof error.stack === 'string') {
    const frames = error.stack.split('\n').filter((line) => line.trimStart().startsWith('at '));
    out['stack'] = frames.slice(0, 15).map((frame) => frame.trim());
  }
  return out;
}

function sanitizeValue(value: unknown, limits: SanitizeLimits, depth: number, seen: WeakSet<object>): unknown {
  switch (typeof value) {
    case 'string':
      return truncate(value, limits.maxStringChars);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) return '[circular]';
  if (depth >= limits.maxDepth) return '[depth]';
  // Bytes are the likeliest carrier of key material: only their size is ever written.
  if (ArrayBuffer.isView(object)) return `[binary ${object.byteLength} bytes]`;
  if (object instanceof ArrayBuffer) return `[binary ${object.byteLength} bytes]`;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof Error) return sanitizeError(object, limits);
  if (object instanceof Map || object instanceof Set) return `[${object.constructor.name} ${object.size}]`;
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      const items = object.slice(0, limits.maxArrayItems).map((item) => {
        const clean = sanitizeValue(item, limits, depth + 1, seen);
        return clean === undefined ? null : clean;
      });
      if (object.length > limits.maxArrayItems) items.push(`…[+${object.length - limits.maxArrayItems} items]`);
      return items;
    }
    return sanitizeFields(object as Record<string, unknown>, limits, depth, seen);
  } finally {
    seen.delete(object);
  }
}

/** Sanitizes the own enumerable fields of an object, redacting denylisted names at this level. */
function sanitizeFields(
  fields: Record<string, unknown>,
  limits: SanitizeLimits = defaultSanitizeLimits,
  depth = 0,
  seen: WeakSet<object> = new WeakSet(),
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(fields);
  for (const key of keys.slice(0, limits.maxObjectKeys)) {
    const cleanKey = truncate(key, 128);
    if (isSecretFieldName(key)) {
      out[cleanKey] = REDACTED;
      continue;
    }
    const clean = sanitizeValue(fields[key], limits, depth + 1, seen);
    if (clean !== undefined) out[cleanKey] = clean;
  }
  if (keys.length > limits.maxObjectKeys) out['…'] = `[+${keys.length - limits.maxObjectKeys} fields]`;
  return out;
}

export { REDACTED, defaultSanitizeLimits, isSecretFieldName, sanitizeError, sanitizeFields, truncate };
export type { SanitizeLimits };
