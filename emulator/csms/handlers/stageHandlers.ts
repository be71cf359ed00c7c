/**
 * Stage operations: show which version a stage labels, move it (PUT), delete it.
 * SYSCURRENT and SYSPREVIOUS cannot be deleted (CSMS.0105).
 */
import { SystemStage } from '../constants.js';
import { CsmsError, csmsError } from '../errors.js';
import type { SecretRow, SecretStore, StageRow } from '../SecretStore.js';
import { assignStages } from '../stageRules.js';
import { invalid, parseStageName } from '../validate.js';
import { parseVersionId, stageView } from '../views.js';
import { type CsmsHandler, nowMsOf, requireSecret, requireWritable, timeUnitOf } from './common.js';

const systemStages: ReadonlySet<string> = new Set(Object.values(SystemStage));

function requireStage(store: SecretStore, secret: SecretRow, name: string | undefined): StageRow {
  const stage = name === undefined ? undefined : store.findStage(secret.id, name);
  if (stage === undefined) throw csmsError(CsmsError.NotFound, 'The secret stage does not exist.');
  return stage;
}

/** `GET .../stages/{stage_name}`. */
const showSecretStage: CsmsHandler = (req, ctx, store) => {
  const secret = requireSecret(store, req.projectId, req.params.secret_name);
  const stage = requireStage(store, secret, req.params.stage_name);
  return { status: 200, body: { stage: stageView(secret.name, stage, timeUnitOf(ctx)) } };
};

/** `PUT .../stages/{stage_name}` with `{"version_id"}`: creates or moves the label. */
const updateSecretStage: CsmsHandler = (req, ctx, store) => {
  const stageName = parseStageName(req.params.stage_name);
  const target = req.body.version_id;
  if (typeof target !== 'string' || target.length === 0) invalid('version_id', 'required string');
  const nowMs = nowMsOf(ctx);
  const { secret, stage } = store.transaction(() => {
    const found = requireSecret(store, req.projectId, req.params.secret_name);
    requireWritable(found);
    const seq = parseVersionId(target);
    if (seq === undefined || store.findVersion(found.id, seq) === undefined) {
      throw csmsError(CsmsError.NotFound, 'The secret version does not exist.');
    }
    assignStages(store, found.id, seq, [stageName], nowMs);
    return { secret: found, stage: requireStage(store, found, stageName) };
  });
  return { status: 200, body: { stage: stageView(secret.name, stage, timeUnitOf(ctx)) } };
};

/** `DELETE .../stages/{stage_name}`: 204; the version it labelled keeps its other labels. */
const deleteSecretStage: CsmsHandler = (req, _ctx, store) => {
  const name = req.params.stage_name;
  if (name !== undefined && systemStages.has(name)) {
    throw csmsError(CsmsError.SystemStage, 'Can not delete the system internal stage.');
  }
  store.transaction(() => {
    const secret = requireSecret(store, req.projectId, req.params.secret_name);
    requireWritable(secret);
    const stage = requireStage(store, secret, name);
    store.deleteStage(secret.id, stage.name);
  });
  return { status: 204 };
};

export { deleteSecretStage, showSecretStage, updateSecretStage };
