/** `byok status`: every managed key, most urgent first, and the unmanaged external keys in Pending import. */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseCommandArgs, runCommand } from '../args.js';
import { BACKEND_HELP, takeCloud } from '../backend.js';
import type { Backend } from '../backend.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { ORPHAN_ADVICE, fleetStatus, orphans } from '../fleetStatus.js';
import type { Orphan, StatusRow } from '../fleetStatus.js';
import { renderTable, stdoutOutput } from '../output.js';
import type { Cell, Output } from '../output.js';
import { CliError } from '../args.js';
import { sweepOptionsOf } from '../sweepCommand.js';
import { plural } from '../terminalText.js';

const USAGE = `usage: byok status [--alias A] [--lead D] [--watch [SECONDS]] [--json]

Every managed key, most urgent first: alias, key id, state, material expiry, days
left, last import (renewal), next action, fingerprint tag. On a terminal, red marks
a key in Pending import or already expired, yellow a key due for renewal. Then the
external keys in Pending import that carry no byok: tag (orphans), with what to do.

  --alias A         only the keys onboarded under alias A
  --lead D          the lead to judge "due" by (default per key: a third of its ttl, at most 10d)
  --watch [SECONDS] redraw every SECONDS (default 10) until Ctrl-C
  --json            print one JSON object {keys, orphans, backend}
  --cloud C         huawei or aws (default: as the environment says)
  -h, --help        show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const OPTIONS = {
  alias: { type: 'string' },
  lead: { type: 'string' },
  watch: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function paintOf(out: Output, row: StatusRow): (text: string) => string {
  if (row.state === 'PendingImport' || (row.days_left !== null && row.days_left <= 0)) return out.colors.red;
  if (row.action === 'renew' || row.action === 'recover') return out.colors.yellow;
  return (text) => text;
}

function render(out: Output, rows: StatusRow[], found: Orphan[], backend: string): string {
  const cells = rows.map((r): Cell[] => {
    const paint = paintOf(out, r);
    return [r.alias, r.key_id, { text: r.state, paint }, r.expires_at ?? (r.state === 'PendingImport' ? 'no material' : 'never'), { text: r.days_left, paint }, r.last_import, { text: `${r.action}: ${r.reason}`, paint }, r.fingerprint];
  });
  let text = renderTable(['ALIAS', 'KEY ID', 'STATE', 'EXPIRES', 'DAYS', 'LAST IMPORT', 'NEXT', 'FINGERPRINT'], cells);
  const pending = rows.filter((r) => r.state === 'PendingImport').length;
  text += `${plural(rows.length, 'managed key')}, ${pending} in Pending import; ${backend}\n`;
  if (found.length > 0) {
    text += `\n${plural(found.length, 'orphan')}: external ${found.length === 1 ? 'key' : 'keys'} in Pending import with no byok: tag (${ORPHAN_ADVICE})\n`;
    text += renderTable(['KEY ID', 'NAME', 'CREATED'], found.map((o) => [o.key_id, o.name, o.created_at]));
  }
  return text;
}

async function snapshot(backend: Backend, leadMs: number | undefined, alias: string | undefined): Promise<{ rows: StatusRow[]; found: Orphan[] }> {
  const rows = await fleetStatus(backend, { leadMs, alias });
  return { rows, found: alias === undefined ? await orphans(backend) : [] };
}

/** Entry point of `byok status`; returns the exit code. */
async function run(given: string[]): Promise<number> {
  const { cloud, argv } = takeCloud(given);
  return runCommand('status', async (session) => {
    const watchGiven = argv.findIndex((a) => a === '--watch');
    const next = argv[watchGiven + 1];
    const args = watchGiven !== -1 && (next === undefined || next.startsWith('-')) ? argv.map((a, i) => (i === watchGiven ? '--watch=10' : a)) : argv;
    const flags = parseCommandArgs(args, OPTIONS);
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    const leadMs = sweepOptionsOf({ lead: flags.lead }, true).leadMs;
    let everySeconds: number | undefined;
    if (flags.watch !== undefined) {
      if (!/^\d{1,4}$/.test(flags.watch) || Number(flags.watch) < 1) throw new CliError('--watch must be a whole number of seconds from 1 to 9999');
      everySeconds = Number(flags.watch);
    }
    const backend = await session.backend({ cloud });
    const out = stdoutOutput();
    for (;;) {
      const { rows, found } = await snapshot(backend, leadMs, flags.alias);
      if (flags.json === true) out.write(`${JSON.stringify({ keys: rows, orphans: found, backend: backend.description })}\n`);
      else out.write(`${everySeconds !== undefined && out.tty ? '\u001b[2J\u001b[H' : ''}${render(out, rows, found, backend.description)}`);
      if (everySeconds === undefined) return rows.some((r) => r.state === 'PendingImport') ? ExitCode.Attention : ExitCode.Ok;
      await sleep(everySeconds * 1000);
    }
  });
}

export { run };
