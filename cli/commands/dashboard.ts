/**
 * `byok dashboard`: one self-contained HTML page of the fleet drawn from the functions' JSON log lines — written
 * to a file, or served live on 127.0.0.1 (re-reading the logs as they grow).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LogFileError, readDashboardModel, renderDashboardPage, serveDashboard } from '../../lib/dashboard/index.js';
import { CliError, parseCommandArgs, runCommand } from '../args.js';
import { EXIT_CODES_HELP } from '../exitCodes.js';

/** Where `npm start`'s deployed functions write their logs (the embedded FunctionGraph's LTS stand-in). */
const DEFAULT_LOG_DIR = '.byok/emulator.fgs/logs/default';
const DEFAULT_OUT = '.byok/dashboard.html';
const DEFAULT_PORT = 8470;

const USAGE = `usage: byok dashboard [--logs FILE]... [--out FILE] [--serve [PORT]] [--refresh SECONDS]

Draws the fleet from the functions' JSON log lines (one object per line, as FunctionGraph ships
them to LTS): keys by state, minimum days left, the last sweeps, each key's expiry timeline with its
renewals and time in Pending import, throttling and failed tries by error code.

  --logs FILE       a log file; repeat for several, oldest first (default: every *.log in
                    ${DEFAULT_LOG_DIR}, the deployed functions' logs \`npm start\` writes)
  --out FILE        write the page there (default ${DEFAULT_OUT} when not serving)
  --serve [PORT]    serve the page live on 127.0.0.1 (default port ${DEFAULT_PORT}; 0 picks a free one);
                    each load reads what was appended to the logs, and the page refreshes itself
  --refresh SECONDS how often the live page refreshes (default 10)
  -h, --help        show this help

The page is one file with its charting library inside: it loads nothing from the network.
Lines that are not JSON objects, or too long, are skipped and counted on the page.

${EXIT_CODES_HELP}`;

const OPTIONS = {
  logs: { type: 'string', multiple: true },
  out: { type: 'string' },
  serve: { type: 'string' },
  refresh: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FILE_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  'not a file': 'not a regular file',
};

/** `--serve` takes an optional port: a bare `--serve` (last, or before another option) means the default. */
function withServeDefault(argv: string[]): string[] {
  return argv.map((arg, i) => {
    const next = argv[i + 1];
    return arg === '--serve' && (next === undefined || next.startsWith('-')) ? `--serve=${DEFAULT_PORT}` : arg;
  });
}

function integer(value: string, option: string, min: number, max: number): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliError(`--${option} must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/** A LogFileError as one line that names which --logs file, never its path. */
function describeLogError(error: unknown, explicit: boolean): never {
  if (error instanceof LogFileError) {
    if (!explicit && error.reason === 'ENOENT') {
      throw new CliError(`no --logs given and ${DEFAULT_LOG_DIR} holds no logs: run \`npm start\` first, or pass --logs FILE`);
    }
    throw new CliError(`cannot read --logs file ${error.fileIndex + 1}: ${FILE_REASONS[error.reason] ?? error.reason}`);
  }
  throw error;
}

/** The deployed functions' log files of `npm start`; none found reads as a missing file (told as "run npm start"). */
function defaultLogs(): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(DEFAULT_LOG_DIR).filter((name) => name.endsWith('.log')).sort();
  } catch {
    // No folder: the same answer as no files.
  }
  return names.length > 0 ? names.map((name) => join(DEFAULT_LOG_DIR, name)) : [join(DEFAULT_LOG_DIR, 'renew-expiring.log')];
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function run(argv: string[]): Promise<number> {
  return runCommand('dashboard', async () => {
    const values = parseCommandArgs(withServeDefault(argv), OPTIONS);
    if (values.help === true) {
      process.stdout.write(USAGE);
      return 0;
    }
    const explicit = values.logs !== undefined && values.logs.length > 0;
    const logs = explicit ? (values.logs as string[]) : defaultLogs();
    if (logs.some((path) => path === '')) throw new CliError('--logs needs a file path');
    if (values.out === '') throw new CliError('--out needs a file path');
    const port = values.serve === undefined ? undefined : integer(values.serve, 'serve', 0, 65_535);
    const refreshSeconds = values.refresh === undefined ? 10 : integer(values.refresh, 'refresh', 1, 3_600);
    const out = values.out ?? (port === undefined ? DEFAULT_OUT : undefined);

    if (out !== undefined) {
      const model = await readDashboardModel(logs).catch((error: unknown) => describeLogError(error, explicit));
      const page = renderDashboardPage(model);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, page).catch(() => {
        throw new CliError('cannot write the --out file (check the folder exists and is writable)');
      });
      const skipped = Object.values(model.sources.skipped).reduce((a, b) => a + b, 0);
      process.stdout.write(
        `wrote ${out}: ${model.fleet.keys} keys, ${model.fleet.sweeps} sweeps from ${model.sources.lines} lines ` +
          `(${skipped} skipped), ${Math.round(Buffer.byteLength(page) / 1024)} KB\n`,
      );
    }
    if (port === undefined) return 0;

    const server = await serveDashboard({ logs, port, refreshSeconds }).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'EADDRINUSE') {
        throw new CliError(`port ${port} is in use: pass another --serve PORT (0 picks a free one)`);
      }
      return describeLogError(error, explicit);
    });
    process.stdout.write(`dashboard at ${server.url} (reads the logs as they grow; Ctrl-C stops)\n`);
    await waitForSignal();
    await server.close();
    return 0;
  });
}

export { run };
