/** The KMS route table: Huawei's paths, the rate-limit group of each, and the handler. */
import { ApiGroup } from '../types.js';
import type { EmulatorRequest, ErrorShape } from '../types.js';
import { createAlias, associateAlias, deleteAliases, listAliases } from './handlers/aliases.js';
import { createKey, prepareCreateKey } from './handlers/createKey.js';
import { decryptData, encryptData } from './handlers/dataCrypto.js';
import { deleteImportedKeyMaterial } from './handlers/deleteMaterial.js';
import { keyHistory } from './handlers/history.js';
import { getParametersForImport, prepareWrappingKey } from './handlers/importParameters.js';
import { importKeyMaterial } from './handlers/importMaterial.js';
import { cancelKeyDeletion, disableKey, enableKey, scheduleKeyDeletion } from './handlers/keyState.js';
import { describeKey, listKeys } from './handlers/queryKeys.js';
import { listResourceInstances } from './handlers/resourceInstances.js';
import { batchTags, createTag, deleteTag, showKeyTags, showProjectTags } from './handlers/tags.js';
import type { KmsHandler } from './KmsCall.js';
import type { KmsStore } from './store/KmsStore.js';
import type { WrappingKeyPool } from './WrappingKeyPool.js';

interface KmsRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  group: ApiGroup;
  errorShape: ErrorShape;
  handler: KmsHandler;
  /** Asynchronous work before the transaction (see `RoutePrepare`); gets the service's key pool. */
  prepare?: (req: EmulatorRequest, pool: WrappingKeyPool, store: KmsStore) => Promise<unknown>;
}

const KMS = '/v1.0/{project_id}/kms';

function kms(method: KmsRoute['method'], path: string, group: ApiGroup, handler: KmsHandler): KmsRoute {
  return { method, path: `${KMS}/${path}`, group, errorShape: 'kms', handler };
}

/** Every KMS route. Literal paths (`kms/tags`, `kms/aliases`) cannot clash with `{key_id}/tags`: different depths. */
const kmsRoutes: readonly KmsRoute[] = [
  { ...kms('POST', 'create-key', ApiGroup.KmsKey, createKey), prepare: prepareCreateKey },
  kms('POST', 'describe-key', ApiGroup.KmsKey, describeKey),
  kms('POST', 'list-keys', ApiGroup.KmsKey, listKeys),
  kms('POST', 'enable-key', ApiGroup.KmsKey, enableKey),
  kms('POST', 'disable-key', ApiGroup.KmsKey, disableKey),
  kms('POST', 'schedule-key-deletion', ApiGroup.KmsKey, scheduleKeyDeletion),
  kms('POST', 'cancel-key-deletion', ApiGroup.KmsKey, cancelKeyDeletion),
  kms('POST', 'aliases', ApiGroup.KmsKey, createAlias),
  kms('GET', 'aliases', ApiGroup.KmsKey, listAliases),
  kms('DELETE', 'aliases', ApiGroup.KmsKey, deleteAliases),
  kms('POST', 'alias/associate', ApiGroup.KmsKey, associateAlias),
  { ...kms('POST', 'get-parameters-for-import', ApiGroup.KmsImport, getParametersForImport), prepare: prepareWrappingKey },
  kms('POST', 'import-key-material', ApiGroup.KmsImport, importKeyMaterial),
  kms('POST', 'delete-imported-key-material', ApiGroup.KmsImport, deleteImportedKeyMaterial),
  kms('POST', 'encrypt-data', ApiGroup.KmsCrypto, encryptData),
  kms('POST', 'decrypt-data', ApiGroup.KmsCrypto, decryptData),
  kms('GET', 'tags', ApiGroup.KmsTag, showProjectTags),
  kms('POST', 'resource_instances/action', ApiGroup.KmsTag, listResourceInstances),
  kms('POST', '{key_id}/tags', ApiGroup.KmsTag, createTag),
  kms('POST', '{key_id}/tags/action', ApiGroup.KmsTag, batchTags),
  kms('GET', '{key_id}/tags', ApiGroup.KmsTag, showKeyTags),
  kms('DELETE', '{key_id}/tags/{key}', ApiGroup.KmsTag, deleteTag),
  { method: 'GET', path: '/_emulator/keys/{key_id}/history', group: ApiGroup.Control, errorShape: 'flat', handler: keyHistory },
];

export { kmsRoutes };
export type { KmsRoute };
