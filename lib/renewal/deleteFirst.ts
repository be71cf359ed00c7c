/**
 * Delete-first renewal, the smallest outage a cloud that refuses in-place re-imports allows
 * (docs/huawei-api.md#in-place-re-import-is-undocumented, docs/renewal.md#the-delete-first-gap): everything that can
 * happen before delete-imported-key-material does — the secret read, the fingerprint check, the wrap, and the import
 * parameters when KMS gives them for a key that still holds material — so the key is without material from the
 * delete to the import's answer only. When KMS gives no parameters for such a key (learnt once per target,
 * `ModeMemo.parametersNeedPendingImport`), the material is read and checked first, then delete, parameters, wrap,
 * import: a longer gap by one call. Neither is started outside the maintenance windows (unless the key would expire
 * before the next one opens).
 */
import { ByokError } from '../errors/index.js';
import { WRAPPING_ALGORITHM, fetchParameters, importWrapped, readPinnedMaterial, verifyImported } from '../lifecycle/index.js';
import type { ImportOutcome, LifecycleDeps, ManagedKey, WrappedMaterial } from '../lifecycle/index.js';
import type { ImportParameters } from '../domain/ImportParameters.js';
import { RenewalMode, RenewalStep } from './constants.js';
import type { KeyRecord, ModeMemo } from './KeyRecord.js';
import type { PlannedKey, SweepDeps } from './types.js';
import { isInWindow, nextOpening } from './windows.js';
import type { MaintenanceWindow } from './windows.js';

/** Code of a key left for a maintenance window. */
const OUTSIDE_WINDOW = 'BYOK.OUTSIDE_WINDOW';

/** What one try needs from the sweep (ports gated, options, the key's record). */
interface TryContext extends LifecycleDeps {
  mode: RenewalMode;
  memo: ModeMemo;
  record: KeyRecord;
  /** Re-describe before importing. */
  recheck: boolean;
  /** delete-first refuses to delete with an import token this close to its expiry. */
  tokenMarginMs: number;
  elapsedMs: () => number;
  beforeStep: SweepDeps['beforeStep'];
  /** Delete-first renewals start only inside one of these (undefined: any time). */
  windows: readonly MaintenanceWindow[] | undefined;
  /** Takes the rate slots of the key's import-group calls that follow its delete, before the delete. */
  prepayImportCalls?: (keyId: string, calls: number) => Promise<void>;
}

/** Throws {@link OUTSIDE_WINDOW} unless a delete-first renewal of the key may start now. */
function checkWindow(planned: PlannedKey, ctx: TryContext): void {
  const windows = ctx.windows;
  const nowMs = ctx.clock.now().getTime();
  if (windows === undefined || isInWindow(windows, nowMs)) return;
  const opensAtMs = nextOpening(windows, nowMs);
  const expiresAtMs = planned.row.expires_at === null ? undefined : Date.parse(planned.row.expires_at);
  // A short, planned gap beats a lapse: a key that would expire before the next window opens is renewed now.
  if (expiresAtMs !== undefined && expiresAtMs <= opensAtMs) {
    ctx.logger.warn('renewal.window_override', { key_id: planned.row.key_id, expires_at: planned.row.expires_at, next_window_at: new Date(opensAtMs).toISOString() });
    return;
  }
  throw new ByokError(`not started: a delete-first renewal waits for the next maintenance window (${new Date(opensAtMs).toISOString()})`, {
    code: OUTSIDE_WINDOW,
  });
}

/** The import call, recorded (its answer closes a delete-first gap), then the verification. */
async function importRecorded(ctx: TryContext, params: ImportParameters, wrapped: WrappedMaterial, key: ManagedKey): Promise<ImportOutcome> {
  try {
    await importWrapped(ctx, params.importToken, wrapped);
    ctx.record.importAnswered(undefined, ctx.elapsedMs());
  } catch (error) {
    ctx.record.importAnswered(error, ctx.elapsedMs());
    throw error;
  }
  return verifyImported(ctx, wrapped, key.tags.fingerprint !== undefined);
}

/**
 * delete-imported-key-material, recorded: from here the key is without material until an import answers. The
 * `following` import-group calls (the import; the parameters too when they come after) are paid for first, so
 * they go out at once.
 */
async function deleteRecorded(ctx: TryContext, key: ManagedKey, following: number): Promise<void> {
  await ctx.prepayImportCalls?.(key.keyId, following);
  ctx.record.modeUsed = RenewalMode.DeleteFirst;
  ctx.record.deleteSent(ctx.elapsedMs());
  try {
    await ctx.keys.deleteImportedKeyMaterial(key.keyId);
    ctx.record.deleteAnswered(undefined);
  } catch (error) {
    ctx.record.deleteAnswered(error);
    throw error;
  }
  ctx.logger.info('renewal.material_deleted', { key_id: key.keyId, action: 'delete-first' });
}

/** delete, then the import with the token and wrapped material already in hand ('refetch': the token is too old). */
async function deleteThenImport(planned: PlannedKey, ctx: TryContext, params: ImportParameters, wrapped: WrappedMaterial, key: ManagedKey): Promise<ImportOutcome | 'refetch'> {
  // Never delete with a token that may die before the import: the key would stay without material.
  if (params.expiresAt.getTime() - ctx.clock.now().getTime() < ctx.tokenMarginMs) return 'refetch';
  checkWindow(planned, ctx);
  await deleteRecorded(ctx, key, 1);
  return importRecorded(ctx, params, wrapped, key);
}

/**
 * The material read and checked, then delete, parameters, wrap, import — for a cloud that gives parameters only for
 * a key in Pending import. `deleteFirst` false: the key has no material already (a recovery, or our own delete of
 * an earlier try), so no delete.
 */
async function deleteThenParameters(planned: PlannedKey, ctx: TryContext, key: ManagedKey, deleteFirst: boolean): Promise<ImportOutcome> {
  await ctx.beforeStep?.(RenewalStep.WrapMaterial, key.keyId);
  const held = await readPinnedMaterial(ctx, key);
  try {
    if (deleteFirst) {
      checkWindow(planned, ctx);
      await deleteRecorded(ctx, key, 2);
    }
    await ctx.beforeStep?.(RenewalStep.FetchParameters, key.keyId);
    const params = await fetchParameters(ctx.keys, key.keyId);
    const wrapped = held.wrap({ publicKey: params.publicKey, algorithm: WRAPPING_ALGORITHM });
    await ctx.beforeStep?.(RenewalStep.ImportMaterial, key.keyId, { importToken: params.importToken, encryptedKeyMaterial: wrapped.encryptedKeyMaterial });
    return await importRecorded(ctx, params, wrapped, key);
  } finally {
    held.dispose();
  }
}

/** KMS refused parameters for a key that holds material: in place is impossible here; delete first, then ask. */
function learnParametersNeedPendingImport(ctx: TryContext, keyId: string, code: string): void {
  const memo: ModeMemo = ctx.memo;
  if (memo.parametersNeedPendingImport) return;
  memo.parametersNeedPendingImport = true;
  memo.inPlaceRejected = true;
  ctx.logger.warn('renewal.mode_fallback', { key_id: keyId, from: 'parameters-first', to: 'delete-then-parameters', error_code: code });
}

export { OUTSIDE_WINDOW, checkWindow, deleteThenImport, deleteThenParameters, importRecorded, learnParametersNeedPendingImport };
export type { TryContext };
