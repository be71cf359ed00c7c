/**
 * How stage labels move. A stage labels exactly one version (the table's key enforces it);
 * when SYSCURRENT moves to another version, the version that held it becomes SYSPREVIOUS, on
 * version creation and on stage update alike (Huawei: "by default the latest version is
 * SYSCURRENT and the previous one SYSPREVIOUS"). A label the caller assigns explicitly wins.
 */
import { CsmsLimits, SystemStage } from './constants.js';
import { CsmsError, csmsError } from './errors.js';
import type { SecretStore } from './SecretStore.js';

/**
 * Puts `stages` on version `seq` of the secret, moving them off other versions.
 * Throws CSMS.0203 when the secret would carry more than 12 distinct stages.
 */
function assignStages(store: SecretStore, secretId: string, seq: number, stages: readonly string[], nowMs: number): void {
  const existing = store.stagesOf(secretId);
  const current = existing.find((s) => s.name === SystemStage.Current);
  const movesCurrent = stages.includes(SystemStage.Current) && current !== undefined && current.seq !== seq;
  const givePrevious = movesCurrent && !stages.includes(SystemStage.Previous);

  const names = new Set(existing.map((s) => s.name));
  for (const stage of stages) names.add(stage);
  if (givePrevious) names.add(SystemStage.Previous);
  if (names.size > CsmsLimits.stagesPerSecret) {
    throw csmsError(
      CsmsError.StageQuota,
      `The number of stage has reached the upper limit (${CsmsLimits.stagesPerSecret} per secret).`,
    );
  }

  if (givePrevious && current !== undefined) store.setStage(secretId, SystemStage.Previous, current.seq, nowMs);
  for (const stage of stages) store.setStage(secretId, stage, seq, nowMs);
}

export { assignStages };
