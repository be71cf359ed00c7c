/** A fresh wrapping key and import token for a key (valid 24 h on Huawei). */
import { WrappingAlgorithm } from '../domain/ImportParameters.js';
import type { ImportParameters } from '../domain/ImportParameters.js';
import type { KeyService } from '../ports/index.js';

/** The wrapping algorithm asked for: the one current Huawei APIs offer for AES-256 material (docs/huawei-api.md). */
const WRAPPING_ALGORITHM = WrappingAlgorithm.RsaesOaepSha256;

/**
 * get-parameters-for-import with {@link WRAPPING_ALGORITHM}. The token is a credential for this key's import: it
 * stays a `SecretValue` and is never logged.
 *
 * @example
 * const params = await fetchParameters(deps.keys, keyId);
 */
function fetchParameters(keys: Pick<KeyService, 'getParametersForImport'>, keyId: string): Promise<ImportParameters> {
  return keys.getParametersForImport(keyId, WRAPPING_ALGORITHM);
}

export { WRAPPING_ALGORITHM, fetchParameters };
