/**
 * The sweep of one target, streamed page by page (docs/renewal.md#memory): a page of the tag query is planned and
 * acted on before the next is read, and only counters and the rows the answer needs outlive it.
 *
 * Urgency across pages: two passes over the query. The first recovers every key the query shows in Pending import
 * (an outage now: no key waits behind the rest of the fleet; the pass only reads pages, about one call per 1,000
 * keys, and describes nothing). The second renews the due keys (and recovers any key it finds in Pending import
 * that the first pass did not see), page by page, in the query's order. A renewal is due a whole lead before its
 * expiry (days, several timer ticks), so the order of renewals across pages does not decide whether a key lapses;
 * a sweep that cannot finish hands the rest on (a continuation) or leaves it to the next tick.
 *
 * Keys start in the query's order with bounded concurrency, so the keys started are always a prefix of it: where
 * the sweep stops, a continuation resumes (`SweepCursor`).
 */
import { KeyState } from '../domain/KeyState.js';
import { KeyOutcome, PlanAction, RenewalMode } from './constants.js';
import { managedKeyPages } from './discover.js';
import type { SnapshotPage } from './discover.js';
import { DEADLINE, KeyPool, LOCK_BUSY, MAX_KEYS, deferred } from './executePlan.js';
import { fanOut } from './fanOut.js';
import { GatedKeyService } from './GatedPorts.js';
import type { ModeMemo } from './KeyRecord.js';
import { planKeys } from './plan.js';
import type { PortGate } from './PortGate.js';
import { untouchedReport } from './report.js';
import { renewKey } from './renewKey.js';
import type { KeyRunContext } from './renewKey.js';
import { keyContext, mayReadPage } from './sweepRun.js';
import type { SweepRun } from './sweepRun.js';
import { takeLock } from './takeLock.js';
import type { LockTaken } from './takeLock.js';
import type { LockStatus, PlannedKey, RenewalTarget, SweepCursor } from './types.js';

/** How a target's sweep ended. */
interface TargetOutcome {
  lock: LockStatus;
  /** Every page was read (false: the deadline stopped the scan, and no continuation took over). */
  scanComplete: boolean;
  /** Set when the sweep stopped early and a continuation may resume there. */
  stoppedAt?: SweepCursor;
}

/** What a pass does with a planned row. */
type RowRole = 'act' | 'report' | 'ignore';

function isDue(planned: PlannedKey): boolean {
  return planned.row.action === PlanAction.Renew || planned.row.action === PlanAction.Recover;
}

function notDueReport(planned: PlannedKey): ReturnType<typeof untouchedReport> {
  return untouchedReport(planned, planned.row.action === PlanAction.Drift ? KeyOutcome.Drift : KeyOutcome.Skipped);
}

/**
 * @example
 * const outcome = await new TargetSweep(run, target, gate).run(cursor);
 */
class TargetSweep {
  readonly #run: SweepRun;
  readonly #target: RenewalTarget;
  readonly #gate: PortGate;
  readonly #keys: GatedKeyService;
  readonly #memo: ModeMemo = { inPlaceRejected: false, parametersNeedPendingImport: false };
  readonly #pool: KeyPool;
  /** Keys the recovery pass reported: the renewal pass leaves them out (one report per key per sweep). */
  readonly #recovered = new Set<string>();
  #lock: LockTaken | undefined;
  /** For keys planned under the held lock: no re-describe before their first import. */
  #lockedCtx: KeyRunContext | undefined;
  readonly #unlockedCtx: KeyRunContext;
  /** A continuation can take over: stop where time runs out instead of deferring the rest. */
  readonly #canHandOn: boolean;
  /** Start nothing: report every due key deferred (the time is up and no continuation could be handed on). */
  readonly #deferAll: boolean;

  constructor(run: SweepRun, target: RenewalTarget, gate: PortGate, how: { canHandOn?: boolean; deferAll?: boolean } = {}) {
    this.#run = run;
    this.#canHandOn = how.canHandOn === true && how.deferAll !== true;
    this.#deferAll = how.deferAll === true;
    this.#target = target;
    this.#gate = gate;
    this.#keys = new GatedKeyService(target.keys, gate);
    this.#pool = new KeyPool(run.options.concurrency);
    this.#unlockedCtx = keyContext(run, target, gate, this.#memo, undefined);
  }

  async run(from?: SweepCursor): Promise<TargetOutcome> {
    try {
      if (this.#run.options.dryRun) return { ...(await this.#pass('renew', 0, (p) => (isDue(p) ? 'act' : 'report'), true)), lock: 'off' };
      let recovery: Omit<TargetOutcome, 'lock'> = { scanComplete: true };
      if (from?.phase !== 'renew') {
        recovery = await this.#pass('recover', from?.skip ?? 0, (p) => (p.row.action === PlanAction.Recover ? 'act' : 'ignore'), false);
        if (recovery.stoppedAt !== undefined) return { ...recovery, lock: this.#lockStatus() };
      }
      // Even when the deadline cut the recovery pass short, the renewal pass reads its first page: its due keys are
      // then reported deferred rather than not at all.
      const renewal = await this.#pass('renew', from?.phase === 'renew' ? from.skip : 0, (p) => (this.#recovered.has(p.row.key_id) ? 'ignore' : isDue(p) ? 'act' : 'report'), true);
      return { ...renewal, scanComplete: renewal.scanComplete && recovery.scanComplete, lock: this.#lockStatus() };
    } finally {
      await this.#pool.drain();
      const handle = this.#lock?.handle;
      if (handle !== undefined) await this.#target.lock?.release(handle);
    }
  }

  #lockStatus(): LockStatus {
    if (!this.#run.options.lock || this.#target.lock === undefined || this.#run.options.dryRun) return 'off';
    return this.#lock?.status ?? 'not-needed';
  }

  /** One pass over the query from `skip`: each page planned, its rows acted on or reported in the query's order. */
  async #pass(phase: SweepCursor['phase'], skip: number, role: (p: PlannedKey) => RowRole, describe: boolean): Promise<Omit<TargetOutcome, 'lock'>> {
    let from = skip;
    for (;;) {
      const pages = managedKeyPages(this.#keys, { skip: from, describe, concurrency: this.#run.options.concurrency, leaveOut: phase === 'renew' ? this.#recovered : undefined });
      try {
        for (let first = true; ; first = false) {
          if (!first && !mayReadPage(this.#run)) {
            await this.#pool.drain();
            return this.#canHandOn ? { scanComplete: true, stoppedAt: { phase, skip: from } } : { scanComplete: false };
          }
          const page = await pages.next();
          if (page.done === true) {
            await this.#pool.drain();
            return { scanComplete: true };
          }
          const turn = await this.#page(phase, page.value, role);
          if (turn?.kind === 'stop') {
            await this.#pool.drain();
            return { scanComplete: true, stoppedAt: { phase, skip: turn.position } };
          }
          if (turn?.kind === 'replan') {
            from = turn.position;
            break;
          }
          from = page.value.end;
        }
      } finally {
        await pages.return(undefined);
      }
    }
  }

  /**
   * Plans one page and handles its rows. Answers `replan` when the lock was just decided (the page was read
   * before: it is read again from that row, as the lock's previous holder may have renewed keys since), or `stop`
   * with the position to resume at.
   */
  async #page(phase: SweepCursor['phase'], page: SnapshotPage, role: (p: PlannedKey) => RowRole): Promise<{ kind: 'stop' | 'replan'; position: number } | undefined> {
    const run = this.#run;
    // Windows bind delete-first only: an in-place sweep is warned about nothing.
    const windows = run.options.mode === RenewalMode.InPlace ? undefined : run.options.windows;
    const plan = planKeys(page.snapshots, run.deps.clock.now(), { leadMs: run.options.leadMs, region: this.#target.region, windows });
    // A dry run shows a page most urgent first (the plan's order); a sweep acts in the query's order, so that the
    // keys it started are always a prefix of it (where a continuation resumes).
    if (!run.options.dryRun) plan.sort((a, b) => (a.snapshot.position ?? 0) - (b.snapshot.position ?? 0));
    const roles = plan.map(role);
    if (run.options.dryRun) {
      plan.forEach((planned, i) => roles[i] !== 'ignore' && run.report(roles[i] === 'act' ? untouchedReport(planned, KeyOutcome.Planned) : notDueReport(planned)));
      return undefined;
    }
    const fanout = run.options.fanout;
    const acting = plan.filter((_, i) => roles[i] === 'act');
    if (acting.length > 0) run.deps.onProgress?.({ event: 'planned', region: this.#target.region, due: acting.length });
    if (phase === 'renew' && fanout !== undefined && acting.length >= fanout.threshold && this.#target.dispatcher !== undefined) {
      plan.forEach((planned, i) => roles[i] === 'report' && run.report(notDueReport(planned)));
      await this.#fanOut(acting);
      return undefined;
    }
    const ctx = this.#lock?.handle === undefined ? this.#unlockedCtx : (this.#lockedCtx ??= keyContext(run, this.#target, this.#gate, this.#memo, this.#lock.handle));
    for (const [i, planned] of plan.entries()) {
      if (roles[i] === 'ignore') continue;
      if (roles[i] === 'report') {
        run.report(notDueReport(planned));
        continue;
      }
      if (this.#deferAll) {
        run.report(deferred(planned, DEADLINE));
        continue;
      }
      if (planned.row.action === PlanAction.Renew && this.#lock === undefined) {
        const taken = await this.#takeLock(page);
        if (taken.status !== 'unavailable' && taken.status !== 'off') return { kind: 'replan', position: planned.snapshot.position ?? page.offset };
      }
      if (phase === 'recover') this.#recovered.add(planned.row.key_id);
      if (run.budget.remaining <= 0) {
        run.report(deferred(planned, MAX_KEYS));
        continue;
      }
      if (planned.row.action === PlanAction.Renew && this.#lock?.status === 'busy') {
        run.report(deferred(planned, LOCK_BUSY));
        continue;
      }
      await this.#pool.slot();
      if (!ctx.mayStart()) {
        // A continuation renews this key and the rest; without one they are reported deferred.
        if (this.#canHandOn) return { kind: 'stop', position: planned.snapshot.position ?? page.offset };
        run.report(deferred(planned, DEADLINE));
        continue;
      }
      run.budget.remaining -= 1;
      this.#pool.start(async () => run.report(await renewKey(planned, ctx)));
    }
    return undefined;
  }

  /** Takes the lock, hung on a random live key of the page the first renewal was found on. */
  async #takeLock(page: SnapshotPage): Promise<LockTaken> {
    const holders = page.snapshots.filter((s) => s.info !== undefined && s.info.keyState !== KeyState.PendingDeletion);
    const holder = holders[Math.floor(this.#run.random() * holders.length)];
    this.#lock = holder === undefined ? { status: 'unavailable' } : await takeLock(this.#run, this.#target, holder.keyId);
    return this.#lock;
  }

  async #fanOut(due: PlannedKey[]): Promise<void> {
    const run = this.#run;
    const options = run.options.fanout!;
    run.deps.logger.info('renewal.fanout', { region: this.#target.region, due: due.length, batch: options.batch });
    const ctx = {
      dispatcher: this.#target.dispatcher!,
      options,
      correlationId: run.correlationId,
      logger: run.deps.logger,
      sleep: run.sleep,
      elapsedMs: run.elapsedMs,
      mayStart: this.#unlockedCtx.mayStart,
    };
    await fanOut(due, ctx, run.budget, run.report);
  }
}

export { TargetSweep };
export type { TargetOutcome };
