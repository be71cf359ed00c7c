/**
 * What `byok plan`, `byok renew` and `byok status` share: the sweep's flags (checked by the timer's own schema,
 * each problem said as a sentence naming the flag), the logger (stderr with --verbose, a file with --log), and
 * one sweep over the backend whose failed discovery is the command's failure, never an empty fleet.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Logger } from '../lib/log/Logger.js';
import { MAX_LEAD_SHARE_OF_TTL } from '../lib/renewal/constants.js';
import { RenewalOptionsError, parseRenewalOptions } from '../lib/renewal/options.js';
import type { RawRenewalOptions, RenewalOptions } from '../lib/renewal/options.js';
import { runSweep } from '../lib/renewal/runSweep.js';
import { WINDOW_HINT } from '../lib/renewal/windows.js';
import type { SweepProgress, SweepResult } from '../lib/renewal/types.js';
import { CliError } from './args.js';
import { CLOUD_OPTION } from './backend.js';
import type { Backend } from './backend.js';
import { plural } from './terminalText.js';

const SWEEP_OPTIONS = {
  lead: { type: 'string' },
  mode: { type: 'string' },
  rps: { type: 'string' },
  'max-keys': { type: 'string' },
  concurrency: { type: 'string' },
  window: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  log: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  ...CLOUD_OPTION,
  help: { type: 'boolean', short: 'h' },
} as const;

type SweepFlags = { [K in Exclude<keyof typeof SWEEP_OPTIONS, 'window'>]?: (typeof SWEEP_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string } & {
  window?: string[];
};

const RPS_GROUPS = 'kms_key, kms_import, kms_crypto, kms_tag, csms';

/** What each flag takes, said whole: the schema's own hints may be cut short so as not to echo the value. */
const FLAG_HINTS: Readonly<Record<string, readonly [flag: string, hint: string]>> = {
  lead: ['--lead', 'a duration with its unit, such as 10d or 36h (1h to 3650d)'],
  mode: ['--mode', 'one of auto, in-place, delete-first'],
  rps: ['--rps', `a number of requests per second from 0.1 to 10000, or group=N,... with groups ${RPS_GROUPS}`],
  max_keys: ['--max-keys', 'a whole number from 1 to 1000000'],
  concurrency: ['--concurrency', 'a whole number from 1 to 64'],
  window: ['--window', WINDOW_HINT],
};

/** `5` → 5; `kms_import=2,csms=5` (or kms-import) → `{kms_import: 2, csms: 5}`; the schema checks the rest. */
function parseRps(text: string): unknown {
  if (/^\s*[\d.]+\s*$/.test(text)) return Number(text);
  const rates: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [name, value, ...extra] = part.split('=');
    if (name === undefined || value === undefined || extra.length > 0) throw new CliError(`--rps must be ${FLAG_HINTS['rps']![1]}`);
    rates[name.trim().replace(/-/g, '_')] = Number(value);
  }
  return rates;
}

const integer = (text: string): number => (/^\d{1,9}$/.test(text.trim()) ? Number(text) : Number.NaN);

/** The sweep's raw options from flags. */
function rawOptions(flags: SweepFlags, dryRun: boolean): RawRenewalOptions {
  const raw: Record<string, unknown> = { dry_run: dryRun };
  if (flags.lead !== undefined) raw['lead'] = flags.lead;
  if (flags.mode !== undefined) raw['mode'] = flags.mode;
  if (flags.rps !== undefined) raw['rps'] = parseRps(flags.rps);
  if (flags['max-keys'] !== undefined) raw['max_keys'] = integer(flags['max-keys']);
  if (flags.concurrency !== undefined) raw['concurrency'] = integer(flags.concurrency);
  if (flags.window !== undefined) raw['window'] = flags.window;
  return raw as RawRenewalOptions;
}

/**
 * The sweep's options from flags, validated by the timer's schema (and the cloud's rules: `parse`, see
 * renewalOptionsFor); each problem a sentence naming the flag.
 *
 * @throws {CliError} `--lead must be a duration with its unit, such as 10d or 36h (1h to 3650d)`
 */
function sweepOptionsOf(flags: SweepFlags, dryRun: boolean, parse: (raw: unknown) => RenewalOptions = parseRenewalOptions): RenewalOptions {
  try {
    return parse(rawOptions(flags, dryRun));
  } catch (error) {
    if (!(error instanceof RenewalOptionsError)) throw error;
    const problems = new Set(
      error.issues.map((issue) => {
        const field = issue.path.split(/[.[]/)[0] ?? '';
        const known = FLAG_HINTS[field];
        if (known === undefined) return `${issue.path} is ${issue.problem}`;
        return `${known[0]} must be ${known[1]}`;
      }),
    );
    throw new CliError([...problems].join('; '));
  }
}

/** The logger: JSON lines on stderr with --verbose, appended to a file with --log (for `byok dashboard`), else none. */
function sweepLogger(name: string, flags: Pick<SweepFlags, 'verbose' | 'log'>): { logger: Logger; close: () => Promise<void> } {
  const sinks: ((line: string) => void)[] = [];
  if (flags.verbose === true) sinks.push((line) => void process.stderr.write(`${line}\n`));
  let stream: ReturnType<typeof createWriteStream> | undefined;
  if (flags.log !== undefined) {
    if (flags.log === '') throw new CliError('--log needs a file path');
    mkdirSync(dirname(flags.log), { recursive: true });
    stream = createWriteStream(flags.log, { flags: 'a', mode: 0o600 });
    const file = stream;
    sinks.push((line) => void file.write(`${line}\n`));
  }
  const logger = new Logger({
    level: sinks.length === 0 ? 'error' : flags.verbose === true ? 'debug' : 'info',
    write: (line) => sinks.forEach((sink) => sink(line)),
    fields: { fn: `byok-${name}` },
  });
  const close = (): Promise<void> =>
    new Promise((done) => {
      if (stream === undefined) done();
      else stream.end(done);
    });
  return { logger, close };
}

/**
 * One sweep over the backend. A target whose discovery failed is not an empty fleet: its error (unreachable,
 * credentials refused) is thrown, for the command's exit code 3.
 *
 * @example
 * const result = await sweepOnce(backend, options, { name: 'renew', flags, onProgress: bar.update });
 */
async function sweepOnce(
  backend: Backend,
  options: RenewalOptions,
  how: { name: string; flags: SweepFlags; onProgress?: (progress: SweepProgress) => void },
): Promise<SweepResult> {
  const { logger, close } = sweepLogger(how.name, how.flags);
  const failures: unknown[] = [];
  try {
    const result = await runSweep(options, {
      targets: [{ keys: backend.keys, secrets: backend.secrets, lock: backend.lock }],
      clock: backend.clock,
      logger,
      onProgress: (progress) => {
        if (progress.event === 'target-failed') failures.push(progress.error);
        how.onProgress?.(progress);
      },
    });
    if (failures.length > 0) throw failures[0];
    return result;
  } finally {
    await close();
  }
}

/**
 * A note when an explicit lead was more than a key's cap (half its ttl: a longer lead would renew the key on
 * every sweep), read from the rows' reasons, which give each key's lead; `undefined` when none was capped.
 */
function cappedLeadNote(result: SweepResult, leadMs: number | undefined): string | undefined {
  if (leadMs === undefined) return undefined;
  const leadDays = Math.round((leadMs / 86_400_000) * 100) / 100;
  const capped = result.keys.filter((k) => {
    const shown = /\(lead ([\d.]+)d\)/.exec(k.reason)?.[1];
    return shown !== undefined && Number(shown) < leadDays;
  });
  if (capped.length === 0) return undefined;
  return (
    `note: the lead ${leadDays}d is longer than ${MAX_LEAD_SHARE_OF_TTL * 100}% of the ttl of ${plural(capped.length, 'key')}; ` +
    'their lead was capped at half their ttl (shown in each reason), or every sweep would renew them again'
  );
}

export { SWEEP_OPTIONS, cappedLeadNote, sweepOnce, sweepOptionsOf };
export type { SweepFlags };
