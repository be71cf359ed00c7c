/** The whole import of a managed key in this process: fetch parameters, wrap, import — once more on a refused token. */
import { ErrorKind, hasKind } from '../errors/index.js';
import { fetchParameters, WRAPPING_ALGORITHM } from './fetchParameters.js';
import { importMaterial } from './importMaterial.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import type { ManagedKey } from './managedKey.js';
import type { ImportOutcome, LifecycleDeps } from './types.js';
import { wrapForImport } from './wrapForImport.js';

/** How many times an import goes back for new parameters after KMS refused the token. */
const MAX_REFETCH = 1;

function tokenRejectedAgain(keyId: string, code: string, cause: unknown): LifecycleError {
  return new LifecycleError(
    `the import token for key ${keyId} was refused again (${code}) after fetching new import parameters once; check ` +
      'that the clocks agree and retry later (the next renewal tick will)',
    { code: LifecycleErrorCode.TokenRejected, retryable: true, keyId, cause },
  );
}

/**
 * Imports the key's pinned material (rotation, CLI recovery). The stages run the same three steps as separate
 * functions; the renewal sweep composes them itself, around a delete when it renews delete-first.
 *
 * @throws {LifecycleError} as the three steps, and `BYOK.IMPORT_TOKEN_REJECTED` after a second refused token
 * @example
 * const outcome = await importPinnedMaterial(deps, await readManagedKey(deps.keys, keyId));
 */
async function importPinnedMaterial(deps: LifecycleDeps, key: ManagedKey): Promise<ImportOutcome> {
  for (let refetch = 0; ; refetch++) {
    const params = await fetchParameters(deps.keys, key.keyId);
    const wrapped = await wrapForImport(deps, key, { publicKey: params.publicKey, algorithm: WRAPPING_ALGORITHM });
    try {
      return await importMaterial(deps, {
        importToken: params.importToken,
        wrapped,
        fingerprintRecorded: key.tags.fingerprint !== undefined,
      });
    } catch (error) {
      if (!hasKind(error, ErrorKind.ImportTokenRejected)) throw error;
      if (refetch >= MAX_REFETCH) throw tokenRejectedAgain(key.keyId, error.code, error);
      deps.logger.warn('import.refetch', { key_id: key.keyId, reason: `${error.code} on import`, attempt: refetch + 1 });
    }
  }
}

export { MAX_REFETCH, importPinnedMaterial, tokenRejectedAgain };
