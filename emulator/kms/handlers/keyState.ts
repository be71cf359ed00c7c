/** enable-key, disable-key, schedule-key-deletion and cancel-key-deletion (docs/huawei-api.md#kms-operations-used). */
import { HistoryReason, KeyState, KmsLimits } from '../constants.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import { loadKey } from '../resolveKey.js';
import { requireKeyId } from '../validate.js';
import type { EmulatorResponse } from '../../types.js';

const DAY_MS = 24 * 3600 * 1000;

/** Disabled ("3") → enabled. A key pending deletion → KMS.0210; any other state → KMS.1201. */
function enableKey(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, requireKeyId(call.req.body));
  if (key.key_state === KeyState.PendingDeletion) throw kmsError('KMS.0210');
  if (key.key_state !== KeyState.Disabled) throw kmsError('KMS.1201');
  call.store.keys.setState(key.key_id, KeyState.Enabled);
  call.store.history.append(key.key_id, call.nowMs, KeyState.Enabled, HistoryReason.Enabled);
  return { status: 200, body: { key_info: { key_id: key.key_id, key_state: KeyState.Enabled } } };
}

/** Enabled ("2") → disabled. A key pending deletion → KMS.0210; any other state (incl. "5") → KMS.1301. */
function disableKey(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, requireKeyId(call.req.body));
  if (key.key_state === KeyState.PendingDeletion) throw kmsError('KMS.0210');
  if (key.key_state !== KeyState.Enabled) throw kmsError('KMS.1301');
  call.store.keys.setState(key.key_id, KeyState.Disabled);
  call.store.history.append(key.key_id, call.nowMs, KeyState.Disabled, HistoryReason.Disabled);
  return { status: 200, body: { key_info: { key_id: key.key_id, key_state: KeyState.Disabled } } };
}

/** Any state but "4" → "4", deleted `pending_days` ("7".."1096") later on the emulator clock. */
function scheduleKeyDeletion(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, requireKeyId(call.req.body));
  const pendingDays = parsePendingDays(call.req.body.pending_days);
  if (key.key_state === KeyState.PendingDeletion) throw kmsError('KMS.1402');
  call.store.keys.schedule(key.key_id, call.nowMs + pendingDays * DAY_MS, KeyState.PendingDeletion);
  call.store.history.append(key.key_id, call.nowMs, KeyState.PendingDeletion, HistoryReason.DeletionScheduled);
  return { status: 200, body: { key_id: key.key_id, key_state: KeyState.PendingDeletion } };
}

/** "4" → disabled ("3"), as in Huawei's example; a key that lost its material meanwhile → "5". */
function cancelKeyDeletion(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, requireKeyId(call.req.body));
  if (key.key_state !== KeyState.PendingDeletion) throw kmsError('KMS.1501');
  const state = key.has_material ? KeyState.Disabled : KeyState.PendingImport;
  call.store.keys.schedule(key.key_id, null, state);
  call.store.history.append(key.key_id, call.nowMs, state, HistoryReason.DeletionCancelled);
  return { status: 200, body: { key_id: key.key_id, key_state: state } };
}

function parsePendingDays(value: unknown): number {
  if (value === undefined || value === null || value === '') {
    throw kmsError('KMS.0204', 'Missing parameter: pending_days.');
  }
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,6}$/.test(text)) throw kmsError('KMS.1401');
  const days = Number(text);
  if (days < KmsLimits.pendingDaysMin || days > KmsLimits.pendingDaysMax) throw kmsError('KMS.1401');
  return days;
}

export { cancelKeyDeletion, disableKey, enableKey, scheduleKeyDeletion };
