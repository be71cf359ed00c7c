/**
 * Checks the bodies of create-function and update-function-config as FunctionGraph does: each failure is its
 * documented code (FSS.1002 name, FSS.1003 handler, FSS.1005 runtime, FSS.1007 memory, FSS.1008 timeout,
 * FSS.1009/1017 user data, FSS.1019 description), naming the field and never echoing a value.
 */
import { FgsCode, FgsLimits, MEMORY_SIZES_MB, NODE_RUNTIMES, invalid } from './constants.js';

/** The settings both create and update-config carry. */
interface FunctionSettings {
  runtime: string;
  handler: string;
  memorySize: number;
  timeout: number;
  userData: string | null;
  encryptedUserData: string | null;
  xrole: string | null;
  appXrole: string | null;
  description: string;
}

const FUNC_NAME = /^[A-Za-z](?:[A-Za-z0-9_-]{0,58}[A-Za-z0-9])?$/;
const PACKAGE = /^[A-Za-z0-9_-]{1,64}$/;
/** `file.export`; the file part may have folders (`dist/index.handler`). */
const HANDLER = /^[A-Za-z0-9_./-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/;
const USER_DATA_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Names FunctionGraph presets in a function's environment; user data may not reuse them. */
const PRESET = /^RUNTIME_/;

function optionalString(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') invalid(FgsCode.InvalidParameter, `Invalid parameter: ${field} must be a string.`);
  return value;
}

function parseFuncName(value: unknown): string {
  if (typeof value !== 'string' || !FUNC_NAME.test(value)) {
    invalid(FgsCode.InvalidFunctionName, 'Invalid function name: func_name is 1 to 60 letters, digits, - and _, starting with a letter and ending with a letter or digit.');
  }
  return value;
}

function parsePackage(value: unknown): string {
  if (typeof value !== 'string' || !PACKAGE.test(value)) {
    invalid(FgsCode.InvalidPackage, 'Invalid package: package is 1 to 64 letters, digits, - and _ (e.g. default).');
  }
  return value;
}

/**
 * `user_data` / `encrypted_user_data`: a JSON object of string values, at most 20 keys (letters, digits and _,
 * starting with a letter; no `RUNTIME_*`), 4096 characters in all.
 */
function parseUserData(field: string, raw: string | null): string | null {
  if (raw === null || raw === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return invalid(FgsCode.InvalidUserData, `Invalid function UserData: ${field} must be a JSON object of strings.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    invalid(FgsCode.InvalidUserData, `Invalid function UserData: ${field} must be a JSON object of strings.`);
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > FgsLimits.userDataEntries) {
    invalid(FgsCode.TooManyUserData, `The number of items in ${field} exceeds the maximum allowed limit (${FgsLimits.userDataEntries}).`);
  }
  let chars = 0;
  for (const [key, value] of entries) {
    if (!USER_DATA_KEY.test(key) || PRESET.test(key)) {
      invalid(FgsCode.InvalidUserData, `Invalid function UserData: ${field} keys are letters, digits and _, start with a letter, and are not RUNTIME_*.`);
    }
    if (typeof value !== 'string') invalid(FgsCode.InvalidUserData, `Invalid function UserData: every ${field} value must be a string.`);
    chars += key.length + value.length;
  }
  if (chars > FgsLimits.userDataChars) {
    invalid(FgsCode.InvalidUserData, `Invalid function UserData: ${field} keys and values exceed ${FgsLimits.userDataChars} characters.`);
  }
  return raw;
}

/** Runtime, handler, memory, timeout, user data, agencies, description. */
function parseSettings(body: Record<string, unknown>): FunctionSettings {
  const { runtime, handler, memory_size: memory, timeout } = body;
  if (typeof runtime !== 'string' || !NODE_RUNTIMES.has(runtime)) {
    invalid(FgsCode.InvalidRuntime, `Invalid runtime: the emulator runs ${[...NODE_RUNTIMES].join(', ')}.`);
  }
  if (
    typeof handler !== 'string' ||
    handler.length < FgsLimits.handlerMinChars ||
    handler.length > FgsLimits.handlerMaxChars ||
    !HANDLER.test(handler) ||
    handler.split('/').includes('..')
  ) {
    invalid(FgsCode.InvalidHandler, 'Invalid function handler: handler is "<file>.<export>" (3 to 128 characters), e.g. index.handler.');
  }
  if (typeof memory !== 'number' || !MEMORY_SIZES_MB.has(memory)) {
    invalid(FgsCode.InvalidMemory, `Invalid function memory: memory_size is one of ${[...MEMORY_SIZES_MB].join(', ')} (MB).`);
  }
  if (!Number.isInteger(timeout) || (timeout as number) < FgsLimits.timeoutMinSeconds || (timeout as number) > FgsLimits.timeoutMaxSeconds) {
    invalid(FgsCode.InvalidTimeout, `Invalid function timeout: timeout is an integer from ${FgsLimits.timeoutMinSeconds} to ${FgsLimits.timeoutMaxSeconds} (s).`);
  }
  const description = optionalString(body, 'description') ?? '';
  if (description.length > FgsLimits.descriptionMaxChars) {
    invalid(FgsCode.DescriptionTooLong, `The description exceeds the maximum allowed limit (${FgsLimits.descriptionMaxChars} characters).`);
  }
  return {
    runtime,
    handler,
    memorySize: memory,
    timeout: timeout as number,
    userData: parseUserData('user_data', optionalString(body, 'user_data')),
    encryptedUserData: parseUserData('encrypted_user_data', optionalString(body, 'encrypted_user_data')),
    xrole: optionalString(body, 'xrole'),
    appXrole: optionalString(body, 'app_xrole'),
    description,
  };
}

/** `code_type` and `func_code.file`; only zip and inline packages can run here. */
function parseCodeSource(body: Record<string, unknown>): { codeType: string; file: unknown } {
  const codeType = body.code_type;
  if (codeType !== 'zip' && codeType !== 'inline') {
    invalid(FgsCode.InvalidCodeType, 'Invalid function code entry mode: the emulator accepts code_type zip or inline (with func_code.file).');
  }
  const funcCode = body.func_code;
  const file = typeof funcCode === 'object' && funcCode !== null ? (funcCode as Record<string, unknown>).file : undefined;
  return { codeType, file };
}

export { optionalString, parseCodeSource, parseFuncName, parsePackage, parseSettings, parseUserData };
export type { FunctionSettings };
