/**
 * delete-imported-key-material (docs/huawei-api.md#material-expiry): enabled/disabled external symmetric key →
 * "5", expiry cleared.
 */
import { ASYMMETRIC_SPECS, HistoryReason, KeyState, Origin } from '../constants.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import { loadKey } from '../resolveKey.js';
import { requireKeyId } from '../validate.js';
import type { EmulatorResponse } from '../../types.js';

function deleteImportedKeyMaterial(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, requireKeyId(call.req.body));
  if (key.origin !== Origin.External) throw kmsError('KMS.0309');
  if (ASYMMETRIC_SPECS.has(key.key_spec)) throw kmsError('KMS.2702');
  if (key.key_state !== KeyState.Enabled && key.key_state !== KeyState.Disabled) throw kmsError('KMS.2701');
  call.store.keys.dropMaterial(key.key_id, KeyState.PendingImport);
  call.store.history.append(key.key_id, call.nowMs, KeyState.PendingImport, HistoryReason.MaterialDeleted);
  return { status: 200 };
}

export { deleteImportedKeyMaterial };
