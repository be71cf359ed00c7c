/**
 * The renewal sweep (docs/architecture.md#renewal, docs/renewal.md): per target, stream the managed keys page by
 * page, recover the keys in Pending import, then — unless dry run — take the sweep lock at the first due renewal,
 * renew the due keys and release the lock (lib/renewal/TargetSweep.ts); then one `renewal.summary` line. Per-key
 * failures never stop the sweep; a target that fails is counted in `targets_failed` and the next target goes on.
 */
import { newCorrelationId } from '../domain/ids.js';
import { sleep as defaultSleep } from '../retry.js';
import { PortGate } from './PortGate.js';
import type { RenewalOptions } from './options.js';
import { logKeyReport } from './report.js';
import type { SweepRun } from './sweepRun.js';
import { ALL_ROWS, SweepTally } from './SweepTally.js';
import { TargetSweep } from './TargetSweep.js';
import type { LockStatus, SweepDeps, SweepResult, SweepTuning } from './types.js';

/** Defaults of {@link SweepTuning}. */
const DEFAULT_TUNING: Readonly<SweepTuning> = {
  reserveMs: 10_000,
  tokenMarginMs: 300_000,
  keyRetryBaseMs: 500,
  keyRetryMaxMs: 5_000,
  lockPollMaxMs: 2_000,
  rescueAttempts: 5,
};

/** The error of a failed target, as a log line's fields (code and message only when it is one of ours). */
function targetFailure(error: unknown): { error_code: string; message: string | undefined } {
  const fields = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
  return {
    error_code: typeof fields.code === 'string' ? fields.code.slice(0, 64) : 'BYOK.INTERNAL',
    message: typeof fields.code === 'string' && typeof fields.message === 'string' ? fields.message.slice(0, 500) : undefined,
  };
}

/**
 * Runs one sweep over every target in `deps.targets`.
 *
 * @example
 * const { summary, keys } = await runSweep(parseRenewalOptions({ mode: 'auto' }), {
 *   targets: [{ keys, secrets, lock: new AliasSweepLock(kms.aliases, keys), region: 'cn-north-4' }],
 *   clock, logger, deadlineAtMs: Date.now() + context.getRemainingTimeInMilliSeconds() - 5_000,
 * });
 */
async function runSweep(options: RenewalOptions, given: SweepDeps): Promise<SweepResult> {
  const correlationId = given.correlationId ?? newCorrelationId();
  // Every line of the sweep carries its correlation id, whoever built the logger.
  const deps: SweepDeps = { ...given, logger: given.logger.child({ correlation_id: correlationId }) };
  const { logger } = deps;
  const tally = new SweepTally(deps.rows ?? ALL_ROWS, deps.clock.now().getTime());
  const run: SweepRun = {
    deps,
    options,
    tuning: { ...DEFAULT_TUNING, ...deps.tuning },
    correlationId,
    nowMs: deps.nowMs ?? Date.now,
    elapsedMs: deps.elapsedMs ?? (() => performance.now()),
    sleep: deps.sleep ?? defaultSleep,
    random: deps.random ?? Math.random,
    deadlineAtMs: deps.deadlineAtMs ?? Number.POSITIVE_INFINITY,
    budget: { remaining: options.maxKeys ?? Number.POSITIVE_INFINITY },
    slowestKeyMs: 0,
    tally,
    report: (report) => {
      run.slowestKeyMs = Math.max(run.slowestKeyMs, report.duration_ms);
      logKeyReport(logger, report);
      tally.add(report);
      deps.onReport?.(report);
    },
  };
  const startedMs = run.elapsedMs();
  logger.info('renewal.start', { targets: deps.targets.length, mode: options.mode, dry_run: options.dryRun, concurrency: options.concurrency });
  const locks: LockStatus[] = [];
  const gates: PortGate[] = [];
  let targetsFailed = 0;
  let scanComplete = true;
  for (const target of deps.targets) {
    const gate = new PortGate({ rps: options.rps, nowMs: run.elapsedMs, sleep: run.sleep });
    gates.push(gate);
    try {
      const outcome = await new TargetSweep(run, target, gate).run();
      locks.push(outcome.lock);
      scanComplete &&= outcome.scanComplete;
    } catch (error) {
      targetsFailed += 1;
      locks.push('off');
      logger.error('renewal.target_failed', { region: target.region, outcome: 'failed', ...targetFailure(error) });
    }
  }
  const summary = tally.summary({
    options,
    nowMs: deps.clock.now().getTime(),
    durationMs: run.elapsedMs() - startedMs,
    targets: deps.targets.length,
    calls: gates.map((g) => g.calls),
    throttled: gates.reduce((sum, g) => sum + g.throttled, 0),
    lock: locks,
    targetsFailed,
    scanComplete,
  });
  const bad = summary.failed > 0 || summary.pending_import > 0 || summary.targets_failed > 0;
  logger[bad ? 'error' : summary.complete ? 'info' : 'warn']('renewal.summary', { ...summary });
  return { summary, keys: tally.rows, keys_left_out: tally.rowsLeftOut };
}

export { DEFAULT_TUNING, runSweep };
