/**
 * One try at renewing (or recovering) one key: the lifecycle's steps — fetch parameters, wrap, import — with what
 * renewal adds before the import:
 *  1. a re-describe of the key (when the sweep does not hold the lock, and on every retry): a key whose expiry
 *     another run already pushed beyond the lead is left alone (`already-renewed`), which keeps overlapping sweeps
 *     from importing twice when the lock is unavailable;
 *  2. the re-import mode for a key that holds material: in-place, delete-first (lib/renewal/deleteFirst.ts), or
 *     auto (in-place, and delete-first for the rest of the sweep once the cloud refuses in-place, or refuses
 *     import parameters for a key that holds material);
 *  3. a disabled key stays disabled: an import that enabled it (after a delete) is followed by disable-key.
 * A key in Pending import (a recovery, or a second try after our delete) is simply imported.
 */
import type { KeyInfo } from '../domain/KeyInfo.js';
import { KeyState } from '../domain/KeyState.js';
import { ErrorKind, hasKind } from '../errors/index.js';
import {
  LifecycleError,
  LifecycleErrorCode,
  MAX_REFETCH,
  WRAPPING_ALGORITHM,
  fetchParameters,
  tokenRejectedAgain,
  wrapForImport,
} from '../lifecycle/index.js';
import type { ImportOutcome, ManagedKey, WrappedMaterial } from '../lifecycle/index.js';
import type { ImportParameters } from '../domain/ImportParameters.js';
import { RenewalMode, RenewalStep } from './constants.js';
import { checkWindow, deleteThenImport, deleteThenParameters, importRecorded, learnParametersNeedPendingImport } from './deleteFirst.js';
import type { TryContext } from './deleteFirst.js';
import type { KeyRecord } from './KeyRecord.js';
import type { PlannedKey } from './types.js';

/** How a try ended well. */
type TryResult = { kind: 'imported' | 'already-renewed'; expiresAt: Date | undefined; finalState: KeyState };

const holdsMaterial = (state: KeyState): boolean => state === KeyState.Enabled || state === KeyState.Disabled;

/** True when the key's material needs nothing any more: its expiry is beyond the lead (or absent for `never`). */
function isUpToDate(info: KeyInfo, nowMs: number, leadMs: number, ttlNever: boolean): boolean {
  if (!holdsMaterial(info.keyState)) return false;
  if (info.expirationTime === undefined) return ttlNever;
  return info.expirationTime.getTime() - nowMs > leadMs;
}

/** The state the key must be left in: disabled when it was planned (or found) disabled, else enabled. */
function wantedState(planned: PlannedKey, found?: KeyState): KeyState {
  return planned.row.state === KeyState.Disabled || found === KeyState.Disabled ? KeyState.Disabled : KeyState.Enabled;
}

/** The key's state as far as this sweep knows, without asking. */
function knownState(planned: PlannedKey, record: KeyRecord): KeyState {
  if (record.deletedByUs && !record.importedByUs) return KeyState.PendingImport;
  return record.importedByUs ? KeyState.Enabled : planned.row.state;
}

/** Puts a key an import enabled back to disabled; answers the state it is left in. */
async function keepDisabled(ctx: Pick<TryContext, 'keys' | 'logger'>, keyId: string, wanted: KeyState, now: KeyState): Promise<KeyState> {
  if (wanted !== KeyState.Disabled || now === KeyState.Disabled) return now;
  await ctx.keys.disableKey(keyId);
  ctx.logger.info('renewal.state_restored', { key_id: keyId, state: KeyState.Disabled });
  return KeyState.Disabled;
}

/** The key's state before importing, re-described or as far as this sweep knows; the info when it is up to date. */
async function stateBeforeImport(planned: PlannedKey, key: ManagedKey, ctx: TryContext): Promise<KeyState | { upToDate: KeyInfo }> {
  if (!ctx.recheck) return knownState(planned, ctx.record);
  const info = await ctx.keys.describeKey(key.keyId);
  if (isUpToDate(info, ctx.clock.now().getTime(), planned.leadMs, key.ttl.seconds === null)) {
    ctx.logger.info('renewal.already_renewed', { key_id: key.keyId, expires_at: info.expirationTime?.toISOString() ?? null });
    return { upToDate: info };
  }
  if (info.keyState === KeyState.PendingImport && !ctx.record.deletedByUs) ctx.record.foundPendingImport = true;
  if (!holdsMaterial(info.keyState) && info.keyState !== KeyState.PendingImport) {
    throw new LifecycleError(`key ${key.keyId} became ${info.keyState} during the sweep; it was not renewed`, {
      code: LifecycleErrorCode.KeyStateChanged,
      keyId: key.keyId,
    });
  }
  return info.keyState;
}

/** Which way a key that holds material gets its later expiry, before any call. */
function plannedMode(ctx: TryContext): 'in-place' | 'delete-first' | 'delete-then-parameters' {
  if (ctx.memo.parametersNeedPendingImport && ctx.mode !== RenewalMode.InPlace) return 'delete-then-parameters';
  return ctx.mode === RenewalMode.InPlace || (ctx.mode === RenewalMode.Auto && !ctx.memo.inPlaceRejected) ? 'in-place' : 'delete-first';
}

async function importByMode(planned: PlannedKey, state: KeyState, ctx: TryContext, params: ImportParameters, wrapped: WrappedMaterial, key: ManagedKey): Promise<ImportOutcome | 'refetch'> {
  if (!holdsMaterial(state)) return importRecorded(ctx, params, wrapped, key);
  if (plannedMode(ctx) !== 'in-place') return deleteThenImport(planned, ctx, params, wrapped, key);
  try {
    ctx.record.modeUsed = RenewalMode.InPlace;
    return await importRecorded(ctx, params, wrapped, key);
  } catch (error) {
    if (ctx.mode !== RenewalMode.Auto || !hasKind(error, ErrorKind.ReimportRefused)) throw error;
    ctx.memo.inPlaceRejected = true;
    ctx.logger.warn('renewal.mode_fallback', { key_id: key.keyId, from: 'in-place', to: 'delete-first', error_code: error.code });
    return deleteThenImport(planned, ctx, params, wrapped, key);
  }
}

/**
 * The parameters and wrapped material, fetched before anything else; `undefined` when this cloud gives no
 * parameters for a key that holds material (then delete first, then ask).
 */
async function parametersFirst(state: KeyState, ctx: TryContext, key: ManagedKey): Promise<{ params: ImportParameters; wrapped: WrappedMaterial } | undefined> {
  await ctx.beforeStep?.(RenewalStep.FetchParameters, key.keyId);
  let params: ImportParameters;
  try {
    params = await fetchParameters(ctx.keys, key.keyId);
  } catch (error) {
    if (!holdsMaterial(state) || !hasKind(error, ErrorKind.ReimportRefused) || ctx.mode === RenewalMode.InPlace) throw error;
    learnParametersNeedPendingImport(ctx, key.keyId, error.code);
    return undefined;
  }
  await ctx.beforeStep?.(RenewalStep.WrapMaterial, key.keyId);
  const wrapped = await wrapForImport(ctx, key, { publicKey: params.publicKey, algorithm: WRAPPING_ALGORITHM });
  await ctx.beforeStep?.(RenewalStep.ImportMaterial, key.keyId, { importToken: params.importToken, encryptedKeyMaterial: wrapped.encryptedKeyMaterial });
  return { params, wrapped };
}

/** After an import: the key's state, disabled again when it must be (an import into Pending import enables it). */
async function settleState(planned: PlannedKey, ctx: TryContext, key: ManagedKey, before: KeyState): Promise<KeyState> {
  const wanted = wantedState(planned, before);
  if (wanted !== KeyState.Disabled) return KeyState.Enabled;
  // In place into a disabled key: what the cloud leaves is read back, not assumed.
  const now = holdsMaterial(before) && ctx.record.modeUsed === RenewalMode.InPlace ? (await ctx.keys.describeKey(key.keyId)).keyState : KeyState.Enabled;
  return keepDisabled(ctx, key.keyId, wanted, now);
}

/**
 * One try; throws what failed (renewKey decides on retries). A refused or nearly expired token is answered by
 * fetching new parameters once within the try.
 *
 * @example
 * const result = await renewOnce(planned, key, ctx);
 */
async function renewOnce(planned: PlannedKey, key: ManagedKey, ctx: TryContext): Promise<TryResult> {
  for (let refetch = 0; ; refetch++) {
    const known = knownState(planned, ctx.record);
    // Out of the window, do not spend calls on a key only delete-first can renew.
    if (holdsMaterial(known) && plannedMode(ctx) !== 'in-place') checkWindow(planned, ctx);
    const early = holdsMaterial(known) && plannedMode(ctx) === 'delete-then-parameters' ? undefined : await parametersFirst(known, ctx, key);
    const state = await stateBeforeImport(planned, key, ctx);
    if (typeof state !== 'string') {
      const finalState = await keepDisabled(ctx, key.keyId, wantedState(planned), state.upToDate.keyState);
      return { kind: 'already-renewed', expiresAt: state.upToDate.expirationTime, finalState };
    }
    let reason: { code: string; cause?: unknown };
    try {
      const outcome = early === undefined ? await deleteThenParameters(planned, ctx, key, holdsMaterial(state)) : await importByMode(planned, state, ctx, early.params, early.wrapped, key);
      if (outcome !== 'refetch') return { kind: 'imported', expiresAt: outcome.expiresAt, finalState: await settleState(planned, ctx, key, state) };
      reason = { code: 'BYOK.TOKEN_NEAR_EXPIRY' };
    } catch (error) {
      if (!hasKind(error, ErrorKind.ImportTokenRejected)) throw error;
      reason = { code: error.code, cause: error };
    }
    if (refetch >= MAX_REFETCH) throw tokenRejectedAgain(key.keyId, reason.code, reason.cause);
    ctx.logger.warn('import.refetch', { key_id: key.keyId, reason: reason.code, attempt: refetch + 1 });
  }
}

export { isUpToDate, keepDisabled, renewOnce, wantedState };
export type { TryContext, TryResult };
