/**
 * `npm start` (`byok start`): the main job on the embedded cloud — onboard a few keys from CSMS secrets, then run
 * the renewal timer over simulated weeks and show that no key ever fell into Pending import.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { runDemo } from '../demo.js';
import { CliError, parseCommandArgs, runCommand } from '../args.js';

const USAGE = `usage: byok start [--days N] [--every HOURS] [--data FILE] [--log FILE]

Runs the main job on the embedded cloud (a KMS + CSMS emulator on 127.0.0.1 with a virtual clock):
onboards three keys whose material expires after 1, 7 and 30 days, runs the renewal timer every
HOURS (default 1) for N simulated days (default 30), then checks every key's history.
  --data FILE   the emulator's data file, recreated each run (default .byok/start.db)
  --log FILE    where the functions' JSON log lines go (default .byok/start.log)
Exit code 0 when no key spent any time in Pending import and old data still decrypts.
`;

function positive(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}

async function run(argv: string[]): Promise<number> {
  return runCommand('start', async () => {
    const values = parseCommandArgs(argv, {
      days: { type: 'string' },
      every: { type: 'string' },
      data: { type: 'string' },
      log: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      process.stdout.write(USAGE);
      return 0;
    }
    const days = positive(values.days, 'days', 30, 365);
    const everyHours = positive(values.every, 'every', 1, 24);
    const logFile = values.log ?? '.byok/start.log';
    mkdirSync(dirname(logFile), { recursive: true });
    const logStream = createWriteStream(logFile, { flags: 'w', mode: 0o600 });
    try {
      const healthy = await runDemo({
        dataFile: values.data ?? '.byok/start.db',
        days,
        everyHours,
        log: (line) => void logStream.write(`${line}\n`),
        print: (line) => void process.stdout.write(`${line}\n`),
      });
      process.stdout.write(`${healthy ? 'every key stayed usable' : 'SOME KEY FELL INTO PENDING IMPORT'}; log lines in ${logFile}\n`);
      return healthy ? 0 : 1;
    } finally {
      await new Promise((resolve) => logStream.end(resolve));
    }
  });
}

export { run };
