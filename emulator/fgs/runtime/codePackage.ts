/**
 * A function's code: the uploaded zip (or inline source), checked the way FunctionGraph checks it (it opens, it
 * holds the handler's file), its digest, and its unpacked copy beside the data file.
 *
 * Digest: FunctionGraph documents `digest` as "SHA512 hash value of function code" and its examples are 128 hex
 * characters, so the emulator reports the lowercase hex SHA-512 of the package bytes as uploaded (the decoded zip).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { FgsCode, FgsLimits, fgsError, invalid } from '../constants.js';

/** A checked code package. */
interface CodePackage {
  /** Zip bytes (inline source is stored zipped, so the runtime knows one format). */
  zip: Buffer;
  /** Bytes as uploaded (zip, or the inline source). */
  size: number;
  digest: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `index.handler` → `index.js`; `dist/main.run` → `dist/main.js`. */
function handlerFile(handler: string): string {
  return `${handler.slice(0, handler.lastIndexOf('.'))}.js`;
}

function decodeBase64(file: unknown): Buffer {
  if (typeof file !== 'string' || file === '') invalid(FgsCode.CodeRequired, 'The function code must be configured: func_code.file (base64).');
  const compact = file.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) invalid(FgsCode.InvalidCode, 'Invalid function code: func_code.file is not base64.');
  return Buffer.from(compact, 'base64');
}

/** A safe relative path inside the package, or undefined for `..`, absolute paths and directories. */
function safeEntry(name: string): string | undefined {
  if (name.endsWith('/') || name.startsWith('/') || name.includes('\\')) return undefined;
  const normal = normalize(name);
  return normal.startsWith('..') || normal.split(sep).includes('..') ? undefined : normal;
}

function openZip(zip: Buffer): Record<string, Uint8Array> {
  try {
    return unzipSync(zip);
  } catch {
    return invalid(FgsCode.InvalidCode, 'Invalid function code: func_code.file is not a zip archive that opens.');
  }
}

/**
 * Checks `func_code.file` for `code_type` zip or inline against the handler.
 *
 * @example
 * const pkg = readCodePackage('zip', body.func_code?.file, 'index.handler');
 */
function readCodePackage(codeType: string, file: unknown, handler: string): CodePackage {
  const bytes = decodeBase64(file);
  const wanted = handlerFile(handler);
  if (codeType === 'inline') {
    if (bytes.length > FgsLimits.inlineBytes) throw fgsError(413, FgsCode.CodeTooLarge, 'The inline code exceeds 10 KB.');
    const zip = Buffer.from(zipSync({ [wanted]: new Uint8Array(bytes) }));
    return { zip, size: bytes.length, digest: createHash('sha512').update(bytes).digest('hex') };
  }
  if (bytes.length > FgsLimits.zipBytes) throw fgsError(413, FgsCode.CodeTooLarge, 'The code package exceeds 50 MB.');
  const entries = openZip(bytes);
  if (!Object.keys(entries).some((name) => safeEntry(name) === wanted)) {
    invalid(FgsCode.InvalidCode, `Invalid function code: the zip has no ${wanted} at its root for handler ${handler}.`);
  }
  return { zip: bytes, size: bytes.length, digest: createHash('sha512').update(bytes).digest('hex') };
}

/**
 * Unpacks `zip` into `dir` (mode 0700) unless already there; safe against concurrent callers (unpack aside,
 * then rename) and against entries that would escape the folder (skipped).
 */
function unpackOnce(zip: Buffer, dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
  const staging = `${dir}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(staging, { mode: 0o700 });
    for (const [name, data] of Object.entries(unzipSync(zip))) {
      const entry = safeEntry(name);
      if (entry === undefined) continue;
      const target = join(staging, entry);
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, data, { mode: 0o600 });
    }
    renameSync(staging, dir);
  } catch (error) {
    if (!existsSync(dir)) throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export { handlerFile, readCodePackage, unpackOnce };
export type { CodePackage };
