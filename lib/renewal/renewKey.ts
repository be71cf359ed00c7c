/**
 * One key's renewal (or recovery) in the sweep: S1's fetch → wrap → import chain in process (InProcessDispatcher,
 * import-material replaced by renewalImportStage.ts), tried up to `key_attempts` times. Never throws: whatever
 * happens becomes the key's report, so one key never stops the sweep.
 */
import { KeyState } from '../domain/KeyState.js';
import type { StageOutcome } from '../dispatch/InProcessDispatcher.js';
import { InProcessDispatcher } from '../dispatch/InProcessDispatcher.js';
import type { Logger } from '../log/Logger.js';
import { StageName } from '../ports/index.js';
import type { Clock, KeyService, SecretStore } from '../ports/index.js';
import { fullJitterDelayMs } from '../retry.js';
import { KeyOutcome, PlanAction } from './constants.js';
import { KeyTrack, trackedKeyService } from './KeyTrack.js';
import type { ModeMemo } from './KeyTrack.js';
import type { RenewalOptions } from './options.js';
import { ALREADY_RENEWED, isUpToDate, renewalImportDefinition } from './renewalImportStage.js';
import type { KeyReport, PlannedKey, SweepDeps, SweepTuning } from './types.js';

/** What renewing one key needs from the sweep. */
interface KeyRunContext {
  keys: KeyService;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  correlationId: string;
  options: RenewalOptions;
  memo: ModeMemo;
  /** The sweep holds the lock: no re-describe needed on the first try. */
  lockHeld: boolean;
  tuning: SweepTuning;
  elapsedMs: () => number;
  sleep: (delayMs: number) => Promise<void>;
  random: () => number;
  beforeStage: SweepDeps['beforeStage'];
  /** False once a new try would risk the deadline or the lock's staleness. */
  mayStart: () => boolean;
}

/** Failures another try cannot fix (they need a person, or the key is not ours to touch). */
const NEVER_RETRY: ReadonlySet<string> = new Set([
  'KMS.2606',
  'BYOK.FINGERPRINT_MISMATCH',
  'BYOK.NOT_MANAGED',
  'BYOK.BAD_SECRET_MATERIAL',
  'BYOK.INVALID_EVENT',
  'BYOK.KEY_STATE_CHANGED',
  'KMS.0207',
  'KMS.0309',
  'KMS.0310',
]);

type Failure = Extract<StageOutcome, { ok: false }>['error'];

function runChain(planned: PlannedKey, ctx: KeyRunContext, track: KeyTrack, attempt: number): Promise<StageOutcome> {
  const keyId = planned.row.key_id;
  const keys = trackedKeyService(ctx.keys, keyId, track, ctx.elapsedMs, planned.snapshot.tags);
  const dispatcher = new InProcessDispatcher({
    keys,
    secrets: ctx.secrets,
    clock: ctx.clock,
    logger: ctx.logger,
    // No describe-key after each import (3 calls per renewed key instead of 4): verification is deferred, not
    // lost. The next sweep's discovery (resource_instances answers every key's details) re-reads state and expiry
    // for free, and its plan flags an expiry that is not what was requested as drift (beyond the ttl, or none with
    // a ttl) or renews it again (short of it); a key left without material is planned as recover.
    options: { verifyProbe: ctx.options.verifyProbe, verifyImport: false },
    elapsedMs: ctx.elapsedMs,
    stages: {
      [StageName.ImportMaterial]: renewalImportDefinition({
        track,
        mode: ctx.options.mode,
        memo: ctx.memo,
        recheck: () => !ctx.lockHeld || attempt > 1,
        leadMs: planned.leadMs,
        ttlNever: planned.ttlSeconds === null,
        plannedState: planned.row.state,
        tokenMarginMs: ctx.tuning.tokenMarginMs,
      }),
    },
    beforeStage: async (stage, event) => {
      if (stage === StageName.WrapMaterial && typeof event['params_expire_at'] === 'string') {
        track.paramsExpireAtMs = Date.parse(event['params_expire_at']);
      }
      await ctx.beforeStage?.(stage, event);
    },
  });
  return dispatcher.runChain(StageName.FetchParameters, { key_id: keyId, correlation_id: ctx.correlationId });
}

/** After a failed try: is the key up to date anyway (another run's import, or our ambiguous one)? */
async function upToDateAfterFailure(planned: PlannedKey, ctx: KeyRunContext): Promise<{ upToDate: boolean; state?: KeyState; expiresAt?: string | null }> {
  try {
    const info = await ctx.keys.describeKey(planned.row.key_id);
    const upToDate = isUpToDate(info, ctx.clock.now().getTime(), planned.leadMs, planned.ttlSeconds === null);
    return { upToDate, state: info.keyState, expiresAt: info.expirationTime?.toISOString() ?? null };
  } catch {
    return { upToDate: false };
  }
}

/** Worth another try: a transient failure, an ambiguous import/delete, or a key without material (an outage). */
function shouldRetry(failure: Failure, track: KeyTrack, withoutMaterial: boolean): boolean {
  if (NEVER_RETRY.has(failure.code) && !(track.leftWithoutMaterial && !failure.code.endsWith('2606'))) return false;
  return failure.retryable || track.ambiguous || withoutMaterial;
}

/** Renewed or recovered, by what the plan said and what the re-describe found. */
function successOutcome(planned: PlannedKey, track: KeyTrack): KeyOutcome {
  const recovery = planned.row.action === PlanAction.Recover || (track.foundPendingImport && !track.ambiguous);
  return recovery ? KeyOutcome.Recovered : KeyOutcome.Renewed;
}

/**
 * Renews or recovers one planned key; answers its report (never rejects).
 *
 * @example
 * const report = await renewKey(planned, ctx);
 */
async function renewKey(planned: PlannedKey, ctx: KeyRunContext): Promise<KeyReport> {
  const track = new KeyTrack();
  const startedMs = ctx.elapsedMs();
  const finish = (outcome: KeyOutcome, attempt: number, extra: Partial<KeyReport>): KeyReport => {
    const report: KeyReport = { ...planned.row, outcome, attempt, duration_ms: Math.round(ctx.elapsedMs() - startedMs), ...extra };
    if (track.gapStartMs !== undefined) {
      report.gap_ms = Math.round((track.gapEndMs ?? ctx.elapsedMs()) - track.gapStartMs);
      ctx.logger[track.gapEndMs === undefined ? 'error' : 'info']('renewal.gap', {
        key_id: planned.row.key_id,
        gap_ms: report.gap_ms,
        outcome: track.gapEndMs === undefined ? 'open' : 'closed',
      });
    }
    if (track.modeUsed !== undefined) report.mode_used = track.modeUsed;
    return report;
  };
  let failure: Failure = { code: 'BYOK.DEADLINE', message: 'no time left to start a try', retryable: true };
  let attempt = 0;
  let finalState: KeyState | undefined;
  // A key without material is an outage (ours after a failed delete-first import, or found so): it gets
  // `rescueAttempts` more tries, still bounded by the deadline, rather than an hour until the next tick.
  const withoutMaterial = (): boolean =>
    track.leftWithoutMaterial || finalState === KeyState.PendingImport || (finalState === undefined && planned.row.action === PlanAction.Recover);
  const attemptLimit = (): number => ctx.options.keyAttempts + (withoutMaterial() ? ctx.tuning.rescueAttempts : 0);
  while (attempt < attemptLimit()) {
    if (attempt > 0) {
      if (!ctx.mayStart()) break;
      await ctx.sleep(fullJitterDelayMs(attempt, { baseDelayMs: ctx.tuning.keyRetryBaseMs, maxDelayMs: ctx.tuning.keyRetryMaxMs }, ctx.random));
    }
    attempt += 1;
    const result = await runChain(planned, ctx, track, attempt).catch((error: unknown) => ({
      ok: false as const,
      error: { code: 'BYOK.INTERNAL', message: `renewal of the key failed unexpectedly (${error instanceof Error ? error.name : 'error'})`, retryable: false },
    }));
    if (result.ok) {
      const already = result.outcome === ALREADY_RENEWED && !track.ambiguous && !track.importedByUs;
      return finish(already ? KeyOutcome.AlreadyRenewed : successOutcome(planned, track), attempt, {
        new_expires_at: typeof result['expires_at'] === 'string' || result['expires_at'] === null ? (result['expires_at'] as string | null) : undefined,
        final_state: KeyState.Enabled,
      });
    }
    failure = result.error;
    if (NEVER_RETRY.has(failure.code) && failure.code !== 'KMS.0310' && !track.leftWithoutMaterial) break;
    const check = await upToDateAfterFailure(planned, ctx);
    finalState = check.state ?? finalState;
    if (check.upToDate) {
      // The key has material again (another run's import, or our ambiguous one): any delete-first gap is over.
      if (track.gapStartMs !== undefined && track.gapEndMs === undefined) track.gapEndMs = ctx.elapsedMs();
      const ours = track.importedByUs || track.ambiguous;
      return finish(ours ? successOutcome(planned, track) : KeyOutcome.AlreadyRenewed, attempt, {
        new_expires_at: check.expiresAt ?? null,
        final_state: KeyState.Enabled,
      });
    }
    if (!shouldRetry(failure, track, withoutMaterial())) break;
  }
  if (track.leftWithoutMaterial) finalState = KeyState.PendingImport;
  return finish(KeyOutcome.Failed, attempt, {
    error_code: failure.code,
    error_message: failure.message,
    ...(finalState !== undefined ? { final_state: finalState } : {}),
  });
}

export { NEVER_RETRY, renewKey };
export type { KeyRunContext };
