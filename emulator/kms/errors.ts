/**
 * KMS error codes with their HTTP status and Huawei's message (OTC `appendix/error_code.rst`). Handlers throw
 * `kmsError(code)`; the core renders it nested: `{"error":{"error_code","error_msg"}}`.
 */
import { WireError } from '../types.js';

const KmsCodes = {
  'KMS.0202': [400, 'Invalid JSON format of the request message.'],
  'KMS.0203': [400, 'Request message too long.'],
  'KMS.0204': [400, 'Parameters missing in the request message.'],
  'KMS.0205': [400, 'Invalid key ID.'],
  'KMS.0207': [404, 'The key does not exist.'],
  'KMS.0208': [400, 'Invalid value of value encryption_context.'],
  'KMS.0209': [400, 'The key has been disabled.'],
  'KMS.0210': [400, 'The key is in Scheduled deletion state and cannot be used.'],
  'KMS.0308': [400, 'Invalid parameter.'],
  'KMS.0309': [400, 'External keys required.'],
  'KMS.0310': [400, 'The key is not in Pending import state.'],
  'KMS.0311': [400, 'Failed to decrypt data using the RSA private key.'],
  'KMS.0335': [400, 'The cmk is used to sign and verify.'],
  'KMS.0339': [400, 'The custom keystore do not support import key.'],
  'KMS.0401': [400, 'Tag list cannot be empty.'],
  'KMS.0402': [400, 'Invalid match value.'],
  'KMS.0403': [400, 'Invalid match key.'],
  'KMS.0404': [400, 'Invalid action.'],
  'KMS.0405': [400, 'Invalid tag value.'],
  'KMS.0406': [400, 'Invalid tag key.'],
  'KMS.0409': [400, 'Too many tags.'],
  'KMS.0410': [400, 'Invalid tag value length.'],
  'KMS.0411': [400, 'Invalid tag key length.'],
  'KMS.0412': [400, 'Invalid tag list.'],
  'KMS.0414': [400, 'Invalid tags.'],
  'KMS.0415': [400, 'Invalid matches.'],
  'KMS.0416': [404, 'Invalid tag ID.'],
  'KMS.0417': [400, 'Invalid offset.'],
  'KMS.1101': [400, 'Invalid key_alias.'],
  'KMS.1103': [400, 'Invalid key_description.'],
  'KMS.1104': [400, 'Duplicate key aliases.'],
  'KMS.1105': [400, 'Too many keys.'],
  'KMS.1114': [400, 'EC keys do not support to encrypt/decrypt.'],
  'KMS.1201': [400, 'The key is not disabled.'],
  'KMS.1301': [400, 'The key is not enabled.'],
  'KMS.1401': [400, 'Set the pending deletion period between 7 to 1096 days.'],
  'KMS.1402': [400, 'The key is already in Pending deletion state.'],
  'KMS.1501': [400, 'The key is not in Pending deletion state.'],
  'KMS.1601': [400, 'Invalid limit.'],
  'KMS.1602': [400, 'marker must be greater than or equals 0.'],
  'KMS.1603': [400, 'Invalid offset.'],
  'KMS.2101': [400, 'Invalid plain_text.'],
  'KMS.2105': [400, 'The symmetric key not support this encryption algorithm.'],
  'KMS.2201': [400, 'Invalid cipher_text.'],
  'KMS.2601': [400, 'Token expired.'],
  'KMS.2602': [400, 'Key expiration time must be later than the current time.'],
  'KMS.2603': [400, 'Key IDs in the imported key and token do not match.'],
  'KMS.2604': [400, 'The external key plaintext length must be 32 bits.'],
  'KMS.2605': [400, 'Token verification failed.'],
  'KMS.2606': [
    400,
    'You are importing a deleted key again. The imported plaintext must be the same as the deleted key plaintext.',
  ],
  'KMS.2608': [400, 'The imported asymmetric private key can not be null.'],
  'KMS.2609': [400, 'The imported asymmetric private is invalid.'],
  'KMS.2610': [400, 'The temporary key length must be 16 or 32.'],
  'KMS.2701': [400, 'Key material is not in Enabled or Disabled state and cannot be deleted.'],
  'KMS.2702': [400, 'The imported private key material can not be deleted.'],
} as const satisfies Record<string, readonly [number, string]>;
type KmsCode = keyof typeof KmsCodes;

/**
 * Builds the error a handler throws. `detail` replaces Huawei's generic message where it helps the caller (it
 * never carries material, tokens or wrapped bytes).
 *
 * @example
 * throw kmsError('KMS.0207');
 */
function kmsError(code: KmsCode, detail?: string): WireError {
  const [status, message] = KmsCodes[code];
  return new WireError(status, code, detail ?? message);
}

export { KmsCodes, kmsError };
export type { KmsCode };
