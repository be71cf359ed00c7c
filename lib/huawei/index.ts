/** The Huawei Cloud adapters: KMS and CSMS clients on one signed transport, and their config. */
import { CsmsClient } from './CsmsClient.js';
import { HuaweiTransport } from './HuaweiTransport.js';
import type { HuaweiTransportOptions } from './HuaweiTransport.js';
import { KmsClient } from './KmsClient.js';

/**
 * A KMS and a CSMS client sharing one transport (one host, one credential, one retry policy).
 *
 * @example
 * const { kms, csms } = createHuaweiClients({ config: resolveHuaweiConfig(process.env) });
 */
function createHuaweiClients(options: HuaweiTransportOptions): { kms: KmsClient; csms: CsmsClient; transport: HuaweiTransport } {
  const transport = new HuaweiTransport(options);
  return { kms: new KmsClient({ transport }), csms: new CsmsClient({ transport }), transport };
}

export { createHuaweiClients };
export { CsmsClient } from './CsmsClient.js';
export type { CreateSecretInput, CreateSecretVersionInput, CsmsClientOptions, SecretPayload } from './CsmsClient.js';
export { EnvVar, hasCloudCredentials, kmsEndpointForRegion, resolveFunctionGraphConfig, resolveHuaweiConfig } from './config.js';
export type { EnvSource, FunctionGraphCredentialSource, HuaweiCloudConfig } from './config.js';
export { parseErrorBody } from './errorMapping.js';
export { DEFAULT_TIMEOUT_MS, HuaweiTransport, sdkDate } from './HuaweiTransport.js';
export type { HuaweiTransportOptions, OperationRequest } from './HuaweiTransport.js';
export { KmsAliasClient } from './KmsAliasClient.js';
export { KmsClient } from './KmsClient.js';
export type { CreateKeyInput, DecryptDataInput, EncryptDataInput, ImportKeyMaterialInput, KmsClientOptions, ListKeysInput } from './KmsClient.js';
export { KmsTagClient } from './KmsTagClient.js';
export type { KeyTagQuery } from './KmsTagClient.js';
export { CsmsOperation, KmsOperation } from './operations.js';
export type { OperationSpec } from './operations.js';
export type { HttpAdapter, HttpAdapterRequest, HttpAdapterResponse } from './requestHooks.js';
export { silenceSdkLogging } from './sdkLogging.js';
export { BYOK_USER_AGENT, BYOK_VERSION } from './userAgent.js';
