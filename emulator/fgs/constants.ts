/**
 * FunctionGraph's limits, enumerations and error codes as its API reference states them ("Creating a Function",
 * "Creating a Trigger", "Error Codes"). The emulator runs Node.js functions only.
 */
import { WireError } from '../types.js';

/** The Node.js runtimes FunctionGraph offers (the SDK enum stops at 18.15; 20.15 and 22.18 are on Huawei's sites). */
const NODE_RUNTIMES: ReadonlySet<string> = new Set([
  'Node.js6.10',
  'Node.js8.10',
  'Node.js10.16',
  'Node.js12.13',
  'Node.js14.18',
  'Node.js16.17',
  'Node.js18.15',
  'Node.js20.15',
  'Node.js22.18',
]);

/** The memory sizes a function may have, in MB. */
const MEMORY_SIZES_MB: ReadonlySet<number> = new Set([
  128, 256, 512, 768, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096,
]);

const FgsLimits = {
  timeoutMinSeconds: 3,
  timeoutMaxSeconds: 259_200,
  /** Synchronous invocations end at 900 s whatever the function's timeout. */
  syncTimeoutMaxSeconds: 900,
  funcNameMaxChars: 60,
  handlerMinChars: 3,
  handlerMaxChars: 128,
  descriptionMaxChars: 512,
  userDataEntries: 20,
  userDataChars: 4096,
  /** Decoded code package. */
  zipBytes: 50 * 1024 * 1024,
  inlineBytes: 10 * 1024,
  asyncBodyBytes: 256 * 1024,
  listDefaultItems: 400,
  listMaxItems: 400,
  triggersPerFunction: 10,
  /** The sync `log` field and `X-Cff-Log-Type: tail`: "4 KB logs". */
  logTailBytes: 4096,
} as const;

/** CPU millicores FunctionGraph reports for a memory size (its examples: 300 for 128 MB; proportional). */
function cpuForMemory(memoryMb: number): number {
  return Math.round((memoryMb / 128) * 300);
}

/** FunctionGraph's flat codes used by the emulator (API reference, "Error Codes"). */
const FgsCode = {
  InvalidParameter: 'FSS.0400',
  NotFound: 'FSS.0404',
  Conflict: 'FSS.0409',
  TooLarge: 'FSS.0413',
  Internal: 'FSS.0500',
  Unavailable: 'FSS.0503',
  InvalidFunctionName: 'FSS.1002',
  InvalidHandler: 'FSS.1003',
  InvalidPackage: 'FSS.1004',
  InvalidRuntime: 'FSS.1005',
  InvalidCodeType: 'FSS.1006',
  InvalidMemory: 'FSS.1007',
  InvalidTimeout: 'FSS.1008',
  InvalidUserData: 'FSS.1009',
  InvalidCode: 'FSS.1011',
  CodeRequired: 'FSS.1012',
  TooManyUserData: 'FSS.1017',
  DescriptionTooLong: 'FSS.1019',
  FunctionNotFound: 'FSS.1051',
  VersionNotFound: 'FSS.1052',
  FunctionExists: 'FSS.1061',
  CodeTooLarge: 'FSS.1071',
  InvalidTriggerType: 'FSS.1101',
  InvalidSmnTrigger: 'FSS.1102',
  InvalidTimerTrigger: 'FSS.1109',
  TriggerNotFound: 'FSS.1131',
  SmnTriggerExists: 'FSS.1141',
  TimerTriggerExists: 'FSS.1148',
  TooManyTriggers: 'FSS.1306',
  InvalidFunctionUrn: 'FSS.1309',
  InvalidTriggerOperation: 'FSS.1318',
} as const;

/** A FunctionGraph error, rendered flat: `{"error_code":"FSS.xxxx","error_msg":"..."}`. */
function fgsError(status: number, code: string, message: string): WireError {
  return new WireError(status, code, message);
}

/** 400 with the given FunctionGraph code; messages name the field, never echo a value that might be secret. */
function invalid(code: string, message: string): never {
  throw fgsError(400, code, message);
}

export { FgsCode, FgsLimits, MEMORY_SIZES_MB, NODE_RUNTIMES, cpuForMemory, fgsError, invalid };
