/**
 * The on-event stage on AWS: the common one (lib/stages/onEvent.ts) with two AWS rules in front of it.
 *
 * - The EventBridge `KMS Imported Key Material Expiration` event recovers the key (awsEvents.ts): it arrives after
 *   the material is gone. A key byok-keeper does not manage is left alone (the rule sees every key of the account),
 *   and one already back (a sweep or an earlier event was faster) is reported, not failed.
 * - `{"action":"rotate", …}` runs the AWS rotation (new material on the same key, rotateKeyMaterial.ts) instead of
 *   a new key per version.
 *
 * Everything else (`onboard`, `import`, `recover`) is the common stage's, after an onboarding's ttl is checked
 * against AWS's 365-day cap.
 */
import { KeyState } from '../domain/KeyState.js';
import { isCorrelationId, newCorrelationId } from '../domain/ids.js';
import { isLifecycleError, LifecycleErrorCode, readManagedKey } from '../lifecycle/index.js';
import { StageName } from '../ports/index.js';
import { parseOnEvent } from '../stages/eventSources.js';
import { logStage } from '../stages/logStage.js';
import { createOnEventStage } from '../stages/onEvent.js';
import type { OnEventResult, StageDeps, StageLogic, TaskReport } from '../stages/types.js';
import { expiredKeyOf, isKmsExpirationEvent } from './awsEvents.js';
import type { AwsKeyService } from './AwsKeyService.js';
import { checkTtlForAws } from './expiration.js';
import { rotateKeyMaterial } from './rotateKeyMaterial.js';

/** A stage's deps over the AWS adapter (the rotation calls AWS-only operations). */
interface AwsStageDeps extends StageDeps {
  keys: AwsKeyService;
}

/** The source named in results for EventBridge's KMS events. */
const EVENTBRIDGE = 'eventbridge';

function correlationOf(event: unknown): string {
  const given = (event as { correlation_id?: unknown } | null)?.correlation_id;
  return isCorrelationId(given) ? given : newCorrelationId();
}

function result(keyId: string, correlationId: string, source: string, outcome: string, tasks: TaskReport[]): OnEventResult {
  return { ok: true, stage: StageName.OnEvent, key_id: keyId, correlation_id: correlationId, source, outcome, tasks };
}

/** The expiration event: recover the key unless it is not ours or is already back. */
async function onExpiration(event: unknown, deps: AwsStageDeps, common: StageLogic<unknown, OnEventResult>): Promise<OnEventResult> {
  const { keyId } = expiredKeyOf(event);
  const correlationId = correlationOf(event);
  try {
    await readManagedKey(deps.keys, keyId);
  } catch (error) {
    if (!isLifecycleError(error) || error.code !== LifecycleErrorCode.NotManaged) throw error;
    deps.logger.info('recover.skipped', { key_id: keyId, action: 'recover', outcome: 'not-managed' });
    return result(keyId, correlationId, EVENTBRIDGE, 'not-managed', []);
  }
  const info = await deps.keys.describeKey(keyId);
  if (info.keyState === KeyState.Enabled) {
    deps.logger.info('recover.skipped', { key_id: keyId, action: 'recover', outcome: 'already-recovered', state: info.keyState });
    return result(keyId, correlationId, EVENTBRIDGE, 'already-recovered', []);
  }
  const recovered = await common({ action: 'recover', key_id: keyId, correlation_id: correlationId }, deps);
  return { ...recovered, source: EVENTBRIDGE };
}

/**
 * Builds the AWS on-event stage logic.
 *
 * @example
 * const onEvent = createAwsOnEventStage();
 * await onEvent(kmsExpirationEvent, deps); // recovers the key
 */
function createAwsOnEventStage(): (event: unknown, deps: AwsStageDeps) => Promise<OnEventResult> {
  const common = createOnEventStage();
  return async (event, deps) => {
    if (isKmsExpirationEvent(event)) return onExpiration(event, deps, common);
    const parsed = parseOnEvent(event);
    for (const task of parsed.tasks) if (task.action === 'onboard') checkTtlForAws(task.input.ttl);
    if (!parsed.tasks.every((task) => task.action === 'rotate')) return common(event, deps);
    const correlationId = parsed.correlationId ?? correlationOf(event);
    return logStage(deps, { stage: StageName.OnEvent, action: 'rotate' }, async () => {
      const tasks: TaskReport[] = [];
      for (const task of parsed.tasks) {
        if (task.action !== 'rotate') continue;
        const target = 'alias' in task ? { alias: task.alias } : { secretName: task.secretName, ...(task.version !== undefined ? { version: task.version } : {}) };
        const aliases = await rotateKeyMaterial(deps, target);
        tasks.push({ action: 'rotate', key_id: aliases[0]?.new_key_id, aliases });
      }
      const keyId = tasks.map((t) => t.key_id).find((id): id is string => typeof id === 'string') ?? '';
      return result(keyId, correlationId, parsed.source, 'rotate', tasks);
    });
  };
}

export { createAwsOnEventStage };
export type { AwsStageDeps };
