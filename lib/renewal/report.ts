/** Key reports and their `renewal.key` log line (one per key per sweep; docs/logs.md#per-key-line). */
import { KeyState } from '../domain/KeyState.js';
import type { Logger } from '../log/Logger.js';
import { KeyOutcome } from './constants.js';
import type { KeyReport, PlannedKey } from './types.js';

/** A report for a key that was not worked on (skipped, drift, planned, deferred). */
function untouchedReport(planned: PlannedKey, outcome: KeyOutcome, extra: Partial<KeyReport> = {}): KeyReport {
  return { ...planned.row, outcome, attempt: 0, duration_ms: 0, ...extra };
}

/** The state a key is in after the sweep, as far as the sweep knows. */
function finalStateOf(report: KeyReport): KeyState {
  if (report.final_state !== undefined) return report.final_state;
  if (report.outcome === KeyOutcome.Renewed || report.outcome === KeyOutcome.Recovered || report.outcome === KeyOutcome.AlreadyRenewed) {
    return KeyState.Enabled;
  }
  return report.state;
}

/**
 * Writes the key's `renewal.key` line: error for a failure (with `alert` when the key is left in Pending import),
 * warn for a deferral, info otherwise.
 */
function logKeyReport(logger: Logger, report: KeyReport): void {
  const finalState = finalStateOf(report);
  const leftPending = report.outcome === KeyOutcome.Failed && finalState === KeyState.PendingImport;
  const level = report.outcome === KeyOutcome.Failed ? 'error' : report.outcome === KeyOutcome.Deferred ? 'warn' : 'info';
  logger[level]('renewal.key', {
    key_id: report.key_id,
    alias: report.alias,
    region: report.region ?? undefined,
    state: report.state,
    expires_at: report.expires_at,
    days_left: report.days_left,
    action: report.action,
    outcome: report.outcome,
    reason: report.reason,
    error_code: report.error_code,
    error_message: report.error_message,
    attempt: report.attempt,
    duration_ms: report.duration_ms,
    new_expires_at: report.new_expires_at,
    gap_ms: report.gap_ms,
    mode_used: report.mode_used,
    ...(finalState !== report.state ? { final_state: finalState } : {}),
    ...(leftPending ? { alert: true } : {}),
  });
}

export { finalStateOf, logKeyReport, untouchedReport };
