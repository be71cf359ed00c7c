/**
 * The renewal sweep (docs/architecture.md#renewal, docs/renewal.md): per target, stream the managed keys page by
 * page, recover the keys in Pending import, then — unless dry run — take the sweep lock at the first due renewal,
 * renew the due keys and release the lock (lib/renewal/TargetSweep.ts); then one `renewal.summary` line. Per-key
 * failures never stop the sweep; a target that fails is counted in `targets_failed` and the next target goes on.
 */
import { newCorrelationId } from '../domain/ids.js';
import { sleep as defaultSleep } from '../retry.js';
import { KeyOutcome } from './constants.js';
import { PortGate } from './PortGate.js';
import type { RenewalOptions } from './options.js';
import { logKeyReport } from './report.js';
import { mayStartFor } from './sweepRun.js';
import type { SweepRun } from './sweepRun.js';
import { ALL_ROWS, SweepTally } from './SweepTally.js';
import { TargetSweep } from './TargetSweep.js';
import type { LockStatus, SweepDeps, SweepRelay, SweepResult, SweepTuning } from './types.js';

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
 * The reserve before the deadline for a short function timeout: a quarter of it (at least a second), so a
 * function of a few tens of seconds still spends most of its time renewing, not waiting for its continuation.
 */
function reserveFor(functionTimeoutMs: number | undefined): Partial<SweepTuning> {
  if (functionTimeoutMs === undefined) return {};
  return { reserveMs: Math.min(DEFAULT_TUNING.reserveMs, Math.max(1_000, Math.floor(functionTimeoutMs / 4))) };
}

/** No continuation beyond this many hand-ons of one sweep: a chain that long is not making progress. */
const MAX_HOPS = 1_000;

/** Hands the rest of the sweep on; answers whether it was handed on (else its keys wait for the next tick). */
async function handOn(run: SweepRun, relay: SweepRelay, part: Parameters<SweepRelay['handOn']>[0]): Promise<boolean> {
  const { logger } = run.deps;
  const target = run.deps.targets[part.targets[0] ?? 0];
  if (part.hop > MAX_HOPS) {
    logger.error('renewal.continuation_failed', { region: target?.region, hop: part.hop, error_code: 'BYOK.TOO_MANY_HOPS', outcome: 'failed' });
    return false;
  }
  try {
    await relay.handOn(part);
    logger.info('renewal.continued', { region: target?.region, phase: part.cursor?.phase ?? 'recover', skip: part.cursor?.skip ?? 0, targets: part.targets.length, hop: part.hop });
    return true;
  } catch (error) {
    logger.error('renewal.continuation_failed', { region: target?.region, hop: part.hop, outcome: 'failed', ...targetFailure(error) });
    return false;
  }
}

/** A continuation that started no key: handing on again would loop; the next tick starts afresh. */
function stallWarning(run: SweepRun, region: string | undefined): boolean {
  run.deps.logger.error('renewal.continuation_failed', { region, error_code: 'BYOK.NO_PROGRESS', outcome: 'failed' });
  return false;
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
    tuning: { ...DEFAULT_TUNING, ...reserveFor(deps.functionTimeoutMs), ...deps.tuning },
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
      if (report.outcome !== KeyOutcome.Skipped && report.outcome !== KeyOutcome.Drift && report.outcome !== KeyOutcome.Planned) deps.onProgress?.({ event: 'key-done', report });
    },
  };
  const startedMs = run.elapsedMs();
  logger.info('renewal.start', { targets: deps.targets.length, mode: options.mode, dry_run: options.dryRun, concurrency: options.concurrency });
  const locks: LockStatus[] = [];
  const gates: PortGate[] = [];
  let targetsFailed = 0;
  let scanComplete = true;
  let continued = false;
  let targetsDispatched = 0;
  const relay = deps.relay;
  if (relay !== undefined && options.perTarget && options.resume === undefined && deps.targets.length > 1) {
    // One invocation per target: each sweeps (and continues) on its own, in parallel as FunctionGraph allows.
    for (const [index, target] of deps.targets.entries()) {
      try {
        await relay.handOn({ targets: [index], hop: 0 });
        targetsDispatched += 1;
        logger.info('renewal.target_dispatched', { region: target.region, project_id: target.projectId });
      } catch (error) {
        targetsFailed += 1;
        logger.error('renewal.target_failed', { region: target.region, outcome: 'failed', ...targetFailure(error) });
      }
    }
  }
  for (const [index, target] of deps.targets.entries()) {
    if (targetsDispatched > 0) break;
    const cursor = index === 0 && options.resume !== undefined ? { phase: options.resume.phase, skip: options.resume.skip } : undefined;
    if (relay !== undefined && index > 0 && !mayStartFor(run, undefined)()) {
      continued = await handOn(run, relay, { targets: deps.targets.map((_, i) => i).slice(index), hop: (options.resume?.hop ?? 0) + 1 });
      scanComplete &&= continued;
      break;
    }
    const gate = new PortGate({ rps: options.rps, nowMs: run.elapsedMs, sleep: run.sleep });
    gates.push(gate);
    try {
      const outcome = await new TargetSweep(run, target, gate, { canHandOn: relay !== undefined }).run(cursor);
      locks.push(outcome.lock);
      scanComplete &&= outcome.scanComplete;
      if (outcome.stoppedAt !== undefined && relay !== undefined) {
        const stalled = cursor !== undefined && outcome.stoppedAt.phase === cursor.phase && outcome.stoppedAt.skip === cursor.skip;
        const part = { targets: deps.targets.map((_, i) => i).slice(index), cursor: outcome.stoppedAt, hop: (options.resume?.hop ?? 0) + 1 };
        continued = stalled ? stallWarning(run, target.region) : await handOn(run, relay, part);
        if (!continued) {
          // Nobody takes over: what is left of this target is reported deferred, as far as the time allows.
          const rest = await new TargetSweep(run, target, gate, { deferAll: true }).run(outcome.stoppedAt);
          scanComplete &&= rest.scanComplete && index === deps.targets.length - 1;
        }
        break;
      }
    } catch (error) {
      targetsFailed += 1;
      deps.onProgress?.({ event: 'target-failed', region: target.region, error });
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
    continued,
    targetsDispatched,
  });
  // A continuation that could not be handed on leaves keys unscanned: scan_complete (and complete) say so.
  const bad = summary.failed > 0 || summary.pending_import > 0 || summary.targets_failed > 0;
  logger[bad ? 'error' : summary.complete ? 'info' : 'warn']('renewal.summary', { ...summary });
  return { summary, keys: tally.rows, keys_left_out: tally.rowsLeftOut };
}

export { DEFAULT_TUNING, runSweep };
