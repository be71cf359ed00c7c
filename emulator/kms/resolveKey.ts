/** Finding the key a request names: by id, or (where Huawei allows it) by `alias/<name>` or alias URN. */
import { KmsPatterns } from './constants.js';
import { kmsError } from './errors.js';
import type { KmsCall } from './KmsCall.js';
import type { KeyMeta } from './store/KeyStore.js';
import { requireString } from './validate.js';

/** The live key `keyId` of the request's project; unknown or deleted → 404 KMS.0207. */
function loadKey(call: KmsCall, keyId: string): KeyMeta {
  const key = call.store.keys.get(keyId);
  if (!key || key.deleted_ms !== null || key.project_id !== call.req.projectId) throw kmsError('KMS.0207');
  return key;
}

/**
 * Resolves `body[name]`: a key id, `alias/<name>`, or `kms:<region>:<domain>:alias:<name>` (describe-key and
 * encrypt-data accept all three). Malformed → KMS.0205, unknown → KMS.0207.
 */
function resolveKeyRef(call: KmsCall, name = 'key_id'): KeyMeta {
  const ref = requireString(call.req.body, name);
  if (KmsPatterns.keyId.test(ref)) return loadKey(call, ref);
  const alias = aliasFromRef(call, ref);
  if (alias === undefined || !KmsPatterns.aliasName.test(alias)) throw kmsError('KMS.0205');
  const row = call.store.aliases.get(call.req.projectId, alias);
  if (!row) throw kmsError('KMS.0207', 'The alias does not exist.');
  return loadKey(call, row.key_id);
}

function aliasFromRef(call: KmsCall, ref: string): string | undefined {
  if (ref.startsWith('alias/')) return ref;
  const urnPrefix = `kms:${call.ctx.region}:${call.ctx.domainId}:alias:`;
  return ref.startsWith(urnPrefix) ? `alias/${ref.slice(urnPrefix.length)}` : undefined;
}

/** The URN Huawei gives an alias: `kms:<region>:<domain>:alias:<name without "alias/">`. */
function aliasUrn(call: KmsCall, alias: string): string {
  return `kms:${call.ctx.region}:${call.ctx.domainId}:alias:${alias.replace(/^alias\//, '')}`;
}

export { aliasUrn, loadKey, resolveKeyRef };
