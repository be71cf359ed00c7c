/**
 * `byok plan`: the renewal sweep as a dry run — one row per managed key (alias, key id, state, material expiry,
 * days left, action, reason), changing nothing. Exit code 1 when a key is in Pending import.
 */
import type { KeyReport, SweepResult } from '../../lib/renewal/types.js';
import { parseCommandArgs, runCommand } from '../args.js';
import { BACKEND_HELP, parseCloud, renewalOptionsFor } from '../backend.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { renderTable, stdoutOutput } from '../output.js';
import type { Cell, Output } from '../output.js';
import { SWEEP_OPTIONS, cappedLeadNote, sweepOnce, sweepOptionsOf } from '../sweepCommand.js';
import { plural } from '../terminalText.js';
import { exitCodeOf } from './renew.js';

const USAGE = `usage: byok plan [--lead D] [--window W]... [--log FILE] [--json] [--verbose] [--cloud huawei|aws]

Show what the renewal timer would do with every managed key (tag byok:managed=true):
renew (expires within the lead), recover (Pending import), skip or drift, and why.
Changes nothing.

  --lead D      renew when the material expires within D (e.g. 10d, 36h);
                default per key: a third of its ttl, at most 10d; at most half the ttl
  --window W    a maintenance window for delete-first renewals, e.g. "Sun 02:00-04:00 UTC"
                (repeatable): a key whose lead covers fewer than three is warned about
  --log FILE    append the sweep's JSON log lines to FILE (for byok dashboard)
  --json        print one JSON object {keys: [...], summary, backend}
  --verbose     write the sweep's log lines (JSON) on stderr
  --cloud C     huawei or aws (default: as the environment says)
  -h, --help    show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const { lead, window, log, json, verbose, cloud, help } = SWEEP_OPTIONS;
const OPTIONS = { lead, window, log, json, verbose, cloud, help };

/** The plan's columns, in order. */
function rowOf(k: KeyReport): Record<string, string | number | null> {
  return { alias: k.alias, key_id: k.key_id, state: k.state, expires_at: k.expires_at, days_left: k.days_left, action: k.action, reason: k.reason };
}

function printPlan(out: Output, result: SweepResult, backend: string): void {
  const c = out.colors;
  const paint = (action: string): ((text: string) => string) =>
    action === 'recover' ? c.red : action === 'renew' ? c.yellow : action === 'drift' ? c.magenta : (text) => text;
  const cells: Cell[][] = result.keys.map((k) => [
    k.alias,
    k.key_id,
    { text: k.state, paint: k.state === 'PendingImport' ? c.red : (t) => t },
    k.expires_at ?? (k.state === 'PendingImport' ? 'no material' : 'never'),
    k.days_left,
    { text: k.action, paint: paint(k.action) },
    k.reason,
  ]);
  const count = (action: string): number => result.keys.filter((k) => k.action === action).length;
  out.write(renderTable(['ALIAS', 'KEY ID', 'STATE', 'EXPIRES', 'DAYS', 'ACTION', 'REASON'], cells));
  out.write(
    `${plural(result.summary.scanned, 'managed key')}: ${count('renew')} to renew, ${count('recover')} to recover, ` +
      `${count('skip')} to skip, ${count('drift')} drift; ${backend}\n`,
  );
}

/** Entry point of `byok plan`; returns the exit code. */
async function run(argv: string[]): Promise<number> {
  return runCommand('plan', async (session) => {
    const flags = parseCommandArgs(argv, OPTIONS);
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    const cloud = parseCloud(flags.cloud);
    const options = sweepOptionsOf(flags, true, await renewalOptionsFor(cloud));
    const backend = await session.backend({ cloud });
    const result = await sweepOnce(backend, options, { name: 'plan', flags });
    if (flags.json === true) {
      process.stdout.write(`${JSON.stringify({ keys: result.keys.map(rowOf), summary: result.summary, backend: backend.description })}\n`);
    } else {
      printPlan(stdoutOutput(), result, backend.description);
    }
    const note = cappedLeadNote(result, options.leadMs);
    if (note !== undefined) process.stderr.write(`byok plan: ${note}\n`);
    return exitCodeOf(result.summary);
  });
}

export { run };
