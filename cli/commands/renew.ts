/**
 * `byok renew`: one renewal sweep (the timer's, lib/renewal) in this process against Huawei Cloud or the embedded
 * cloud; prints the sweep summary. `byok plan` is the same sweep as a dry run (plan.ts uses {@link runSweepCommand}).
 *
 * The CLI takes the timer's sweep lock (the backend's, lib/huawei/AliasSweepLock.ts), so `byok renew` during a timer
 * run waits for it and then plans again instead of renewing the same keys; without alias permission it goes on
 * unlocked, each import then preceded by a re-describe (a key the timer renewed is `already-renewed`).
 */
import { Logger } from '../../lib/log/Logger.js';
import { RenewalOptionsError, parseRenewalOptions } from '../../lib/renewal/options.js';
import type { RawRenewalOptions } from '../../lib/renewal/options.js';
import { runSweep } from '../../lib/renewal/runSweep.js';
import type { SweepProgress, SweepResult, SweepSummary } from '../../lib/renewal/types.js';
import { CliError, parseCommandArgs, runCommand } from '../args.js';
import { BACKEND_HELP } from '../backend.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';

const USAGE = `usage: byok renew [--lead D] [--mode auto|in-place|delete-first] [--rps R] [--max-keys N]
                  [--concurrency N] [--dry-run] [--json] [--verbose]

Renew the material of every managed key (tag byok:managed=true) that expires within
the lead, and recover keys in Pending import, as the renew-expiring timer does.

  --lead D          renew when the material expires within D (e.g. 10d, 36h);
                    default per key: a third of its ttl, at most 10d
  --mode M          auto (default: in-place, delete-first if refused), in-place,
                    delete-first
  --rps R           client-side requests/s: one number for every API group, or
                    kms_key=N,kms_import=N,kms_crypto=N,kms_tag=N,csms=N
  --max-keys N      renew at most N keys; the rest are deferred
  --concurrency N   keys renewed at once (default 4)
  --dry-run         print what would be done; change nothing (= byok plan)
  --json            print one JSON object {summary, keys, backend}
  --verbose         write the sweep's log lines (JSON) on stderr
  -h, --help        show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const OPTIONS = {
  lead: { type: 'string' },
  mode: { type: 'string' },
  rps: { type: 'string' },
  'max-keys': { type: 'string' },
  concurrency: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Option fields as the flags that set them. */
const FLAG_OF: Readonly<Record<string, string>> = {
  lead: '--lead',
  mode: '--mode',
  rps: '--rps',
  max_keys: '--max-keys',
  concurrency: '--concurrency',
};

type Flags = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** `5` → 5; `kms_import=2,csms=5` (or kms-import) → `{kms_import: 2, csms: 5}`; the schema checks the rest. */
function parseRps(text: string): unknown {
  if (/^\s*[\d.]+\s*$/.test(text)) return Number(text);
  const rates: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [name, value, ...extra] = part.split('=');
    if (name === undefined || value === undefined || extra.length > 0) throw new CliError('--rps must be a number or group=N,... (see --help)');
    rates[name.trim().replace(/-/g, '_')] = Number(value);
  }
  return rates;
}

const integer = (text: string): number => (/^\d{1,9}$/.test(text.trim()) ? Number(text) : Number.NaN);

/** The sweep's raw options from flags; validated by the timer's own schema, problems named by flag. */
function rawOptions(flags: Flags, dryRun: boolean): RawRenewalOptions {
  const raw: Record<string, unknown> = { dry_run: dryRun };
  if (flags.lead !== undefined) raw['lead'] = flags.lead;
  if (flags.mode !== undefined) raw['mode'] = flags.mode;
  if (flags.rps !== undefined) raw['rps'] = parseRps(flags.rps);
  if (flags['max-keys'] !== undefined) raw['max_keys'] = integer(flags['max-keys']);
  if (flags.concurrency !== undefined) raw['concurrency'] = integer(flags.concurrency);
  return raw as RawRenewalOptions;
}

function optionsOf(raw: RawRenewalOptions): ReturnType<typeof parseRenewalOptions> {
  try {
    return parseRenewalOptions(raw);
  } catch (error) {
    if (!(error instanceof RenewalOptionsError)) throw error;
    const problems = error.issues.map((i) => `${FLAG_OF[i.path.split(/[.[]/)[0] ?? ''] ?? i.path} must be ${i.problem}`);
    throw new CliError(problems.join('; '));
  }
}

/** Exit code 1 when something needs a person: a failure, a key left in Pending import, a target not swept. */
function exitCodeOf(summary: SweepSummary): number {
  return summary.failed > 0 || summary.pending_import > 0 || summary.targets_failed > 0 ? ExitCode.Attention : ExitCode.Ok;
}

/**
 * Parses flags, opens the backend, runs one sweep and hands the result to `print`; answers the exit code.
 *
 * @example
 * return runSweepCommand('plan', argv, { dryRun: true, usage: PLAN_USAGE, print: printPlan });
 */
async function runSweepCommand(
  name: string,
  argv: string[],
  how: { dryRun?: boolean; usage: string; flags?: typeof OPTIONS | Partial<typeof OPTIONS>; print: (result: SweepResult, backend: string, json: boolean) => void },
): Promise<number> {
  return runCommand(name, async (session) => {
    const flags = parseCommandArgs(argv, (how.flags ?? OPTIONS) as typeof OPTIONS) as Flags;
    if (flags.help === true) {
      process.stdout.write(how.usage);
      return ExitCode.Ok;
    }
    const options = optionsOf(rawOptions(flags, how.dryRun === true || flags['dry-run'] === true));
    const backend = await session.backend();
    const verbose = flags.verbose === true;
    const logger = new Logger({
      level: verbose ? 'debug' : 'error',
      write: verbose ? (line) => void process.stderr.write(`${line}\n`) : () => {},
      fields: { fn: `byok-${name}` },
    });
    // A target whose discovery failed is not an empty fleet: its error (unreachable, credentials refused) is the
    // command's failure, with its own exit code, instead of a table of nothing.
    const failures: unknown[] = [];
    const onProgress = (progress: SweepProgress): void => {
      if (progress.event === 'target-failed') failures.push(progress.error);
    };
    const target = { keys: backend.keys, secrets: backend.secrets, lock: backend.lock };
    const result = await runSweep(options, { targets: [target], clock: backend.clock, logger, onProgress });
    if (failures.length > 0) throw failures[0];
    how.print(result, backend.description, flags.json === true);
    return exitCodeOf(result.summary);
  });
}

function printSummary(result: SweepResult, backend: string, json: boolean): void {
  const { summary } = result;
  const attention = result.keys.filter((k) => k.outcome === 'failed' || k.outcome === 'deferred');
  if (json) {
    process.stdout.write(`${JSON.stringify({ summary, keys: attention, backend })}\n`);
    return;
  }
  const s = summary;
  const lines = [
    `${s.dry_run ? 'would renew' : 'renewed'} ${s.dry_run ? s.due : s.renewed}, recovered ${s.recovered}, failed ${s.failed}, deferred ${s.deferred}, ` +
      `already renewed ${s.already_renewed}, skipped ${s.skipped}, drift ${s.drift} (scanned ${s.scanned}, due ${s.due}) in ${s.duration_ms} ms`,
    `min days left: ${s.min_days_left ?? 'n/a'}; keys in Pending import: ${s.pending_import}; backend: ${backend}`,
    ...attention.map((k) => `${k.outcome} ${k.alias || '-'} ${k.key_id} ${k.error_code ?? ''}: ${k.error_message ?? k.reason}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Entry point of `byok renew`; returns the exit code. */
async function run(argv: string[]): Promise<number> {
  return runSweepCommand('renew', argv, { usage: USAGE, print: printSummary });
}

export { OPTIONS as RENEW_OPTIONS, exitCodeOf, run, runSweepCommand };
