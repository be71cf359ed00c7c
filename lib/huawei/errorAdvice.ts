/**
 * What to do about a failure, by Huawei code (docs/huawei-api.md#error-codes-the-code-handles) or network code.
 * Each entry finishes the sentence "<operation> failed: <code> ... ." with an instruction.
 */

const CREDENTIALS_ADVICE =
  'check HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_SECURITY_TOKEN with temporary ' +
  'credentials), that HUAWEICLOUD_SDK_PROJECT_ID belongs to the region, and that this machine\'s clock is ' +
  'within 15 minutes of the cloud\'s (requests carry X-Sdk-Date)';

/** The gateway says the signature's time is outside its window: the clock is wrong, the AK/SK are fine. */
const CLOCK_ADVICE =
  'the request was signed with a time more than 15 minutes away from the cloud\'s (X-Sdk-Date): set this ' +
  'machine\'s clock right (e.g. enable NTP); the AK/SK are not the cause';

const SIGNATURE_EXPIRED = /signature expired|request expired/i;

const PERMISSION_ADVICE =
  'grant the user or the function\'s agency KMS/CSMS permissions (e.g. the "KMS CMKFullAccess" and ' +
  '"CSMS FullAccess" policies) in this project';

const byCode: Readonly<Record<string, string>> = {
  'KMS.0205': 'the key id is malformed: use the 36-character key id (or alias/<name> where accepted)',
  'KMS.0207': 'the key does not exist in this project and region: check the key id, BYOK_REGION and HUAWEICLOUD_SDK_PROJECT_ID',
  'KMS.0209': 'the key is disabled: enable it (enable-key) first',
  'KMS.0210': 'the key is scheduled for deletion: cancel the deletion (cancel-key-deletion) first',
  'KMS.0301': CREDENTIALS_ADVICE,
  'KMS.0302': CREDENTIALS_ADVICE,
  'KMS.0303': CREDENTIALS_ADVICE,
  'KMS.0306': PERMISSION_ADVICE,
  'KMS.0307': PERMISSION_ADVICE,
  'KMS.0326': PERMISSION_ADVICE,
  'KMS.0330': PERMISSION_ADVICE,
  'KMS.0321': 'the project in the URL differs from the credentials\' scope: set HUAWEICLOUD_SDK_PROJECT_ID to the project of BYOK_REGION',
  'KMS.0328': 'KMS is frozen for this account (arrears): settle the account in the Huawei Cloud console',
  'KMS.0309': 'the key was not created with origin "external": only external keys accept imported material',
  'KMS.0310': 'the key is not in Pending import: check its state (describe-key); to renew an enabled key delete its imported material first (delete-first renewal)',
  'KMS.0311': 'KMS could not unwrap the material: wrap it with the public key from the same get-parameters-for-import call, using RSAES_OAEP_SHA_256',
  'KMS.0312': 'keys with imported material cannot be rotated by KMS: rotate by creating a new key and moving the alias',
  'KMS.0339': 'keys in a custom keystore cannot import material: create the key in the default keystore',
  'KMS.0409': 'a key carries at most 10 tags: remove unused tags first',
  'KMS.1104': 'the alias is already taken: pick another alias, or reuse the existing key',
  'KMS.1105': 'the project reached its custom key quota (100 per region): schedule unused keys for deletion or raise the quota',
  'KMS.1201': 'the key is not disabled: nothing to enable',
  'KMS.1301': 'the key is not enabled: check its state (describe-key)',
  'KMS.1401': 'pending_days must be between 7 and 1096',
  'KMS.1402': 'the key is already scheduled for deletion',
  'KMS.1404': 'material can only be imported in the key\'s original region: set BYOK_REGION to that region',
  'KMS.1501': 'the key is not scheduled for deletion: nothing to cancel',
  'KMS.1601': 'invalid page size (limit)',
  'KMS.1602': 'invalid page marker: restart the listing from the first page',
  'KMS.2601': 'the import token has expired: fetch new import parameters (get-parameters-for-import) and wrap the material again',
  'KMS.2602': 'the material expiration time must be in the future (epoch seconds)',
  'KMS.2603': 'the import token belongs to another key: fetch import parameters for this key',
  'KMS.2604': 'AES_256 material must be exactly 32 bytes before wrapping',
  'KMS.2605': 'the import token failed verification: fetch new import parameters and wrap the material again with the returned public key',
  'KMS.2606': 'this key only accepts the material first imported into it: check the secret version pinned in the key\'s byok:version tag',
  'KMS.2608': 'the asymmetric import is missing the wrapped private key (encrypted_privatekey)',
  'KMS.2609': 'the private key is invalid: wrap a PKCS#8 DER private key of the key\'s spec',
  'KMS.2610': 'the temporary AES key for asymmetric import must be 16 or 32 bytes',
  'KMS.2701': 'imported material can only be deleted while the key is Enabled or Disabled: check its state',
  'KMS.2702': 'imported asymmetric material cannot be deleted: schedule the key for deletion instead',
  'CSMS.0001': 'CSMS had an internal error: retry later',
  'CSMS.0005': 'the secret or secret version does not exist: check the secret name and version id (v1, v2, ... or latest)',
  'CSMS.0101': 'a secret with this name already exists: use it, or pick another name',
  'CSMS.0102': 'this version id already exists',
  'CSMS.0103': 'the secret is scheduled for deletion: cancel the deletion in CSMS first',
  'CSMS.0107': 'the secret is scheduled for deletion: cancel the deletion in CSMS first',
  'CSMS.0109': 'the secret is not enabled: enable it in CSMS first',
  'CSMS.0202': 'the secret quota is reached: delete unused secrets or raise the quota',
  'CSMS.0401': 'the KMS key protecting the secret is not usable: check that key\'s state',
  'APIG.0308': 'the API gateway throttled the request: slow down (the client retries with backoff; lower the configured rate)',
};

const byNetworkCode: Readonly<Record<string, string>> = {
  ETIMEDOUT: 'no answer before the request timeout: check connectivity to the endpoint, or raise the timeout',
  ECONNREFUSED: 'nothing accepts connections at the endpoint: check BYOK_KMS_ENDPOINT / BYOK_REGION (and that the embedded cloud runs)',
  ENOTFOUND: 'the endpoint host does not resolve: check BYOK_REGION / BYOK_KMS_ENDPOINT and DNS',
  EAI_AGAIN: 'DNS lookup failed temporarily: retry later',
  ECONNRESET: 'the connection was dropped: retry later',
};

/**
 * The instruction for a failure; `serviceMessage` tells a gateway's clock refusal from a wrong AK/SK (both are
 * `APIG.0301`).
 *
 * @example
 * adviceFor('KMS.2601', 400) // 'the import token has expired: fetch new import parameters ...'
 */
function adviceFor(code: string, httpStatus: number | undefined, serviceMessage?: string): string {
  if (httpStatus === 401 && serviceMessage !== undefined && SIGNATURE_EXPIRED.test(serviceMessage)) return CLOCK_ADVICE;
  const known = byCode[code] ?? byNetworkCode[code];
  if (known) return known;
  if (httpStatus === 401 || (httpStatus === 403 && code.startsWith('APIG'))) return CREDENTIALS_ADVICE;
  if (httpStatus === 403) return PERMISSION_ADVICE;
  if (httpStatus === 429) return 'the request was throttled: slow down and retry later';
  if (code.startsWith('KMS.010') || (httpStatus !== undefined && httpStatus >= 500)) return 'the service had an internal error: retry later';
  if (httpStatus === undefined) return 'no response was received: check connectivity to the endpoint and retry';
  return 'see the Huawei error code reference for this code';
}

export { adviceFor, CLOCK_ADVICE, CREDENTIALS_ADVICE };
