/**
 * Version operations: create (v1, v2, …; 20 per secret), show with value (by id or `latest`),
 * list (metadata only, pages by `marker`/`limit`).
 */
import { CsmsLimits, LATEST_VERSION_ALIAS, SecretState, SystemStage } from '../constants.js';
import { CsmsError, csmsError } from '../errors.js';
import { SecretEventType, notifySecretEvent } from '../notify.js';
import type { SecretRow, SecretStore, VersionRow } from '../SecretStore.js';
import { assignStages } from '../stageRules.js';
import { invalid, parseExpireTime, parseQueryInteger, parseSecretValue, parseVersionStages } from '../validate.js';
import { parseVersionId, stagesBySeq, versionId, versionMetadataView } from '../views.js';
import { type CsmsHandler, nowMsOf, requireSecret, requireWritable, timeUnitOf } from './common.js';

/** `POST .../versions`: by default the new version takes SYSCURRENT, the old holder SYSPREVIOUS. */
const createSecretVersion: CsmsHandler = (req, ctx, store) => {
  const value = parseSecretValue(req.body);
  const stages = parseVersionStages(req.body) ?? [SystemStage.Current];
  const expireTime = parseExpireTime(req.body);
  const nowMs = nowMsOf(ctx);
  try {
    const { secret, version } = store.transaction(() => {
      const found = requireSecret(store, req.projectId, req.params.secret_name);
      requireWritable(found);
      if (store.countVersions(found.id) >= CsmsLimits.versionsPerSecret) {
        throw csmsError(
          CsmsError.VersionQuota,
          `The number of secret versions has reached the upper limit (${CsmsLimits.versionsPerSecret}).`,
        );
      }
      const seq = store.insertVersion(found, {
        kms_key_id: found.kms_key_id,
        value_kind: value.kind,
        value: value.bytes,
        expire_time: expireTime,
        create_time_ms: nowMs,
      });
      assignStages(store, found.id, seq, stages, nowMs);
      store.touchSecret(found.id, nowMs);
      notifySecretEvent(ctx, store, found, SecretEventType.VersionCreated, versionId(seq));
      return { secret: found, version: store.findVersion(found.id, seq) as VersionRow };
    });
    const labels = stagesBySeq(store.stagesOf(secret.id)).get(version.seq) ?? [];
    return {
      status: 200,
      body: { version_metadata: versionMetadataView(secret.name, version, labels, timeUnitOf(ctx)) },
    };
  } finally {
    value.bytes.fill(0);
  }
};

/** The seq behind a path `version_id`: `v<n>` or `latest` (the SYSCURRENT holder). */
function resolveVersion(store: SecretStore, secret: SecretRow, id: string | undefined): VersionRow {
  const seq =
    id === LATEST_VERSION_ALIAS
      ? store.findStage(secret.id, SystemStage.Current)?.seq
      : id === undefined
        ? undefined
        : parseVersionId(id);
  const version = seq === undefined ? undefined : store.findVersion(secret.id, seq);
  if (version === undefined) throw csmsError(CsmsError.NotFound, 'The secret version does not exist.');
  return version;
}

/** `GET .../versions/{version_id}`: metadata and value; only for ENABLED secrets (CSMS.0109). */
const showSecretVersion: CsmsHandler = (req, ctx, store) => {
  const secret = requireSecret(store, req.projectId, req.params.secret_name);
  if (secret.state !== SecretState.Enabled) {
    throw csmsError(CsmsError.NotEnabled, 'The secret state is not enabled.');
  }
  const version = resolveVersion(store, secret, req.params.version_id);
  const labels = stagesBySeq(store.stagesOf(secret.id)).get(version.seq) ?? [];
  const valueField =
    version.value_kind === 'string'
      ? { secret_string: version.value.toString('utf8') }
      : { secret_binary: version.value.toString('base64') };
  return {
    status: 200,
    body: {
      version: { version_metadata: versionMetadataView(secret.name, version, labels, timeUnitOf(ctx)), ...valueField },
    },
  };
};

/** `GET .../versions?marker=&limit=`: oldest first; `marker` is the last id of the previous page. */
const listSecretVersions: CsmsHandler = (req, ctx, store) => {
  const limit = parseQueryInteger(
    'limit',
    req.query.get('limit'),
    1,
    CsmsLimits.listMaxLimit,
    CsmsLimits.listDefaultLimit,
  );
  const marker = req.query.get('marker') ?? '';
  const afterSeq = marker === '' ? 0 : parseVersionId(marker);
  if (afterSeq === undefined) invalid('marker', 'must be a version id such as v3');
  const secret = requireSecret(store, req.projectId, req.params.secret_name);
  const rows = store.listVersions(secret.id, afterSeq, limit + 1);
  const page = rows.slice(0, limit);
  const labels = stagesBySeq(store.stagesOf(secret.id));
  const unit = timeUnitOf(ctx);
  const pageInfo: Record<string, unknown> = { current_count: page.length };
  const last = page.at(-1);
  if (rows.length > limit && last !== undefined) pageInfo.next_marker = versionId(last.seq);
  if (marker !== '') pageInfo.previous_marker = marker;
  return {
    status: 200,
    body: {
      version_metadatas: page.map((v) => versionMetadataView(secret.name, v, labels.get(v.seq) ?? [], unit)),
      page_info: pageInfo,
    },
  };
};

export { createSecretVersion, listSecretVersions, showSecretVersion };
