/** The `renewal.summary` figures from the key reports (invariants on {@link SweepSummary}). */
import { KeyState } from '../domain/KeyState.js';
import { ApiGroup, KeyOutcome, MS_PER_DAY, PlanAction } from './constants.js';
import type { RenewalOptions } from './options.js';
import { finalStateOf } from './report.js';
import type { CallCounts, KeyReport, LockStatus, SweepSummary } from './types.js';

/** What the summary needs besides the reports. */
interface SummaryMeta {
  options: RenewalOptions;
  nowMs: number;
  durationMs: number;
  targets: number;
  calls: CallCounts[];
  throttled: number;
  lock: LockStatus[];
  targetsFailed: number;
}

/** Days left after the sweep: 0 for a key without material, else from its new or planned expiry. */
function daysLeftAfter(report: KeyReport, nowMs: number): number | null {
  const state = finalStateOf(report);
  if (state === KeyState.PendingImport) return 0;
  if (state !== KeyState.Enabled) return null;
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
 * const summary = summarize(reports, { options, nowMs: clock.now().getTime(), durationMs, ... });
 */
function summarize(reports: readonly KeyReport[], meta: SummaryMeta): SweepSummary {
  const count = (outcome: KeyOutcome): number => reports.filter((r) => r.outcome === outcome).length;
  const daysLeft = reports.map((r) => daysLeftAfter(r, meta.nowMs)).filter((d): d is number => d !== null);
  const gaps = reports.map((r) => r.gap_ms).filter((g): g is number => g !== undefined);
  return {
    scanned: reports.length,
    due: reports.filter((r) => r.action === PlanAction.Renew || r.action === PlanAction.Recover).length,
    renewed: count(KeyOutcome.Renewed),
    recovered: count(KeyOutcome.Recovered),
    failed: count(KeyOutcome.Failed),
    skipped: count(KeyOutcome.Skipped),
    deferred: count(KeyOutcome.Deferred),
    drift: count(KeyOutcome.Drift),
    already_renewed: count(KeyOutcome.AlreadyRenewed),
    dispatched: count(KeyOutcome.Dispatched),
    pending_import: reports.filter((r) => finalStateOf(r) === KeyState.PendingImport && r.outcome !== KeyOutcome.Dispatched).length,
    min_days_left: daysLeft.length === 0 ? null : daysLeft.reduce((a, b) => Math.min(a, b)),
    duration_ms: Math.round(meta.durationMs),
    dry_run: meta.options.dryRun,
    mode: meta.options.mode,
    targets: meta.targets,
    calls: sumCalls(meta.calls),
    throttled: meta.throttled,
    lock: meta.lock,
    max_gap_ms: gaps.length === 0 ? null : gaps.reduce((a, b) => Math.max(a, b)),
    targets_failed: meta.targetsFailed,
  };
}

export { summarize };
export type { SummaryMeta };
