/**
 * Secret-level operations: create, show, delete now, schedule and cancel deletion.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  CsmsLimits,
  DEFAULT_ENTERPRISE_PROJECT_ID,
  DEFAULT_MASTER_KEY_ALIAS,
  SecretState,
  SystemStage,
} from '../constants.js';
import { CsmsError, csmsError } from '../errors.js';
import { SecretEventType, notifySecretEvent } from '../notify.js';
import type { ServiceContext } from '../../types.js';
import type { SecretStore } from '../SecretStore.js';
import { parseIntegerIn, parseSecretName, parseSecretOptions, parseSecretValue } from '../validate.js';
import { secretView } from '../views.js';
import { type CsmsHandler, nowMsOf, requireSecret, timeUnitOf } from './common.js';

const DAY_MS = 86_400_000;

/**
 * The id of the project's `csms/default` master key. Derived from the project id, so it is the
 * same on every call and across restarts, as the real key (created once per project) would be.
 */
function defaultMasterKeyId(projectId: string): string {
  const hex = createHash('sha256').update(`${DEFAULT_MASTER_KEY_ALIAS}\0${projectId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `POST /v1/{project_id}/secrets`: the secret plus version v1 labelled SYSCURRENT. */
const createSecret: CsmsHandler = (req, ctx, store) => {
  const name = parseSecretName(req.body);
  const options = parseSecretOptions(req.body);
  const value = parseSecretValue(req.body);
  const nowMs = nowMsOf(ctx);
  try {
    const secret = store.transaction(() => {
      if (store.findSecret(req.projectId, name) !== undefined) {
        throw csmsError(CsmsError.NameExists, `The secret name ${name} already exists.`);
      }
      if (store.countSecrets(req.projectId) >= CsmsLimits.secretsPerProject) {
        throw csmsError(
          CsmsError.SecretQuota,
          `The number of secret has reached the upper limit (${CsmsLimits.secretsPerProject}).`,
        );
      }
      const kmsKeyId = options.kmsKeyId ?? defaultMasterKeyId(req.projectId);
      store.insertSecret({
        id: randomUUID(),
        project_id: req.projectId,
        name,
        state: SecretState.Enabled,
        kms_key_id: kmsKeyId,
        description: options.description,
        secret_type: options.secretType,
        auto_rotation: options.autoRotation ? 1 : 0,
        rotation_period: options.rotationPeriod,
        rotation_config: options.rotationConfig,
        rotation_func_urn: options.rotationFuncUrn,
        event_subscriptions: JSON.stringify(options.eventSubscriptions),
        enterprise_project_id: options.enterpriseProjectId ?? DEFAULT_ENTERPRISE_PROJECT_ID,
        create_time_ms: nowMs,
        update_time_ms: nowMs,
      });
      const inserted = requireSecret(store, req.projectId, name);
      const seq = store.insertVersion(inserted, {
        kms_key_id: kmsKeyId,
        value_kind: value.kind,
        value: value.bytes,
        expire_time: null,
        create_time_ms: nowMs,
      });
      store.setStage(inserted.id, SystemStage.Current, seq, nowMs);
      return requireSecret(store, req.projectId, name);
    });
    return { status: 200, body: { secret: secretView(secret, timeUnitOf(ctx)) } };
  } finally {
    value.bytes.fill(0);
  }
};

/** `GET /v1/{project_id}/secrets/{secret_name}`. */
const showSecret: CsmsHandler = (req, ctx, store) => {
  const secret = requireSecret(store, req.projectId, req.params.secret_name);
  return { status: 200, body: { secret: secretView(secret, timeUnitOf(ctx)) } };
};

/** `DELETE /v1/{project_id}/secrets/{secret_name}`: immediate, with every version (SECRET_DELETED is published). */
const deleteSecret: CsmsHandler = (req, ctx, store) => {
  const secret = requireSecret(store, req.projectId, req.params.secret_name);
  notifySecretEvent(ctx, store, secret, SecretEventType.Deleted);
  store.deleteSecret(secret.id);
  return { status: 204 };
};

/** `POST .../scheduled-deleted-tasks/create` with `recovery_window_in_days` (7–30, default 30). */
const scheduleSecretDeletion: CsmsHandler = (req, ctx, store) => {
  const days = parseIntegerIn(
    'recovery_window_in_days',
    req.body.recovery_window_in_days,
    CsmsLimits.recoveryWindowMinDays,
    CsmsLimits.recoveryWindowMaxDays,
    CsmsLimits.recoveryWindowDefaultDays,
  );
  const nowMs = nowMsOf(ctx);
  const secret = store.transaction(() => {
    const found = requireSecret(store, req.projectId, req.params.secret_name);
    if (found.state === SecretState.PendingDelete) {
      throw csmsError(CsmsError.AlreadyPendingDeletion, 'The secret is in schedule delete state.');
    }
    store.setState(found.id, SecretState.PendingDelete, nowMs + days * DAY_MS, nowMs);
    return requireSecret(store, req.projectId, found.name);
  });
  return { status: 200, body: { secret: secretView(secret, timeUnitOf(ctx)) } };
};

/** `POST .../scheduled-deleted-tasks/cancel`: back to ENABLED. */
const cancelSecretDeletion: CsmsHandler = (req, ctx, store) => {
  const nowMs = nowMsOf(ctx);
  const secret = store.transaction(() => {
    const found = requireSecret(store, req.projectId, req.params.secret_name);
    if (found.state !== SecretState.PendingDelete) {
      throw csmsError(CsmsError.NotPendingDeletion, 'The secret is not in schedule delete state.');
    }
    store.setState(found.id, SecretState.Enabled, null, nowMs);
    return requireSecret(store, req.projectId, found.name);
  });
  return { status: 200, body: { secret: secretView(secret, timeUnitOf(ctx)) } };
};

/** Deletes the secrets whose scheduled deletion time the clock has reached (SECRET_DELETED is published). */
function purgeDueSecrets(ctx: ServiceContext, store: SecretStore, nowMs: number): number {
  return store.transaction(() => {
    const due = store.dueForDeletion(nowMs);
    for (const secret of due) {
      notifySecretEvent(ctx, store, secret, SecretEventType.Deleted);
      store.deleteSecret(secret.id);
    }
    return due.length;
  });
}

export {
  cancelSecretDeletion,
  createSecret,
  defaultMasterKeyId,
  deleteSecret,
  purgeDueSecrets,
  scheduleSecretDeletion,
  showSecret,
};
