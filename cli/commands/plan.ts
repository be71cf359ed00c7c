/**
 * `byok plan`: the renewal sweep as a dry run — one row per managed key (alias, key id, state, material expiry,
 * days left, action, reason), changing nothing. Exit code 1 when a key is in Pending import.
 */
import { BACKEND_HELP } from '../backend.js';
import { EXIT_CODES_HELP } from '../exitCodes.js';
import type { KeyReport, SweepResult } from '../../lib/renewal/types.js';
import { RENEW_OPTIONS, runSweepCommand } from './renew.js';

const USAGE = `usage: byok plan [--lead D] [--json] [--verbose]

Show what the renewal timer would do with every managed key (tag byok:managed=true):
renew (expires within the lead), recover (Pending import), skip or drift, and why.
Changes nothing.

  --lead D      renew when the material expires within D (e.g. 10d, 36h);
                default per key: a third of its ttl, at most 10d
  --json        print one JSON object {keys: [...], summary, backend}
  --verbose     write the sweep's log lines (JSON) on stderr
  -h, --help    show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const { lead, json, verbose, help } = RENEW_OPTIONS;
const OPTIONS = { lead, json, verbose, help };

/** The plan's columns, in order. */
function rowOf(k: KeyReport): Record<string, string | number | null> {
  return { alias: k.alias, key_id: k.key_id, state: k.state, expires_at: k.expires_at, days_left: k.days_left, action: k.action, reason: k.reason };
}

function printPlan(result: SweepResult, backend: string, json: boolean): void {
  const rows = result.keys.map(rowOf);
  if (json) {
    process.stdout.write(`${JSON.stringify({ keys: rows, summary: result.summary, backend })}\n`);
    return;
  }
  const header = ['ALIAS', 'KEY ID', 'STATE', 'EXPIRES', 'DAYS', 'ACTION', 'REASON'];
  const cells = rows.map((r) => [r['alias'] || '-', r['key_id'], r['state'], r['expires_at'] ?? (r['state'] === 'PendingImport' ? 'no material' : 'never'), r['days_left'] ?? '-', r['action'], r['reason']].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === header.length - 1 ? 0 : (c[i] ?? '').length))));
  const line = (c: string[]): string => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ');
  const s = result.summary;
  const count = (action: string): number => rows.filter((r) => r['action'] === action).length;
  process.stdout.write(
    [
      line(header),
      ...cells.map(line),
      `${s.scanned} managed keys: ${count('renew')} to renew, ${count('recover')} to recover, ${count('skip')} to skip, ` +
        `${count('drift')} drift; ${backend}`,
    ].join('\n') + '\n',
  );
}

/** Entry point of `byok plan`; returns the exit code. */
async function run(argv: string[]): Promise<number> {
  return runSweepCommand('plan', argv, { dryRun: true, usage: USAGE, flags: OPTIONS, print: printPlan });
}

export { run };
