/** CSMS wire objects → typed values (docs/huawei-api.md#csms-secrets-and-versions). */
import type { Secret, SecretVersion, SecretVersionMetadata } from './csmsTypes.js';
import { SecretValue } from '../domain/SecretValue.js';
import { compact } from './kmsMappers.js';
import { asRecord, optBool, optDate, optStr, reqStr, strList } from './normalise.js';
import type { Wire } from './normalise.js';

function toSecret(raw: Wire, field = 'secret'): Secret {
  return compact<Secret>({
    id: reqStr(raw['id'], `${field}.id`),
    name: reqStr(raw['name'], `${field}.name`),
    state: optStr(raw['state']) ?? 'ENABLED',
    kmsKeyId: optStr(raw['kms_key_id']),
    description: optStr(raw['description']),
    createTime: optDate(raw['create_time'], `${field}.create_time`),
    updateTime: optDate(raw['update_time'], `${field}.update_time`),
    scheduledDeleteTime: optDate(raw['scheduled_delete_time'], `${field}.scheduled_delete_time`),
    secretType: optStr(raw['secret_type']),
    autoRotation: optBool(raw['auto_rotation'], `${field}.auto_rotation`),
    eventSubscriptions: strList(raw['event_subscriptions'], `${field}.event_subscriptions`),
  });
}

function toVersionMetadata(raw: Wire, field = 'version_metadata'): SecretVersionMetadata {
  return compact<SecretVersionMetadata>({
    id: reqStr(raw['id'], `${field}.id`),
    secretName: optStr(raw['secret_name']),
    createTime: optDate(raw['create_time'], `${field}.create_time`),
    expireTime: optDate(raw['expire_time'], `${field}.expire_time`),
    kmsKeyId: optStr(raw['kms_key_id']),
    versionStages: strList(raw['version_stages'], `${field}.version_stages`),
  });
}

/** show version: `{version:{version_metadata:{...}, secret_string | secret_binary}}`. */
function toSecretVersion(body: Wire): SecretVersion {
  const version = asRecord(body['version'], 'version');
  const secretString = typeof version['secret_string'] === 'string' ? version['secret_string'] : undefined;
  const secretBinary = typeof version['secret_binary'] === 'string' ? version['secret_binary'] : undefined;
  return compact<SecretVersion>({
    metadata: toVersionMetadata(asRecord(version['version_metadata'], 'version.version_metadata')),
    secretString: secretString === undefined ? undefined : new SecretValue(secretString),
    secretBinary: secretBinary === undefined ? undefined : new SecretValue(secretBinary),
  });
}

export { toSecret, toSecretVersion, toVersionMetadata };
