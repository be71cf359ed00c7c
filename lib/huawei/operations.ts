/**
 * Every KMS and CSMS operation this client calls: method, Huawei's URL template and its retry class.
 *
 * Retry classes (see HuaweiTransport):
 * - `idempotent: true`: repeating the call cannot do harm, so throttling (429 / APIG.0308), 5xx and
 *   network failures are retried. Reads, encrypt/decrypt, get-parameters-for-import (each call just
 *   issues a fresh token), tag writes (set semantics), alias associate (same end state), and the
 *   state changes enable/disable/schedule/cancel (same end state; a repeat after an applied first
 *   attempt answers "already in that state", which the transport flags as `ambiguous`).
 * - `idempotent: false`: a repeat after an *ambiguous* failure (timeout, dropped connection, 5xx, i.e.
 *   the request may have been applied) could create a second key/secret/version/alias, or replay an import
 *   token that may be single use. Only failures where the request was certainly not processed are
 *   retried: 429 / APIG.0308 (rejected at the gateway) and connect-phase errors (ECONNREFUSED).
 *   Otherwise the error surfaces with `ambiguous: true`, `retryable: false` and `ambiguousAdvice`.
 */

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface OperationSpec {
  /** The client method name, used in errors and logs. */
  name: string;
  method: HttpMethod;
  /** Huawei's template; `{project_id}` is filled by the SDK credential, others from path params. */
  url: string;
  idempotent: boolean;
  /** For non-idempotent operations: how to find out whether an ambiguous attempt was applied. */
  ambiguousAdvice?: string;
}

const KMS = '/v1.0/{project_id}/kms';
const CSMS = '/v1/{project_id}/secrets';
const RECHECK_KEY =
  're-check the key state with describe-key before repeating: if it is Enabled the call went through; ' +
  'import tokens may be single use, so fetch new import parameters before importing again';

function op(name: string, method: HttpMethod, url: string, ambiguousAdvice?: string): OperationSpec {
  return ambiguousAdvice === undefined
    ? { name, method, url, idempotent: true }
    : { name, method, url, idempotent: false, ambiguousAdvice };
}

const KmsOperation = {
  createKey: op('createKey', 'POST', `${KMS}/create-key`, 'look the key up by its alias (describe-key alias/<name> or list-keys) before creating it again'),
  describeKey: op('describeKey', 'POST', `${KMS}/describe-key`),
  listKeys: op('listKeys', 'POST', `${KMS}/list-keys`),
  getParametersForImport: op('getParametersForImport', 'POST', `${KMS}/get-parameters-for-import`),
  importKeyMaterial: op('importKeyMaterial', 'POST', `${KMS}/import-key-material`, RECHECK_KEY),
  deleteImportedKeyMaterial: op('deleteImportedKeyMaterial', 'POST', `${KMS}/delete-imported-key-material`, RECHECK_KEY.replace('Enabled the call went through', 'Pending import the deletion went through')),
  enableKey: op('enableKey', 'POST', `${KMS}/enable-key`),
  disableKey: op('disableKey', 'POST', `${KMS}/disable-key`),
  scheduleKeyDeletion: op('scheduleKeyDeletion', 'POST', `${KMS}/schedule-key-deletion`),
  cancelKeyDeletion: op('cancelKeyDeletion', 'POST', `${KMS}/cancel-key-deletion`),
  encryptData: op('encryptData', 'POST', `${KMS}/encrypt-data`),
  decryptData: op('decryptData', 'POST', `${KMS}/decrypt-data`),
  createKeyTag: op('createKeyTag', 'POST', `${KMS}/{key_id}/tags`),
  batchKeyTags: op('batchKeyTags', 'POST', `${KMS}/{key_id}/tags/action`),
  showKeyTags: op('showKeyTags', 'GET', `${KMS}/{key_id}/tags`),
  listKeysByTags: op('listKeysByTags', 'POST', `${KMS}/resource_instances/action`),
  createAlias: op('createAlias', 'POST', `${KMS}/aliases`, 'list the key\'s aliases (listAliases) before creating it again'),
  listAliases: op('listAliases', 'GET', `${KMS}/aliases`),
  associateAlias: op('associateAlias', 'POST', `${KMS}/alias/associate`),
  deleteAliases: op('deleteAliases', 'DELETE', `${KMS}/aliases`),
} as const satisfies Record<string, OperationSpec>;

const CsmsOperation = {
  createSecret: op('createSecret', 'POST', CSMS, 'check whether the secret exists (showSecret) before creating it again'),
  showSecret: op('showSecret', 'GET', `${CSMS}/{secret_name}`),
  createSecretVersion: op('createSecretVersion', 'POST', `${CSMS}/{secret_name}/versions`, 'list the secret\'s versions (listSecretVersions) before creating another one'),
  showSecretVersion: op('showSecretVersion', 'GET', `${CSMS}/{secret_name}/versions/{version_id}`),
  listSecretVersions: op('listSecretVersions', 'GET', `${CSMS}/{secret_name}/versions`),
} as const satisfies Record<string, OperationSpec>;

export { CsmsOperation, KmsOperation };
export type { HttpMethod, OperationSpec };
