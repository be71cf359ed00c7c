/**
 * Wire shapes of CSMS objects, field for field as the SDK models (`secret.py`,
 * `version_metadata.py`, `stage.py`, `version.py`).
 *
 * Times: the models' prose says epoch seconds, but Huawei's own Terraform provider divides
 * `create_time` and a stage's `update_time` by 1000 and documents `expire_time` in milliseconds,
 * so the service answers milliseconds. The emulator follows the `describe_time_unit` switch
 * (default ms), the same open question as KMS describe-key.
 */
import type { EmulatorConfig } from '../types.js';
import type { SecretRow, StageRow, VersionRow } from './SecretStore.js';

type TimeUnit = EmulatorConfig['describe_time_unit'];

function wireTime(ms: number, unit: TimeUnit): number {
  return unit === 's' ? Math.floor(ms / 1000) : ms;
}

function versionId(seq: number): string {
  return `v${seq}`;
}

/** `v7` → 7; anything else → undefined. */
function parseVersionId(id: string): number | undefined {
  const match = /^v([1-9][0-9]{0,8})$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

/** The `Secret` object. Unset optional fields are left out; `scheduled_delete_time` is null when none. */
function secretView(row: SecretRow, unit: TimeUnit): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: row.id,
    name: row.name,
    state: row.state,
    kms_key_id: row.kms_key_id,
    description: row.description,
    create_time: wireTime(row.create_time_ms, unit),
    update_time: wireTime(row.update_time_ms, unit),
    scheduled_delete_time:
      row.scheduled_delete_time_ms === null ? null : wireTime(row.scheduled_delete_time_ms, unit),
    secret_type: row.secret_type,
    auto_rotation: row.auto_rotation === 1,
    event_subscriptions: JSON.parse(row.event_subscriptions) as string[],
    enterprise_project_id: row.enterprise_project_id,
  };
  if (row.rotation_period !== null) view.rotation_period = row.rotation_period;
  if (row.rotation_config !== null) view.rotation_config = row.rotation_config;
  if (row.rotation_func_urn !== null) view.rotation_func_urn = row.rotation_func_urn;
  return view;
}

/** The `VersionMetadata` object; `expire_time` only when set. */
function versionMetadataView(
  secretName: string,
  version: Omit<VersionRow, 'value'>,
  stages: readonly string[],
  unit: TimeUnit,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: versionId(version.seq),
    create_time: wireTime(version.create_time_ms, unit),
    kms_key_id: version.kms_key_id,
    secret_name: secretName,
    version_stages: [...stages],
  };
  if (version.expire_time !== null) view.expire_time = version.expire_time;
  return view;
}

/** The `Stage` object. */
function stageView(secretName: string, stage: StageRow, unit: TimeUnit): Record<string, unknown> {
  return {
    name: stage.name,
    update_time: wireTime(stage.update_time_ms, unit),
    secret_name: secretName,
    version_id: versionId(stage.seq),
  };
}

/** Stage names per version seq, in name order. */
function stagesBySeq(stages: readonly StageRow[]): Map<number, string[]> {
  const bySeq = new Map<number, string[]>();
  for (const stage of stages) {
    const names = bySeq.get(stage.seq) ?? [];
    names.push(stage.name);
    bySeq.set(stage.seq, names);
  }
  return bySeq;
}

export { parseVersionId, secretView, stageView, stagesBySeq, versionId, versionMetadataView, wireTime };
export type { TimeUnit };
