/** The options of `byok start` (`npm start -- ...`), parsed and checked once. */
import { DEFAULT_DATA_FILE } from '../../emulator/index.js';
import { CliError, parseCommandArgs } from '../args.js';
import { EXIT_CODES_HELP } from '../exitCodes.js';

/** Where the live dashboard listens unless told otherwise (the `byok dashboard --serve` default). */
const DEFAULT_DASHBOARD_PORT = 8470;
const MAX_DAYS = 365;
const MIN_SPEED = 0.1;
const MAX_SPEED = 3600;

interface StartOptions {
  /** The embedded cloud's data file (`--data`, else `BYOK_EMULATOR_DATA`, else `.byok/emulator.db`). */
  dataFile: string;
  /** Simulated days to run before stopping with a verdict; undefined = until Ctrl-C. */
  days: number | undefined;
  /** Simulated hours per real second; undefined = as fast as the functions finish (only with `days`). */
  speed: number | undefined;
  /** Port of the live dashboard (0: any free one); only when running until Ctrl-C. */
  dashboardPort: number;
}

const USAGE = `usage: byok start [--once | --days N] [--speed N] [--data FILE] [--dashboard-port N]

The main job, deployed, on the embedded cloud (KMS + CSMS + FunctionGraph on 127.0.0.1, virtual clock):
starts the cloud on the data file, deploys the functions with the serverless plugin (osls; nothing is
uploaded when nothing changed), seeds a demo fleet on the first run (a dozen keys whose material sits in
CSMS, one of them already in Pending import), then moves the clock so the deployed renew-expiring TIMER
renews keys before they expire and recovers the broken one. A live table on a terminal, one JSON object
per tick otherwise. Ctrl-C stops; the next \`npm start\` resumes where it stopped.

  --once              one simulated day, then exit 0 if no key is in Pending import (else 1)
  --days N            N simulated days (1-${MAX_DAYS}), then the same verdict as --once
  --speed N           simulated hours per second (default 1; ${MIN_SPEED}-${MAX_SPEED}); with --once or --days the
                      clock moves as soon as the functions finished unless --speed is given
  --data FILE         the embedded cloud's data file (default BYOK_EMULATOR_DATA or ${DEFAULT_DATA_FILE},
                      the file every other byok command uses)
  --dashboard-port N  the live dashboard's port (default ${DEFAULT_DASHBOARD_PORT}, 0 any free one)
  -h, --help          show this help

${EXIT_CODES_HELP}`;

const OPTIONS = {
  once: { type: 'boolean' },
  days: { type: 'string' },
  speed: { type: 'string' },
  data: { type: 'string' },
  'dashboard-port': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function wholeNumber(value: string, option: string, min: number, max: number): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliError(`--${option} must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/**
 * Parses `argv`; answers `'help'` for `--help`.
 *
 * @throws {CliError} naming the option, never echoing its value
 */
function parseStartOptions(argv: string[], env: Readonly<Record<string, string | undefined>>): StartOptions | 'help' {
  const values = parseCommandArgs(argv, OPTIONS);
  if (values.help === true) return 'help';
  if (values.once === true && values.days !== undefined) throw new CliError('give --once or --days, not both');
  let speed: number | undefined;
  if (values.speed !== undefined) {
    speed = Number(values.speed);
    if (!/^\d+(\.\d+)?$/.test(values.speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
      throw new CliError(`--speed must be a number from ${MIN_SPEED} to ${MAX_SPEED} (simulated hours per second)`);
    }
  }
  const days = values.once === true ? 1 : values.days === undefined ? undefined : wholeNumber(values.days, 'days', 1, MAX_DAYS);
  if (values.data === '') throw new CliError('--data needs a file path');
  return {
    dataFile: values.data ?? (env['BYOK_EMULATOR_DATA']?.trim() || DEFAULT_DATA_FILE),
    days,
    speed: speed ?? (days === undefined ? 1 : undefined),
    dashboardPort: values['dashboard-port'] === undefined ? DEFAULT_DASHBOARD_PORT : wholeNumber(values['dashboard-port'], 'dashboard-port', 0, 65_535),
  };
}

export { USAGE, parseStartOptions };
export type { StartOptions };
