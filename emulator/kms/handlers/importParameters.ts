/**
 * get-parameters-for-import (docs/huawei-api.md#import-parameters): a fresh RSA-2048 wrapping key per call and a
 * token bound to the key, both valid 24 h on the emulator clock. For a key that holds material the
 * `import_parameters_enabled_key` switch decides (docs/emulator.md#switches). The private key is stored with the token; only
 * the public key leaves.
 */
import { randomBytes } from 'node:crypto';
import { KeyState, KmsLimits, KmsPatterns, Origin, WrappingAlgorithm } from '../constants.js';
import { encodeImportToken } from '../crypto/importToken.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import type { KmsStore } from '../store/KmsStore.js';
import { loadKey } from '../resolveKey.js';
import { requireKeyId, requireString } from '../validate.js';
import type { WrappingKeyPair, WrappingKeyPool } from '../WrappingKeyPool.js';
import type { EmulatorRequest, EmulatorResponse } from '../../types.js';

const ALGORITHMS: ReadonlySet<string> = new Set(Object.values(WrappingAlgorithm));

/**
 * Runs before the transaction: takes the wrapping key from the pool, waiting off the event loop when the pool
 * is cold. Skipped (a read only) for a request that will fail anyway — malformed, unknown or non-external key —
 * so bad requests neither drain the pool nor pay for a key generation.
 */
async function prepareWrappingKey(req: EmulatorRequest, pool: WrappingKeyPool, store: KmsStore): Promise<WrappingKeyPair | undefined> {
  const { key_id: keyId, wrapping_algorithm: algorithm } = req.body;
  const plausible = typeof keyId === 'string' && KmsPatterns.keyId.test(keyId) && ALGORITHMS.has(String(algorithm));
  if (!plausible) return undefined;
  const key = store.keys.get(keyId);
  const importable = key !== undefined && key.deleted_ms === null && key.origin === Origin.External;
  return importable ? pool.takeAsync() : undefined;
}

function isWrappingKeyPair(value: unknown): value is WrappingKeyPair {
  return Buffer.isBuffer((value as WrappingKeyPair | undefined)?.publicKeyDer);
}

function getParametersForImport(call: KmsCall): EmulatorResponse {
  const { body } = call.req;
  const keyId = requireKeyId(body);
  const algorithm = requireString(body, 'wrapping_algorithm');
  if (algorithm === 'SM2_ENCRYPT') {
    throw kmsError('KMS.0308', 'Invalid wrapping_algorithm: SM2_ENCRYPT is not supported in this region.');
  }
  if (!ALGORITHMS.has(algorithm)) throw kmsError('KMS.0308', 'Invalid wrapping_algorithm.');
  const key = loadKey(call, keyId);
  if (key.origin !== Origin.External) throw kmsError('KMS.0309');
  if (key.key_state === KeyState.PendingDeletion) throw kmsError('KMS.0210');
  // Whether Huawei hands out parameters for a key that still holds material is undocumented: a switch plays both.
  const holdsMaterial = key.key_state === KeyState.Enabled || key.key_state === KeyState.Disabled;
  if (holdsMaterial && call.ctx.config.import_parameters_enabled_key === 'reject') throw kmsError('KMS.0310');

  const pair = isWrappingKeyPair(call.req.prepared) ? call.req.prepared : call.pool.take();
  const tokenId = randomBytes(16).toString('hex');
  const expiresAtSeconds = Math.floor(call.nowMs / 1000) + KmsLimits.importTokenTtlSeconds;
  call.store.tokens.insert({
    token_id: tokenId,
    key_id: keyId,
    wrapping_algorithm: algorithm,
    private_key: pair.privateKeyDer,
    expires_ms: expiresAtSeconds * 1000,
  });
  const importToken = encodeImportToken(
    { tokenId, keyId, expiresAtSeconds, wrappingAlgorithm: algorithm as WrappingAlgorithm },
    pair.publicKeyDer,
    call.store.tokenSecret(),
  );
  pair.privateKeyDer.fill(0);
  return {
    status: 200,
    body: {
      key_id: keyId,
      import_token: importToken,
      expiration_time: expiresAtSeconds,
      public_key: pair.publicKeyDer.toString('base64'),
    },
  };
}

export { getParametersForImport, prepareWrappingKey };
