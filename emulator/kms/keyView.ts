/**
 * Renders a key the way describe-key and list-keys return it: every value a string
 * (docs/huawei-api.md#times-seconds-milliseconds-and-strings).
 */
import type { EmulatorConfig } from '../types.js';
import type { KeyMeta } from './store/KeyStore.js';

type KeyDetails = Record<string, string>;

/** Milliseconds as Huawei's 13-digit string, or seconds when the emulator is configured so; `''` when unset. */
function wireTime(ms: number | null, unit: EmulatorConfig['describe_time_unit']): string {
  if (ms === null) return '';
  return unit === 's' ? String(Math.floor(ms / 1000)) : String(ms);
}

/**
 * The KeyDetails object of a key.
 *
 * @example
 * keyDetails(key, ctx.config) // { key_id: '…', key_state: '5', creation_date: '1700000000000', … }
 */
function keyDetails(key: KeyMeta, config: EmulatorConfig): KeyDetails {
  const unit = config.describe_time_unit;
  return {
    key_id: key.key_id,
    domain_id: key.domain_id,
    key_alias: key.key_alias,
    realm: key.region,
    key_spec: key.key_spec,
    key_usage: key.key_usage,
    key_description: key.key_description,
    creation_date: wireTime(key.created_ms, unit),
    scheduled_deletion_date: wireTime(key.scheduled_deletion_ms, unit),
    key_state: key.key_state,
    default_key_flag: '0',
    key_type: '1',
    expiration_time: wireTime(key.material_expires_ms, unit),
    origin: key.origin,
    key_rotation_enabled: 'false',
    sys_enterprise_project_id: '0',
    keystore_id: '0',
  };
}

/**
 * The `resource_detail` of Huawei's own tag-query example (docs/huawei-api.md#tag-query-resource_instances): no
 * `expiration_time`, and the numbers unquoted (`"key_state": 2`).
 */
function minimalKeyDetails(key: KeyMeta): Record<string, string | number> {
  return {
    key_id: key.key_id,
    domain_id: key.domain_id,
    key_alias: key.key_alias,
    realm: key.region,
    key_description: key.key_description,
    creation_date: key.created_ms,
    scheduled_deletion_date: key.scheduled_deletion_ms ?? '',
    key_state: Number(key.key_state),
    default_key_flag: 0,
    key_type: 1,
  };
}

export { keyDetails, minimalKeyDetails, wireTime };
export type { KeyDetails };
