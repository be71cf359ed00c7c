/**
 * Time-driven changes, applied on every clock move (onClock) and before every KMS request, so a key's state is
 * right whatever the clock mode:
 *  - material whose `expiration_time` passed is deleted `expiry_deletion_delay_seconds` later (Huawei: "within
 *    24 h", docs/huawei-api.md#material-expiry); until then the key keeps working. The key goes to "5" (a key
 *    pending deletion stays "4").
 *  - a key whose scheduled deletion date passed is deleted (its history stays readable).
 *  - import tokens expired for longer than the retention period are purged.
 */
import type { ServiceContext } from '../types.js';
import { HistoryReason, KeyState, KmsLimits } from './constants.js';
import type { KmsStore } from './store/KmsStore.js';

/** Applies every change due at `nowMs`. */
function applyDueChanges(store: KmsStore, ctx: ServiceContext, nowMs: number): void {
  const delayMs = Math.max(0, ctx.config.expiry_deletion_delay_seconds) * 1000;
  for (const key of store.keys.dueExpiries(nowMs - delayMs)) {
    const expiredMs = key.material_expires_ms ?? nowMs;
    const state = key.key_state === KeyState.PendingDeletion ? KeyState.PendingDeletion : KeyState.PendingImport;
    store.keys.dropMaterial(key.key_id, state);
    store.history.append(key.key_id, expiredMs, key.key_state, HistoryReason.MaterialExpired);
    store.history.append(key.key_id, expiredMs + delayMs, state, HistoryReason.MaterialDeleted);
  }
  for (const key of store.keys.dueDeletions(nowMs)) {
    store.keys.markDeleted(key.key_id, key.scheduled_deletion_ms ?? nowMs);
    store.tags.deleteAll(key.key_id);
    store.aliases.deleteForKey(key.key_id);
    store.history.append(key.key_id, key.scheduled_deletion_ms ?? nowMs, key.key_state, HistoryReason.KeyDeleted);
  }
  store.tokens.purge(nowMs - KmsLimits.expiredTokenRetentionMs);
}

export { applyDueChanges };
