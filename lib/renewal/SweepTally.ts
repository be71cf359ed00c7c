/**
 * What a sweep keeps while it streams the fleet: counters for the `renewal.summary` line (invariants on
 * {@link SweepSummary}) and the rows its answer needs, up to a cap — never one row per key of the fleet, so memory
 * stays flat in the fleet's size.
 */
import { KeyState } from '../domain/KeyState.js';
import { ApiGroup, KeyOutcome, MS_PER_DAY, PlanAction } from './constants.js';
import type { RenewalOptions } from './options.js';
import { finalStateOf } from './report.js';
import type { CallCounts, KeyReport, LockStatus, RowPolicy, SweepSummary } from './types.js';

/** Gaps kept for the median (reservoir sampling beyond it). */
const GAP_SAMPLE = 10_000;

/** Default: every row, up to 1,000 (small fleets see them all; a large one's answer stays bounded). */
const ALL_ROWS: RowPolicy = { keep: () => true, max: 1_000 };

/** What the summary needs besides the rows. */
interface SummaryMeta {
  options: RenewalOptions;
  nowMs: number;
  durationMs: number;
  targets: number;
  calls: CallCounts[];
  throttled: number;
  lock: LockStatus[];
  targetsFailed: number;
  /** Every page of every target was read (or handed on). */
  scanComplete: boolean;
  continued: boolean;
  targetsDispatched: number;
}

/** Days left after the sweep: 0 for a key without material, else from its new or planned expiry. */
function daysLeftAfter(report: KeyReport, nowMs: number): number | null {
  const state = finalStateOf(report);
  if (state === KeyState.PendingImport) return 0;
  if (state !== KeyState.Enabled && state !== KeyState.Disabled) return null;
  const expiresAt = report.new_expires_at !== undefined ? report.new_expires_at : report.expires_at;
  if (expiresAt === null || expiresAt === undefined) return null;
  return Math.round(((Date.parse(expiresAt) - nowMs) / MS_PER_DAY) * 100) / 100;
}

function sumCalls(all: CallCounts[]): CallCounts {
  const total = Object.fromEntries(Object.values(ApiGroup).map((group) => [group, 0])) as CallCounts;
  for (const calls of all) for (const group of Object.values(ApiGroup)) total[group] += calls[group];
  return total;
}

/**
 * @example
 * const tally = new SweepTally(ALL_ROWS, clock.now().getTime());
 * tally.add(report); ... tally.summary(meta)
 */
class SweepTally {
  readonly #policy: RowPolicy;
  readonly #nowMs: number;
  readonly #outcomes = new Map<KeyOutcome, number>();
  #scanned = 0;
  #due = 0;
  #pendingImport = 0;
  #minDaysLeft: number | null = null;
  #maxGapMs: number | null = null;
  /** The delete-first gaps (a uniform sample of at most {@link GAP_SAMPLE} for the median: memory stays flat). */
  readonly #gaps: number[] = [];
  #gapCount = 0;
  #windowWarnings = 0;
  /** The rows kept for the answer. */
  readonly rows: KeyReport[] = [];
  /** Rows the policy wanted but the cap left out. */
  rowsLeftOut = 0;

  constructor(policy: RowPolicy, nowMs: number) {
    this.#policy = policy;
    this.#nowMs = nowMs;
  }

  /** Counts one key's report (once per key per sweep). */
  add(report: KeyReport): void {
    this.#scanned += 1;
    if (report.action === PlanAction.Renew || report.action === PlanAction.Recover) this.#due += 1;
    this.#outcomes.set(report.outcome, (this.#outcomes.get(report.outcome) ?? 0) + 1);
    if (finalStateOf(report) === KeyState.PendingImport && report.outcome !== KeyOutcome.Dispatched) this.#pendingImport += 1;
    const daysLeft = daysLeftAfter(report, this.#nowMs);
    if (daysLeft !== null) this.#minDaysLeft = this.#minDaysLeft === null ? daysLeft : Math.min(this.#minDaysLeft, daysLeft);
    if (report.gap_ms !== undefined) this.#addGap(report.gap_ms);
    if (report.window_warning === true) this.#windowWarnings += 1;
    if (!this.#policy.keep(report)) return;
    if (this.rows.length < this.#policy.max) this.rows.push(report);
    else this.rowsLeftOut += 1;
  }

  #addGap(gapMs: number): void {
    this.#maxGapMs = Math.max(this.#maxGapMs ?? 0, gapMs);
    this.#gapCount += 1;
    if (this.#gaps.length < GAP_SAMPLE) this.#gaps.push(gapMs);
    else {
      const slot = Math.floor(Math.random() * this.#gapCount);
      if (slot < GAP_SAMPLE) this.#gaps[slot] = gapMs;
    }
  }

  #gapP50(): number | null {
    if (this.#gaps.length === 0) return null;
    const sorted = [...this.#gaps].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] as number;
  }

  count(outcome: KeyOutcome): number {
    return this.#outcomes.get(outcome) ?? 0;
  }

  summary(meta: SummaryMeta): SweepSummary {
    return {
      scanned: this.#scanned,
      due: this.#due,
      renewed: this.count(KeyOutcome.Renewed),
      recovered: this.count(KeyOutcome.Recovered),
      failed: this.count(KeyOutcome.Failed),
      skipped: this.count(KeyOutcome.Skipped),
      deferred: this.count(KeyOutcome.Deferred),
      drift: this.count(KeyOutcome.Drift),
      already_renewed: this.count(KeyOutcome.AlreadyRenewed),
      dispatched: this.count(KeyOutcome.Dispatched),
      pending_import: this.#pendingImport,
      min_days_left: this.#minDaysLeft,
      duration_ms: Math.round(meta.durationMs),
      dry_run: meta.options.dryRun,
      mode: meta.options.mode,
      targets: meta.targets,
      calls: sumCalls(meta.calls),
      throttled: meta.throttled,
      lock: meta.lock,
      max_gap_ms: this.#maxGapMs,
      gap_p50_ms: this.#gapP50(),
      window_warnings: this.#windowWarnings,
      targets_failed: meta.targetsFailed,
      scan_complete: meta.scanComplete,
      complete:
        meta.scanComplete &&
        meta.targetsFailed === 0 &&
        this.count(KeyOutcome.Failed) === 0 &&
        this.count(KeyOutcome.Deferred) === 0 &&
        this.#pendingImport === 0,
      continued: meta.continued,
      targets_dispatched: meta.targetsDispatched,
    };
  }
}

export { ALL_ROWS, SweepTally };
export type { SummaryMeta };
