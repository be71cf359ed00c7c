/**
 * One key's renewal (or recovery) in the sweep: tries of {@link renewOnce}, up to `key_attempts` (more for a key
 * without material, deadline permitting). Never throws: whatever happens becomes the key's report, so one key never
 * stops the sweep.
 */
import { KeyState } from '../domain/KeyState.js';
import { ErrorKind, classifyError } from '../errors/index.js';
import type { ClassifiedError } from '../errors/index.js';
import { LifecycleErrorCode } from '../lifecycle/index.js';
import type { LifecycleDeps, ManagedKey } from '../lifecycle/index.js';
import { fullJitterDelayMs } from '../retry.js';
import { KeyOutcome, PlanAction } from './constants.js';
import { KeyRecord } from './KeyRecord.js';
import type { ModeMemo } from './KeyRecord.js';
import type { RenewalOptions } from './options.js';
import { OUTSIDE_WINDOW } from './deleteFirst.js';
import { isUpToDate, keepDisabled, renewOnce, wantedState } from './renewalTry.js';
import type { KeyReport, PlannedKey, SweepDeps, SweepTuning } from './types.js';

/** What renewing one key needs from the sweep. */
interface KeyRunContext extends LifecycleDeps {
  renewal: RenewalOptions;
  memo: ModeMemo;
  /** The sweep holds the lock: no re-describe needed on the first try. */
  lockHeld: boolean;
  tuning: SweepTuning;
  elapsedMs: () => number;
  sleep: (delayMs: number) => Promise<void>;
  random: () => number;
  beforeStep: SweepDeps['beforeStep'];
  /** False once a new try would risk the deadline or the lock's staleness. */
  mayStart: () => boolean;
  /** See `TryContext.prepayImportCalls`. */
  prepayImportCalls?: (keyId: string, calls: number) => Promise<void>;
}

/** Failures another try cannot fix (they need a person, or the key is not ours to touch), by kind and by code. */
const NEVER_RETRY_KINDS: ReadonlySet<string> = new Set([ErrorKind.MaterialMismatch, ErrorKind.NotFound, ErrorKind.InvalidState, ErrorKind.ReimportRefused]);
const NEVER_RETRY_CODES: ReadonlySet<string> = new Set([
  LifecycleErrorCode.FingerprintMismatch,
  LifecycleErrorCode.NotManaged,
  LifecycleErrorCode.BadSecretMaterial,
  LifecycleErrorCode.KeyStateChanged,
  'BYOK.INVALID_EVENT',
]);

const neverRetry = (failure: ClassifiedError): boolean =>
  NEVER_RETRY_CODES.has(failure.code) || (failure.kind !== undefined && NEVER_RETRY_KINDS.has(failure.kind));

/**
 * After a failed try: is the key up to date anyway (another run's import, or our ambiguous one)? A disabled key an
 * import of ours enabled is disabled again here.
 */
async function upToDateAfterFailure(planned: PlannedKey, key: ManagedKey, ctx: KeyRunContext): Promise<{ upToDate: boolean; state?: KeyState; expiresAt?: string | null }> {
  try {
    const info = await ctx.keys.describeKey(key.keyId);
    const upToDate = isUpToDate(info, ctx.clock.now().getTime(), planned.leadMs, key.ttl.seconds === null);
    const state = upToDate ? await keepDisabled(ctx, key.keyId, wantedState(planned), info.keyState) : info.keyState;
    return { upToDate, state, expiresAt: info.expirationTime?.toISOString() ?? null };
  } catch {
    return { upToDate: false };
  }
}

/** Worth another try: a transient failure, an ambiguous import/delete, or a key without material (an outage). */
function shouldRetry(failure: ClassifiedError, record: KeyRecord, withoutMaterial: boolean): boolean {
  // A key this sweep left without material is retried even after most refusals — but never for other material.
  if (neverRetry(failure) && !(record.leftWithoutMaterial && failure.kind !== ErrorKind.MaterialMismatch)) return false;
  return failure.retryable || record.ambiguous || withoutMaterial;
}

/** Renewed or recovered, by what the plan said and what the re-describe found. */
function successOutcome(planned: PlannedKey, record: KeyRecord): KeyOutcome {
  const recovery = planned.row.action === PlanAction.Recover || (record.foundPendingImport && !record.ambiguous);
  return recovery ? KeyOutcome.Recovered : KeyOutcome.Renewed;
}

/** Ends the key's delete-first gap in its report and the `renewal.gap` line. */
function reportGap(report: KeyReport, record: KeyRecord, ctx: KeyRunContext): void {
  if (record.gapStartMs === undefined) return;
  report.gap_ms = Math.round((record.gapEndMs ?? ctx.elapsedMs()) - record.gapStartMs);
  ctx.logger[record.gapEndMs === undefined ? 'error' : 'info']('renewal.gap', {
    key_id: report.key_id,
    gap_ms: report.gap_ms,
    outcome: record.gapEndMs === undefined ? 'open' : 'closed',
  });
}

/**
 * Renews or recovers one planned (due) key; answers its report (never rejects).
 *
 * @example
 * const report = await renewKey(planned, ctx);
 */
async function renewKey(planned: PlannedKey, ctx: KeyRunContext): Promise<KeyReport> {
  const record = new KeyRecord();
  const startedMs = ctx.elapsedMs();
  const finish = (outcome: KeyOutcome, attempt: number, extra: Partial<KeyReport>): KeyReport => {
    const report: KeyReport = { ...planned.row, outcome, attempt, duration_ms: Math.round(ctx.elapsedMs() - startedMs), ...extra };
    reportGap(report, record, ctx);
    if (record.modeUsed !== undefined) report.mode_used = record.modeUsed;
    return report;
  };
  const key = planned.managed;
  if (key === undefined) {
    return finish(KeyOutcome.Failed, 0, { error_code: LifecycleErrorCode.NotManaged, error_message: planned.row.reason });
  }
  let failure: ClassifiedError = { code: 'BYOK.DEADLINE', message: 'no time left to start a try', retryable: true, logFields: {} };
  let attempt = 0;
  let finalState: KeyState | undefined;
  // A key without material is an outage (ours after a failed delete-first import, or found so): it gets
  // `rescueAttempts` more tries, still bounded by the deadline, rather than an hour until the next tick.
  // A delete whose answer was lost counts too: the key may be without material although no describe said so yet.
  const withoutMaterial = (): boolean =>
    record.mayBeWithoutMaterial || finalState === KeyState.PendingImport || (finalState === undefined && planned.row.action === PlanAction.Recover);
  const attemptLimit = (): number => ctx.renewal.keyAttempts + (withoutMaterial() ? ctx.tuning.rescueAttempts : 0);
  while (attempt < attemptLimit()) {
    if (attempt > 0) {
      if (!ctx.mayStart()) break;
      await ctx.sleep(fullJitterDelayMs(attempt, { baseDelayMs: ctx.tuning.keyRetryBaseMs, maxDelayMs: ctx.tuning.keyRetryMaxMs }, ctx.random));
    }
    attempt += 1;
    try {
      const result = await renewOnce(planned, key, {
        ...ctx,
        mode: ctx.renewal.mode,
        record,
        recheck: !ctx.lockHeld || attempt > 1,
        tokenMarginMs: ctx.tuning.tokenMarginMs,
        windows: ctx.renewal.windows,
      });
      const already = result.kind === 'already-renewed' && !record.ambiguous && !record.importedByUs;
      return finish(already ? KeyOutcome.AlreadyRenewed : successOutcome(planned, record), attempt, {
        new_expires_at: result.expiresAt?.toISOString() ?? null,
        final_state: result.finalState,
      });
    } catch (error) {
      failure = classifyError(error, 'the renewal of this key');
      // Left for a maintenance window: not a failure, not worth another try now.
      if (failure.code === OUTSIDE_WINDOW && !record.deletedByUs) return finish(KeyOutcome.Deferred, attempt, { error_code: failure.code, error_message: failure.message });
      ctx.logger.warn('renewal.attempt_failed', { key_id: key.keyId, attempt, error_code: failure.code, retryable: failure.retryable, ...failure.logFields });
    }
    if (neverRetry(failure) && failure.kind !== ErrorKind.ReimportRefused && !record.leftWithoutMaterial) break;
    const check = await upToDateAfterFailure(planned, key, ctx);
    finalState = check.state ?? finalState;
    if (check.upToDate) {
      record.materialBack(ctx.elapsedMs());
      const ours = record.importedByUs || record.ambiguous;
      return finish(ours ? successOutcome(planned, record) : KeyOutcome.AlreadyRenewed, attempt, {
        new_expires_at: check.expiresAt ?? null,
        final_state: check.state ?? KeyState.Enabled,
      });
    }
    if (!shouldRetry(failure, record, withoutMaterial())) break;
  }
  if (record.leftWithoutMaterial) finalState = KeyState.PendingImport;
  return finish(KeyOutcome.Failed, attempt, {
    error_code: failure.code,
    error_message: failure.message,
    ...(finalState !== undefined ? { final_state: finalState } : {}),
  });
}

export { renewKey };
export type { KeyRunContext };
