/**
 * `byok renew`: one renewal sweep (the timer's, lib/renewal) in this process against Huawei Cloud or the embedded
 * cloud: a progress bar on a terminal, then a table of what was done per key and the summary.
 *
 * The CLI takes the timer's sweep lock (the backend's, lib/huawei/AliasSweepLock.ts), so `byok renew` during a timer
 * run waits for it and then plans again instead of renewing the same keys; without alias permission it goes on
 * unlocked, each import then preceded by a re-describe (a key the timer renewed is `already-renewed`).
 */
import { MultiBar, Presets } from 'cli-progress';
import type { SingleBar } from 'cli-progress';
import type { KeyReport, SweepProgress, SweepResult, SweepSummary } from '../../lib/renewal/types.js';
import { parseCommandArgs, runCommand } from '../args.js';
import { BACKEND_HELP, parseCloud, renewalOptionsFor } from '../backend.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { renderTable, stdoutOutput } from '../output.js';
import type { Cell, Output } from '../output.js';
import { SWEEP_OPTIONS, cappedLeadNote, sweepOnce, sweepOptionsOf } from '../sweepCommand.js';
import { plural } from '../terminalText.js';

const USAGE = `usage: byok renew [--lead D] [--mode auto|in-place|delete-first] [--rps R] [--max-keys N]
                  [--concurrency N] [--window W]... [--dry-run] [--log FILE] [--json] [--verbose] [--cloud huawei|aws]

Renew the material of every managed key (tag byok:managed=true) that expires within
the lead, and recover keys in Pending import, as the renew-expiring timer does. On a
terminal a progress bar shows keys done, rate and time left; then a table says what
was done to each due key.

  --lead D          renew when the material expires within D (e.g. 10d, 36h);
                    default per key: a third of its ttl, at most 10d; at most half the ttl
  --mode M          auto (default: in-place, delete-first if refused), in-place,
                    delete-first
  --rps R           client-side ceiling in requests/s (the sweep finds the cloud's limit
                    under it): one number for every API group, or
                    kms_key=N,kms_import=N,kms_crypto=N,kms_tag=N,csms=N
  --max-keys N      renew at most N keys; the rest are deferred
  --concurrency N   keys renewed at once (default 4)
  --window W        start delete-first renewals only inside this weekly window, e.g.
                    "Sun 02:00-04:00 UTC" (repeatable; in-place renewals and recoveries
                    run any time; a key that would expire before the next window is renewed now)
  --dry-run         print what would be done; change nothing (= byok plan)
  --log FILE        append the sweep's JSON log lines to FILE (for byok dashboard)
  --json            print one JSON object {summary, keys, backend}: every key, its outcome
  --verbose         write the sweep's log lines (JSON) on stderr
  --cloud C         huawei or aws (default: as the environment says; aws renews in place only)
  -h, --help        show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

/**
 * Exit code 1 when something needs a person: a failure, a key left in Pending import or deferred (another sweep's
 * lock, the key limit), a target not swept or a page of it not read — the summary's `complete` is false.
 */
function exitCodeOf(summary: SweepSummary): number {
  const attention = !summary.complete;
  return attention ? ExitCode.Attention : ExitCode.Ok;
}

/** A progress bar on stderr while keys are renewed; nothing when stderr is not a terminal. */
function progressBar(): { onProgress: (progress: SweepProgress) => void; stop: () => void } {
  if (process.stderr.isTTY !== true) return { onProgress: () => {}, stop: () => {} };
  const bars = new MultiBar(
    { stream: process.stderr, format: 'renewing {bar} {value}/{total} keys | {rate} keys/s | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true, etaBuffer: 20 },
    Presets.shades_classic,
  );
  let bar: SingleBar | undefined;
  let done = 0;
  const startedMs = Date.now();
  const rate = (done: number): string => (done / Math.max(0.001, (Date.now() - startedMs) / 1000)).toFixed(1);
  return {
    onProgress: (progress) => {
      if (progress.event === 'lock-wait') bars.log("waiting for another sweep's lock (alias/byok-keeper-sweep-lock)...\n");
      // The sweep reads the fleet page by page: each page adds its due keys to the total.
      if (progress.event === 'planned' && progress.due > 0) {
        if (bar === undefined) bar = bars.create(progress.due, 0, { rate: '0.0' });
        else bar.setTotal(bar.getTotal() + progress.due);
      }
      if (progress.event === 'key-done' && bar !== undefined) {
        done += 1;
        bar.update(done, { rate: rate(done) });
      }
    },
    stop: () => bars.stop(),
  };
}

function outcomeCell(out: Output, k: KeyReport): Cell {
  const c = out.colors;
  const paint = k.outcome === 'failed' ? c.red : k.outcome === 'renewed' || k.outcome === 'recovered' ? c.green : k.outcome === 'deferred' ? c.yellow : (t: string) => t;
  return { text: k.outcome, paint };
}

function printResult(out: Output, result: SweepResult, backend: string): void {
  const s = result.summary;
  const acted = result.keys.filter((k) => k.outcome !== 'skipped' && k.outcome !== 'drift');
  if (acted.length > 0) {
    const rows = acted.map((k): Cell[] => [
      k.alias,
      k.key_id,
      outcomeCell(out, k),
      k.new_expires_at === undefined ? k.expires_at ?? '-' : k.new_expires_at ?? 'never',
      k.outcome === 'failed' || k.outcome === 'deferred' ? `${k.error_code ?? ''}: ${k.error_message ?? k.reason}` : k.reason,
    ]);
    out.write(renderTable(['ALIAS', 'KEY ID', 'OUTCOME', 'EXPIRES', 'DETAIL'], rows));
  }
  const lines = [
    `${s.dry_run ? 'would renew' : 'renewed'} ${s.dry_run ? s.due : s.renewed}, recovered ${s.recovered}, failed ${s.failed}, deferred ${s.deferred}, ` +
      `already renewed ${s.already_renewed}, skipped ${s.skipped}, drift ${s.drift} (${plural(s.scanned, 'managed key')}, ${s.due} due) in ${s.duration_ms} ms`,
    `min days left: ${s.min_days_left ?? 'n/a'}; keys in Pending import: ${s.pending_import}; backend: ${backend}`,
  ];
  if (s.lock.includes('waited')) lines.push("waited for another sweep's lock (alias/byok-keeper-sweep-lock), then planned again");
  if (s.lock.includes('busy')) lines.push("another sweep held the lock the whole time: renewals were deferred to it (keys in Pending import were recovered)");
  out.write(`${lines.join('\n')}\n`);
}

/** Entry point of `byok renew`; returns the exit code. */
async function run(argv: string[]): Promise<number> {
  return runCommand('renew', async (session) => {
    const flags = parseCommandArgs(argv, SWEEP_OPTIONS);
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    const cloud = parseCloud(flags.cloud);
    const options = sweepOptionsOf(flags, flags['dry-run'] === true, await renewalOptionsFor(cloud));
    const backend = await session.backend({ cloud });
    const bar = flags.json === true ? { onProgress: () => {}, stop: () => {} } : progressBar();
    let result: SweepResult;
    try {
      result = await sweepOnce(backend, options, { name: 'renew', flags, onProgress: bar.onProgress });
    } finally {
      bar.stop();
    }
    if (flags.json === true) {
      process.stdout.write(`${JSON.stringify({ summary: result.summary, keys: result.keys, backend: backend.description })}\n`);
    } else {
      printResult(stdoutOutput(), result, backend.description);
    }
    const note = cappedLeadNote(result, options.leadMs);
    if (note !== undefined) process.stderr.write(`byok renew: ${note}\n`);
    return exitCodeOf(result.summary);
  });
}

export { exitCodeOf, run };
