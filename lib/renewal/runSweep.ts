/**
 * The renewal sweep (docs/architecture.md#renewal): per target, discover the managed keys, plan, and — unless dry
 * run — take the sweep lock, renew and recover the due keys (in process, or fanned out to async invocations), and
 * release the lock; then one `renewal.summary` line. Per-key failures never stop the sweep; a target whose
 * discovery fails is counted in `targets_failed` and the next target goes on.
 */
import { newCorrelationId } from '../domain/ids.js';
import { KeyState } from '../domain/KeyState.js';
import { sleep as defaultSleep } from '../retry.js';
import { KeyOutcome, PlanAction } from './constants.js';
import { discoverManagedKeys } from './discover.js';
import { deferred, executePlan } from './executePlan.js';
import type { KeyBudget } from './executePlan.js';
import { fanOut } from './fanOut.js';
import { GatedKeyService, GatedSecretStore } from './GatedPorts.js';
import type { ModeMemo } from './KeyRecord.js';
import type { RenewalOptions } from './options.js';
import { planKeys } from './plan.js';
import { PortGate } from './PortGate.js';
import { logKeyReport, untouchedReport } from './report.js';
import type { KeyRunContext } from './renewKey.js';
import type { LockHandle } from '../ports/index.js';
import { summarize } from './summary.js';
import type { KeyReport, LockStatus, ManagedKeySnapshot, PlannedKey, RenewalTarget, SweepDeps, SweepResult, SweepTuning } from './types.js';

/** Defaults of {@link SweepTuning}. */
const DEFAULT_TUNING: Readonly<SweepTuning> = {
  reserveMs: 10_000,
  tokenMarginMs: 300_000,
  keyRetryBaseMs: 500,
  keyRetryMaxMs: 5_000,
  lockPollMaxMs: 2_000,
  rescueAttempts: 5,
};

/** Deps with defaults filled, plus the sweep's shared state. */
interface SweepRun {
  deps: SweepDeps;
  options: RenewalOptions;
  tuning: SweepTuning;
  correlationId: string;
  nowMs: () => number;
  elapsedMs: () => number;
  sleep: (delayMs: number) => Promise<void>;
  random: () => number;
  deadlineAtMs: number;
  budget: KeyBudget;
  /** Slowest key so far: the reserve before the deadline grows to twice it. */
  slowestKeyMs: number;
}

function isDue(planned: PlannedKey): boolean {
  return planned.row.action === PlanAction.Renew || planned.row.action === PlanAction.Recover;
}

/** May a key (or try) start now? Not within the reserve of the deadline, nor of the lock going stale. */
function mayStartFor(run: SweepRun, handle: LockHandle | undefined): () => boolean {
  return () => {
    const reserveMs = Math.max(run.tuning.reserveMs, 2 * run.slowestKeyMs);
    if (run.nowMs() + reserveMs >= run.deadlineAtMs) return false;
    return handle === undefined || run.deps.clock.now().getTime() + reserveMs < handle.staleAt.getTime();
  };
}

/** Takes the target's lock, waiting for a busy one up to `lockWaitMs`. */
async function takeLock(run: SweepRun, target: RenewalTarget, snapshots: ManagedKeySnapshot[]): Promise<{ status: LockStatus; handle?: LockHandle }> {
  const { logger, clock } = run.deps;
  const lock = target.lock;
  if (!run.options.lock || lock === undefined) return { status: 'off' };
  const holders = snapshots.filter((s) => s.info !== undefined && s.info.keyState !== KeyState.PendingDeletion);
  const holder = holders[Math.floor(run.random() * holders.length)];
  if (holder === undefined) return { status: 'unavailable' };
  const waitStartMs = run.elapsedMs();
  // Bounded by time and by count: with an injected no-op sleep (simulations) the wait must not spin for a minute.
  const maxPolls = Math.ceil(run.options.lockWaitMs / Math.max(1, run.tuning.lockPollMaxMs / 2));
  let waited = false;
  for (let poll = 0; ; poll++) {
    let attempt;
    try {
      attempt = await lock.tryAcquire({ holderKeyId: holder.keyId, now: clock.now(), ttlMs: run.options.lockTtlMs });
    } catch (error) {
      attempt = { status: 'unavailable' as const, errorCode: error instanceof Error ? error.name : 'unknown' };
    }
    if (attempt.status === 'acquired') return { status: waited ? 'waited' : 'acquired', handle: attempt.handle };
    if (attempt.status === 'unavailable') {
      logger.warn('renewal.lock_unavailable', { region: target.region, error_code: attempt.errorCode, outcome: 'unlocked' });
      return { status: 'unavailable' };
    }
    if (poll >= maxPolls || run.elapsedMs() - waitStartMs >= run.options.lockWaitMs || !mayStartFor(run, undefined)()) {
      logger.warn('renewal.lock_busy', { region: target.region, stale_at: attempt.staleAt?.toISOString() ?? null, outcome: 'deferred' });
      return { status: 'busy' };
    }
    if (!waited) {
      logger.info('renewal.lock_wait', { region: target.region, stale_at: attempt.staleAt?.toISOString() ?? null });
      run.deps.onProgress?.({ event: 'lock-wait', region: target.region });
    }
    waited = true;
    await run.sleep(Math.max(50, Math.floor(run.random() * run.tuning.lockPollMaxMs)));
  }
}

async function planTarget(run: SweepRun, keys: RenewalTarget['keys'], target: RenewalTarget): Promise<{ plan: PlannedKey[]; snapshots: ManagedKeySnapshot[] }> {
  const snapshots = await discoverManagedKeys(keys);
  const plan = planKeys(snapshots, run.deps.clock.now(), { leadMs: run.options.leadMs, region: target.region });
  return { plan, snapshots };
}

/** Runs the due keys of a target (in process or fanned out); answers their reports. */
async function executeDue(run: SweepRun, target: RenewalTarget, gate: PortGate, due: PlannedKey[], handle: LockHandle | undefined): Promise<KeyReport[]> {
  const { logger, clock } = run.deps;
  const mayStart = mayStartFor(run, handle);
  const onKeyDone = (report: KeyReport): void => {
    run.slowestKeyMs = Math.max(run.slowestKeyMs, report.duration_ms);
    logKeyReport(logger, report);
    run.deps.onProgress?.({ event: 'key-done', report });
  };
  const fanout = run.options.fanout;
  if (fanout !== undefined && due.length >= fanout.threshold) {
    if (target.dispatcher !== undefined) {
      logger.info('renewal.fanout', { region: target.region, due: due.length, batch: fanout.batch });
      const ctx = { dispatcher: target.dispatcher, options: fanout, correlationId: run.correlationId, logger, sleep: run.sleep, elapsedMs: run.elapsedMs, mayStart };
      return fanOut(due, ctx, run.budget, onKeyDone);
    }
    logger.warn('renewal.fanout_unavailable', { region: target.region, due: due.length, reason: 'no dispatcher configured; renewing in process' });
  }
  const memo: ModeMemo = { inPlaceRejected: false };
  const ctx: KeyRunContext = {
    keys: new GatedKeyService(target.keys, gate),
    secrets: new GatedSecretStore(target.secrets, gate),
    clock,
    logger,
    // No describe-key after each import (3 calls per renewed key instead of 4): verification is deferred, not lost.
    // The next sweep's discovery re-reads every key's state and expiry, and its plan flags an expiry that is not
    // what was requested as drift (beyond the ttl, or none with a ttl) or renews it again (short of it); a key left
    // without material is planned as recover.
    options: { verifyProbe: run.options.verifyProbe, verifyImport: false },
    renewal: run.options,
    memo,
    lockHeld: handle !== undefined,
    tuning: run.tuning,
    elapsedMs: run.elapsedMs,
    sleep: run.sleep,
    random: run.random,
    beforeStep: run.deps.beforeStep,
    mayStart,
  };
  return executePlan(due, ctx, run.budget, onKeyDone);
}

/** One target: discover, plan, lock, execute, release. */
async function sweepTarget(run: SweepRun, target: RenewalTarget, gate: PortGate): Promise<{ reports: KeyReport[]; lock: LockStatus }> {
  const { logger } = run.deps;
  const keys = new GatedKeyService(target.keys, gate);
  const first = await planTarget(run, keys, target);
  let plan = first.plan;
  const notDue = (x: PlannedKey): KeyReport => untouchedReport(x, x.row.action === PlanAction.Drift ? KeyOutcome.Drift : KeyOutcome.Skipped);
  const rest = (p: PlannedKey[]): KeyReport[] => p.filter((x) => !isDue(x)).map(notDue);
  if (run.options.dryRun) {
    const reports = plan.map((x) => (isDue(x) ? untouchedReport(x, KeyOutcome.Planned) : notDue(x)));
    for (const report of reports) logKeyReport(logger, { ...report });
    return { reports, lock: 'off' };
  }
  if (!plan.some(isDue)) {
    const reports = rest(plan);
    for (const report of reports) logKeyReport(logger, report);
    return { reports, lock: run.options.lock && target.lock ? 'not-needed' : 'off' };
  }
  const lock = await takeLock(run, target, first.snapshots);
  try {
    // Plan again under the lock: a run that held it until a moment ago may have renewed keys since our discovery
    // (even when this try got the lock at once), and without the re-describe this plan is what protects them.
    // A busy lock plans again too, for the recoveries below.
    if (lock.handle !== undefined || lock.status === 'busy') ({ plan } = await planTarget(run, keys, target));
    const due = plan.filter(isDue);
    run.deps.onProgress?.({ event: 'planned', region: target.region, due: due.length });
    const others = rest(plan);
    for (const report of others) logKeyReport(logger, report);
    let done: KeyReport[];
    if (lock.status === 'busy') {
      // Renewals wait for the holder, but a key in Pending import is an outage now, and the holder may be dead (a
      // killed sweep's lock stays until it goes stale). Such keys are recovered without the lock: the recovery
      // path never deletes material, and each key is described again right before its import, so a live holder
      // that got there first makes this run report `already-renewed`.
      const outages = due.filter((x) => x.row.action === PlanAction.Recover);
      const why = { code: 'BYOK.LOCK_BUSY', message: 'not started: another sweep holds the lock and was still running; the next tick renews it' };
      const waiting = due.filter((x) => x.row.action !== PlanAction.Recover).map((x) => deferred(x, why));
      for (const report of waiting) logKeyReport(logger, report);
      done = [...(await executeDue(run, target, gate, outages, undefined)), ...waiting];
    } else {
      done = await executeDue(run, target, gate, due, lock.handle);
    }
    return { reports: [...done, ...others], lock: lock.status };
  } finally {
    if (lock.handle !== undefined) await target.lock?.release(lock.handle);
  }
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
  };
  const { logger } = deps;
  const startedMs = run.elapsedMs();
  logger.info('renewal.start', { targets: deps.targets.length, mode: options.mode, dry_run: options.dryRun, concurrency: options.concurrency });
  const reports: KeyReport[] = [];
  const locks: LockStatus[] = [];
  const gates: PortGate[] = [];
  let targetsFailed = 0;
  for (const target of deps.targets) {
    const gate = new PortGate({ rps: options.rps, nowMs: run.elapsedMs, sleep: run.sleep });
    gates.push(gate);
    try {
      const result = await sweepTarget(run, target, gate);
      reports.push(...result.reports);
      locks.push(result.lock);
    } catch (error) {
      targetsFailed += 1;
      deps.onProgress?.({ event: 'target-failed', region: target.region, error });
      locks.push('off');
      const fields = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
      logger.error('renewal.target_failed', {
        region: target.region,
        outcome: 'failed',
        error_code: typeof fields.code === 'string' ? fields.code.slice(0, 64) : 'BYOK.INTERNAL',
        message: typeof fields.code === 'string' && typeof fields.message === 'string' ? fields.message.slice(0, 500) : undefined,
      });
    }
  }
  const summary = summarize(reports, {
    options,
    nowMs: deps.clock.now().getTime(),
    durationMs: run.elapsedMs() - startedMs,
    targets: deps.targets.length,
    calls: gates.map((g) => g.calls),
    throttled: gates.reduce((sum, g) => sum + g.throttled, 0),
    lock: locks,
    targetsFailed,
  });
  const bad = summary.failed > 0 || summary.pending_import > 0 || summary.targets_failed > 0;
  logger[bad ? 'error' : 'info']('renewal.summary', { ...summary });
  return { summary, keys: reports };
}

export { DEFAULT_TUNING, runSweep };
