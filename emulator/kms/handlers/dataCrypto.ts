/**
 * encrypt-data / decrypt-data (docs/huawei-api.md#encrypt-and-decrypt) with AES-256-GCM under the key's material.
 * Refused in state "3" (KMS.0209), "4" (KMS.0210) and "5" (KMS.1301 "The key is not enabled": Huawei documents
 * no code for this, docs/emulator.md#kms-choices).
 */
import { ASYMMETRIC_SPECS, KeyState, KmsLimits, KmsPatterns } from '../constants.js';
import { openData, readSealedHeader, sealData } from '../crypto/dataCipher.js';
import type { EncryptionContext } from '../crypto/dataCipher.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import { loadKey, resolveKeyRef } from '../resolveKey.js';
import type { KeyMeta } from '../store/KeyStore.js';
import { optionalString, requireString } from '../validate.js';
import type { EmulatorResponse } from '../../types.js';

function encryptData(call: KmsCall): EmulatorResponse {
  const { body } = call.req;
  const key = resolveKeyRef(call);
  const plainText = requireString(body, 'plain_text');
  const plain = Buffer.from(plainText, 'utf8');
  if (plain.length > KmsLimits.plainTextMaxBytes) throw kmsError('KMS.2101', 'plain_text must be 1 to 4096 bytes.');
  const context = parseContext(body.encryption_context);
  const algorithm = optionalString(body, 'encryption_algorithm');
  checkUsable(key, algorithm);
  const material = materialOf(call, key);
  try {
    const sealed = sealData(key.key_id, material, plain, context);
    return { status: 200, body: { key_id: key.key_id, cipher_text: sealed.toString('base64') } };
  } finally {
    material.fill(0);
    plain.fill(0);
  }
}

function decryptData(call: KmsCall): EmulatorResponse {
  const { body } = call.req;
  const cipherText = requireString(body, 'cipher_text');
  if (!KmsPatterns.cipherText.test(cipherText)) throw kmsError('KMS.2201');
  const sealed = Buffer.from(cipherText, 'base64');
  const header = readSealedHeader(sealed);
  if (!header || !KmsPatterns.keyId.test(header.keyId)) throw kmsError('KMS.2201');
  const context = parseContext(body.encryption_context);
  const key = loadKey(call, header.keyId);
  checkUsable(key, optionalString(body, 'encryption_algorithm'));
  const material = materialOf(call, key);
  let plain: Buffer;
  try {
    plain = openData(sealed, material, context);
  } catch {
    throw kmsError('KMS.2201', 'Invalid cipher_text: it does not open under this key and encryption_context.');
  } finally {
    material.fill(0);
  }
  const response = {
    key_id: key.key_id,
    plain_text: plain.toString('utf8'),
    plain_text_base64: plain.toString('base64'),
  };
  plain.fill(0);
  return { status: 200, body: response };
}

function checkUsable(key: KeyMeta, algorithm: string | undefined): void {
  if (key.key_spec.startsWith('EC_')) throw kmsError('KMS.1114');
  if (ASYMMETRIC_SPECS.has(key.key_spec)) {
    throw kmsError('KMS.0308', 'encrypt-data/decrypt-data with RSA keys is not supported by the emulator.');
  }
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT') throw kmsError('KMS.2105');
  if (key.key_state === KeyState.Disabled) throw kmsError('KMS.0209');
  if (key.key_state === KeyState.PendingDeletion) throw kmsError('KMS.0210');
  if (key.key_state !== KeyState.Enabled || !key.has_material) throw kmsError('KMS.1301');
}

function materialOf(call: KmsCall, key: KeyMeta): Buffer {
  const material = call.store.keys.material(key.key_id);
  if (!material) throw kmsError('KMS.1301');
  return material;
}

/** `encryption_context`: a JSON object of strings (or its JSON text); anything else → KMS.0208. */
function parseContext(value: unknown): EncryptionContext | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw kmsError('KMS.0208');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw kmsError('KMS.0208');
  const entries = Object.entries(parsed);
  if (!entries.every(([, v]) => typeof v === 'string')) throw kmsError('KMS.0208');
  return Object.fromEntries(entries) as EncryptionContext;
}

export { decryptData, encryptData };
