/**
 * `byok emulator`: serve the embedded Huawei cloud (KMS + CSMS) on 127.0.0.1 until SIGINT or
 * SIGTERM. Prints ONE JSON line on stdout, `{"endpoint","region","project_id","ak","sk"}`, for
 * scripts and tests to read; notices go to stderr.
 */
import { IdentityMismatchError } from '../../emulator/credentials.js';
import { DEFAULT_DATA_FILE, DataFileError, startEmulator } from '../../emulator/index.js';
import type { StartEmulatorOptions } from '../../emulator/index.js';
import { CliError, isCliError, parseCommandArgs, runCommand } from '../args.js';
import { EXIT_CODES_HELP } from '../exitCodes.js';

const USAGE = `usage: byok emulator [--port N] [--data FILE] [--clock real|virtual] [--region R] [--start ISO]

Serve the embedded Huawei cloud (KMS + CSMS, signed like the real one) on 127.0.0.1.
Prints {"endpoint","region","project_id","ak","sk"} as one JSON line, then serves
until SIGINT/SIGTERM.

  --port N        TCP port (default 0: a free port)
  --data FILE     SQLite data file (default ${DEFAULT_DATA_FILE}); keys, secrets and
                  credentials survive restarts
  --clock MODE    real (default) or virtual (moves only via POST /_emulator/clock)
  --region R      region of a new data file (default cn-north-4)
  --start ISO     first virtual time of a new data file (default now)
  -h, --help      show this help

${EXIT_CODES_HELP}`;

const OPTIONS = {
  port: { type: 'string' },
  data: { type: 'string' },
  clock: { type: 'string' },
  region: { type: 'string' },
  start: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const NOTICE =
  'byok emulator: a development tool; its data file stores key material, secrets and credentials UNENCRYPTED (mode 0600)\n';
/** If something still holds the event loop after a clean shutdown, exit anyway after this long. */
const EXIT_GRACE_MS = 2000;

function parseOptions(argv: string[]): StartEmulatorOptions | 'help' {
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
  return options;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Entry point of `byok emulator`; resolves with the exit code once the emulator has stopped. */
async function run(argv: string[]): Promise<number> {
  return runCommand(
    'emulator',
    async () => {
      const options = parseOptions(argv);
      if (options === 'help') {
        process.stdout.write(USAGE);
        return 0;
      }
      process.stderr.write(NOTICE);
      let emulator;
      try {
        emulator = await startEmulator(options);
      } catch (error) {
        if (error instanceof IdentityMismatchError || error instanceof DataFileError) throw new CliError(error.message);
        const code = (error as { code?: unknown }).code;
        if (code === 'EADDRINUSE') throw new CliError(`port ${options.port ?? 0} is already in use`);
        if (code === 'EACCES') throw new CliError('permission denied (port or data file)');
        throw error;
      }
      const { endpoint, region, project_id, ak, sk } = emulator;
      process.stdout.write(`${JSON.stringify({ endpoint, region, project_id, ak, sk })}\n`);
      await waitForSignal();
      await emulator.close();
      // Services close their timers, but a straggler must not keep a stopped emulator alive.
      setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_GRACE_MS).unref();
      return 0;
    },
    { expose: isCliError },
  );
}

export { run };
