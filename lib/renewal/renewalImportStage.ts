/**
 * The import-material stage as the sweep runs it: S1's import stage (lib/stages/importMaterial.ts) wrapped with
 * what renewal adds before the import call —
 *  1. a re-describe of the key (when the sweep does not hold the lock, and on every retry): a key whose expiry
 *     another run already pushed beyond the lead is left alone (`already-renewed`), which is what keeps
 *     overlapping sweeps from importing twice when the lock is unavailable;
 *  2. the re-import mode for an enabled key: in-place, delete-first (delete-imported-key-material right before the
 *     import, with parameters fetched and material wrapped already, so the key is without material for two calls
 *     only), or auto (in-place, and on KMS.0310 delete-first with the same token, remembered for the sweep).
 * A key in Pending import (recovery, or the second pass after a re-fetch) is simply imported.
 */
import { KeyState } from '../domain/KeyState.js';
import type { KeyInfo } from '../domain/KeyInfo.js';
import { isCloudApiError } from '../errors.js';
import { newCorrelationId } from '../middleware/ids.js';
import { StageName } from '../ports/index.js';
import { defineStage } from '../stages/coreStages.js';
import type { StageDefinition } from '../stages/coreStages.js';
import { importMaterialStage } from '../stages/importMaterial.js';
import { LifecycleError } from '../stages/LifecycleError.js';
import { refetchParameters } from '../stages/refetch.js';
import { ImportMaterialEvent } from '../stages/schemas.js';
import type { StageDeps, StageResult } from '../stages/types.js';
import { RenewalMode } from './constants.js';
import type { KeyTrack, ModeMemo } from './KeyTrack.js';

/** What the stage needs to know about the key and the sweep. */
interface RenewalImportContext {
  track: KeyTrack;
  mode: RenewalMode;
  memo: ModeMemo;
  /** Re-describe before importing. */
  recheck: () => boolean;
  leadMs: number;
  /** The key's ttl is `never` (an enabled key without expiry is then up to date). */
  ttlNever: boolean;
  /** The state discovery saw. */
  plannedState: KeyState;
  tokenMarginMs: number;
}

const IN_PLACE_REJECTED = 'KMS.0310';
/** Outcome of the stage when another run renewed the key first. */
const ALREADY_RENEWED = 'already-renewed';

/** True when the key needs nothing any more: enabled, and its expiry is beyond the lead (or absent for `never`). */
function isUpToDate(info: KeyInfo, nowMs: number, leadMs: number, ttlNever: boolean): boolean {
  if (info.keyState !== KeyState.Enabled) return false;
  if (info.expirationTime === undefined) return ttlNever;
  return info.expirationTime.getTime() - nowMs > leadMs;
}

function stageResult(event: ImportMaterialEvent, outcome: string, info: KeyInfo): StageResult {
  return {
    ok: true,
    stage: StageName.ImportMaterial,
    key_id: event.key_id,
    correlation_id: event.correlation_id ?? newCorrelationId(),
    outcome,
    state: info.keyState,
    expires_at: info.expirationTime?.toISOString() ?? null,
  };
}

/** delete-imported-key-material, then S1's import with the token and wrapped material already in hand. */
async function deleteThenImport(event: ImportMaterialEvent, deps: StageDeps, ctx: RenewalImportContext): Promise<StageResult> {
  const expiresAtMs = ctx.track.paramsExpireAtMs;
  if (expiresAtMs !== undefined && expiresAtMs - deps.clock.now().getTime() < ctx.tokenMarginMs) {
    // Never delete with a token that may die before the import: the key would stay without material.
    const current = { key_id: event.key_id, correlation_id: event.correlation_id ?? newCorrelationId(), refetch: event.refetch };
    return refetchParameters(StageName.ImportMaterial, current, deps, 'the import token is too close to its expiry to delete the material first');
  }
  ctx.track.modeUsed = RenewalMode.DeleteFirst;
  await deps.keys.deleteImportedKeyMaterial(event.key_id);
  deps.logger.info('renewal.material_deleted', { key_id: event.key_id, action: 'delete-first' });
  return importMaterialStage(event, deps);
}

/** The current state, re-described or as far as this sweep knows. */
async function currentState(event: ImportMaterialEvent, deps: StageDeps, ctx: RenewalImportContext): Promise<KeyState | StageResult> {
  if (!ctx.recheck()) {
    if (ctx.track.deletedByUs) return KeyState.PendingImport;
    return ctx.track.importedByUs ? KeyState.Enabled : ctx.plannedState;
  }
  const info = await deps.keys.describeKey(event.key_id);
  if (isUpToDate(info, deps.clock.now().getTime(), ctx.leadMs, ctx.ttlNever)) {
    deps.logger.info('renewal.already_renewed', { key_id: event.key_id, expires_at: info.expirationTime?.toISOString() ?? null });
    return stageResult(event, ALREADY_RENEWED, info);
  }
  if (info.keyState === KeyState.PendingImport && !ctx.track.deletedByUs) ctx.track.foundPendingImport = true;
  if (info.keyState !== KeyState.Enabled && info.keyState !== KeyState.PendingImport) {
    throw new LifecycleError(`key ${event.key_id} became ${info.keyState} (${info.keyStateCode}) during the sweep; it was not renewed`, {
      code: 'BYOK.KEY_STATE_CHANGED',
      keyId: event.key_id,
    });
  }
  return info.keyState;
}

async function renewalImport(event: ImportMaterialEvent, deps: StageDeps, ctx: RenewalImportContext): Promise<StageResult> {
  const state = await currentState(event, deps, ctx);
  if (typeof state !== 'string') return state;
  if (state === KeyState.PendingImport) return importMaterialStage(event, deps);
  const inPlace = ctx.mode === RenewalMode.InPlace || (ctx.mode === RenewalMode.Auto && !ctx.memo.inPlaceRejected);
  if (!inPlace) return deleteThenImport(event, deps, ctx);
  try {
    ctx.track.modeUsed = RenewalMode.InPlace;
    return await importMaterialStage(event, deps);
  } catch (error) {
    if (ctx.mode !== RenewalMode.Auto || !isCloudApiError(error) || error.code !== IN_PLACE_REJECTED) throw error;
    ctx.memo.inPlaceRejected = true;
    deps.logger.warn('renewal.mode_fallback', { key_id: event.key_id, from: 'in-place', to: 'delete-first', error_code: IN_PLACE_REJECTED });
    return deleteThenImport(event, deps, ctx);
  }
}

/**
 * The stage definition to put in place of import-material in a key's in-process chain.
 *
 * @example
 * new InProcessDispatcher({ ...ports, stages: { [StageName.ImportMaterial]: renewalImportDefinition(ctx) } });
 */
function renewalImportDefinition(ctx: RenewalImportContext): StageDefinition<ImportMaterialEvent> {
  return defineStage(StageName.ImportMaterial, ImportMaterialEvent, (event, deps) => renewalImport(event, deps, ctx));
}

export { ALREADY_RENEWED, isUpToDate, renewalImportDefinition };
export type { RenewalImportContext };
