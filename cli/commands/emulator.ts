/**
 * `byok emulator`: serve the embedded Huawei cloud (KMS + CSMS + FunctionGraph) on 127.0.0.1 until SIGINT or
 * SIGTERM — or until the npm/npx process that started it is gone — printing `export` lines for a shell (or one
 * JSON object with --json). The secret key is printed only when asked (--print-credentials). `byok emulator
 * clock` reads or moves the clock of the embedded cloud the environment points at.
 */
import { IdentityMismatchError } from '../../emulator/credentials.js';
import { DEFAULT_DATA_FILE, DataFileError, startEmulator } from '../../emulator/index.js';
import type { RunningEmulator, StartEmulatorOptions } from '../../emulator/index.js';
import { CliError, isCliError, parseCommandArgs, runCommand } from '../args.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { runClock } from '../emulatorClock.js';

const USAGE = `usage: byok emulator [--port N] [--data FILE] [--clock real|virtual] [--region R] [--start ISO]
                     [--json] [--print-credentials]
       byok emulator clock [+DURATION | --set ISO] [--json]

Serve the embedded Huawei cloud (KMS, CSMS and FunctionGraph, signed like the real
one) on 127.0.0.1 until Ctrl-C or SIGTERM, and print what a shell needs to talk to it:
  export BYOK_KMS_ENDPOINT=... BYOK_FGS_ENDPOINT=... BYOK_REGION=...
  export HUAWEICLOUD_SDK_PROJECT_ID=... HUAWEICLOUD_SDK_AK=...
  export HUAWEICLOUD_SDK_SK=...        (only with --print-credentials)
The secret key is kept in the data file; it is printed only when asked.

  --port N             TCP port (default 0: a free port)
  --data FILE          SQLite data file (default ${DEFAULT_DATA_FILE}); keys, secrets and
                       credentials survive restarts
  --clock MODE         real (default) or virtual (moves only when told: byok emulator clock)
  --region R           region of a new data file (default cn-north-4)
  --start ISO          first virtual time of a new data file (default now)
  --json               print one JSON object {endpoint, region, project_id, ak[, sk]}
  --print-credentials  include the secret key (sk) in what is printed
  -h, --help           show this help

clock: without an argument, print the clock; +6h, +30d, +90m move a virtual clock
forward; --set ISO sets it (never backwards). It talks to the embedded cloud the
environment selects: a running byok emulator (its exported variables), or the data
file BYOK_EMULATOR_DATA with BYOK_EMULATOR_CLOCK=virtual.

${EXIT_CODES_HELP}`;

const OPTIONS = {
  port: { type: 'string' },
  data: { type: 'string' },
  clock: { type: 'string' },
  region: { type: 'string' },
  start: { type: 'string' },
  json: { type: 'boolean' },
  'print-credentials': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const NOTICE =
  'byok emulator: a development tool; its data file stores key material, secrets and credentials UNENCRYPTED (mode 0600)\n';
/** If something still holds the event loop after a clean shutdown, exit anyway after this long. */
const EXIT_GRACE_MS = 2000;
/** How often a process started by npm/npx checks that its parent is still there. */
const PARENT_POLL_MS = 500;

interface ServeOptions {
  start: StartEmulatorOptions;
  json: boolean;
  printCredentials: boolean;
}

function parseOptions(argv: string[]): ServeOptions | 'help' {
  const values = parseCommandArgs(argv, OPTIONS);
  if (values.help) return 'help';
  const options: StartEmulatorOptions = {};
  if (values.port !== undefined) {
    if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65_535) {
      throw new CliError('--port must be an integer from 0 to 65535');
    }
    options.port = Number(values.port);
  }
  if (values.data !== undefined) {
    if (values.data === '') throw new CliError('--data needs a file path');
    options.dataFile = values.data;
  }
  if (values.clock !== undefined) {
    if (values.clock !== 'real' && values.clock !== 'virtual') throw new CliError('--clock must be real or virtual');
    options.clock = values.clock;
  }
  if (values.region !== undefined) options.region = values.region;
  if (values.start !== undefined) {
    const start = new Date(values.start);
    if (Number.isNaN(start.getTime())) throw new CliError('--start must be an ISO-8601 time');
    options.start = start;
  }
  return { start: options, json: values.json === true, printCredentials: values['print-credentials'] === true };
}

/**
 * Resolves on SIGINT or SIGTERM, or — when npm/npx started this process — once that parent is gone: npm does not
 * always pass a signal on to its child, and an emulator orphaned by a killed `npx` would hold its port forever.
 */
function waitForStop(): Promise<string> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const byNpm = process.env['npm_command'] !== undefined || process.env['npm_execpath'] !== undefined;
    const timer = byNpm ? setInterval(() => process.ppid !== parent && stop('parent-exit'), PARENT_POLL_MS) : undefined;
    function stop(reason: string): void {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (timer !== undefined) clearInterval(timer);
      // A second Ctrl-C during shutdown ends the process at once.
      process.once('SIGINT', () => process.exit(130));
      resolve(reason);
    }
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

const quote = (value: string): string => (/^[A-Za-z0-9_.:/@-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`);

function exportLines(emulator: RunningEmulator, printCredentials: boolean): string {
  const vars: [string, string][] = [
    ['BYOK_KMS_ENDPOINT', emulator.endpoint],
    ['BYOK_FGS_ENDPOINT', emulator.endpoint],
    ['BYOK_REGION', emulator.region],
    ['HUAWEICLOUD_SDK_PROJECT_ID', emulator.project_id],
    ['HUAWEICLOUD_SDK_AK', emulator.ak],
    ...(printCredentials ? ([['HUAWEICLOUD_SDK_SK', emulator.sk]] as [string, string][]) : []),
  ];
  return vars.map(([name, value]) => `export ${name}=${quote(value)}\n`).join('');
}

async function serve(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    process.stdout.write(USAGE);
    return ExitCode.Ok;
  }
  process.stderr.write(NOTICE);
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options.start);
  } catch (error) {
    if (error instanceof IdentityMismatchError || error instanceof DataFileError) throw new CliError(error.message);
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${options.start.port ?? 0} is already in use`);
    if (code === 'EACCES') throw new CliError('permission denied (port or data file)');
    throw error;
  }
  // Listen for signals before printing: a caller that reads the output and signals at once must find them set.
  const stopped = waitForStop();
  const { endpoint, region, project_id, ak, sk } = emulator;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ endpoint, region, project_id, ak, ...(options.printCredentials ? { sk } : {}) })}\n`);
  } else {
    process.stdout.write(exportLines(emulator, options.printCredentials));
  }
  if (!options.printCredentials) {
    process.stderr.write(`byok emulator: HUAWEICLOUD_SDK_SK is not printed (it is in ${emulator.dataFile}); add --print-credentials to include it\n`);
  }
  await stopped;
  // Stops the functions it runs (child processes) before the server: the whole tree goes.
  await emulator.close();
  // Services close their timers, but a straggler must not keep a stopped emulator alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_GRACE_MS).unref();
  return ExitCode.Ok;
}

/** Entry point of `byok emulator`; resolves with the exit code once the emulator has stopped. */
async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'clock') return runClock(argv.slice(1));
  return runCommand('emulator', () => serve(argv), { expose: isCliError });
}

export { run };
