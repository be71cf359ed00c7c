/**
 * import-key-material (docs/huawei-api.md#importing-material, docs/huawei-api.md#asymmetric-import): unwraps with the
 * token's private key, enforces the one-material-per-key rule (docs/huawei-api.md#the-re-import-rule) and moves the
 * key to "2". Checks run in this order: request format (KMS.0204/0205/0308), key (KMS.0207, KMS.0309, KMS.0310),
 * token (KMS.2605, KMS.2603, KMS.2601), expiry (KMS.2602), unwrap (KMS.0311, KMS.2604, KMS.2608–2610), same
 * material (KMS.2606). A token is single-use: once an import succeeds with it, it answers KMS.2605. A failed
 * import leaves the token usable. Both are choices where Huawei is silent (docs/emulator.md#kms-choices).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ASYMMETRIC_SPECS, HistoryReason, KeyState, KmsPatterns, Origin } from '../constants.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import { loadKey } from '../resolveKey.js';
import type { KeyMeta } from '../store/KeyStore.js';
import { requireKeyId, requireString } from '../validate.js';
import type { EmulatorResponse } from '../../types.js';
import { parseExpirationTime, unwrapMaterial, verifyImportToken } from './importChecks.js';

function importKeyMaterial(call: KmsCall): EmulatorResponse {
  const { body } = call.req;
  // Decode and validate the request.
  const keyId = requireKeyId(body);
  const token = requireString(body, 'import_token');
  if (!KmsPatterns.importToken.test(token)) throw kmsError('KMS.0308', 'Invalid import_token.');
  const wrapped = requireString(body, 'encrypted_key_material');
  if (!KmsPatterns.encryptedKeyMaterial.test(wrapped)) throw kmsError('KMS.0308', 'Invalid encrypted_key_material.');
  const expiresAtMs = parseExpirationTime(body.expiration_time);
  // Load the key and check its state.
  const key = loadKey(call, keyId);
  if (key.origin !== Origin.External) throw kmsError('KMS.0309');
  const reimport = checkImportState(call, key);
  // Verify the token, then the expiry.
  const tokenRow = verifyImportToken(call, token, keyId);
  const asymmetric = ASYMMETRIC_SPECS.has(key.key_spec);
  if (asymmetric && expiresAtMs !== null) {
    throw kmsError('KMS.0308', 'expiration_time cannot be set for asymmetric keys.');
  }
  if (expiresAtMs !== null && expiresAtMs <= call.nowMs) throw kmsError('KMS.2602');
  // Unwrap and apply the one-material rule.
  const material = unwrapMaterial(tokenRow, key.key_spec, wrapped, call.req.body.encrypted_privatekey);
  const firstMaterial = call.store.keys.material(keyId);
  try {
    if (firstMaterial && !sameBytes(firstMaterial, material)) throw kmsError('KMS.2606');
    const digest = createHash('sha256').update(material).digest('hex');
    const state = reimport ? key.key_state : KeyState.Enabled;
    call.store.keys.putMaterial(keyId, material, digest, expiresAtMs, state);
  } finally {
    material.fill(0);
    firstMaterial?.fill(0);
  }
  // Save the token's use and the history.
  call.store.tokens.markUsed(tokenRow.token_id, call.nowMs);
  const reason = reimport ? HistoryReason.ExpiryRefreshed : HistoryReason.Imported;
  call.store.history.append(keyId, call.nowMs, reimport ? key.key_state : KeyState.Enabled, reason);
  return { status: 200, body: {} };
}

/**
 * State "5" imports. An enabled or disabled key accepts the same material again (refreshing its expiry) only
 * when the emulator is configured `reimport_enabled_key: allow`; otherwise, and in every other state, KMS.0310.
 * Returns whether this is such a re-import.
 */
function checkImportState(call: KmsCall, key: KeyMeta): boolean {
  if (key.key_state === KeyState.PendingImport) return false;
  const holdsMaterial = key.key_state === KeyState.Enabled || key.key_state === KeyState.Disabled;
  if (holdsMaterial && call.ctx.config.reimport_enabled_key === 'allow') return true;
  throw kmsError('KMS.0310');
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export { importKeyMaterial };
