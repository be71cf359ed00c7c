/** describe-key and list-keys (docs/huawei-api.md#kms-operations-used). */
import { KeySpec, KmsLimits } from '../constants.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import { keyDetails } from '../keyView.js';
import { resolveKeyRef } from '../resolveKey.js';
import { optionalIntString, optionalString } from '../validate.js';
import type { EmulatorResponse } from '../../types.js';

const LIST_SPECS: ReadonlySet<string> = new Set([...Object.values(KeySpec), 'ALL']);

function describeKey(call: KmsCall): EmulatorResponse {
  const key = resolveKeyRef(call);
  return { status: 200, body: { key_info: keyDetails(key, call.ctx.config) } };
}

/**
 * Pages through the project's live keys in creation order. `marker` is the offset of the page (Huawei's
 * examples use "1", "10"); `next_marker` is the offset of the next page, `''` on the last.
 */
function listKeys(call: KmsCall): EmulatorResponse {
  const { body, projectId } = call.req;
  const limit = optionalIntString(body.limit, 'KMS.1601', 1, Number.MAX_SAFE_INTEGER) ?? KmsLimits.listKeysDefaultLimit;
  const marker = optionalIntString(body.marker, 'KMS.1602', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const keyState = optionalString(body, 'key_state') ?? null;
  if (keyState !== null && !/^[1-5]$/.test(keyState)) throw kmsError('KMS.0308', 'Invalid key_state.');
  const spec = optionalString(body, 'key_spec') ?? KeySpec.Aes256;
  if (!LIST_SPECS.has(spec)) throw kmsError('KMS.0308', 'Invalid key_spec.');
  const filter = { projectId, keySpec: spec === 'ALL' ? null : spec, keyState };

  const total = call.store.keys.count(filter);
  const page = call.store.keys.list(filter, limit, marker);
  const truncated = marker + page.length < total;
  return {
    status: 200,
    body: {
      keys: page.map((key) => key.key_id),
      key_details: page.map((key) => keyDetails(key, call.ctx.config)),
      next_marker: truncated ? String(marker + page.length) : '',
      truncated: truncated ? 'true' : 'false',
      total,
    },
  };
}

export { describeKey, listKeys };
