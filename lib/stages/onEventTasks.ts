/** What on-event does for each task it was asked for; imports are handed to the stages through the dispatcher. */
import { KeyState } from '../domain/KeyState.js';
import { checkRecoverable, prepareExistingKey, rotateSecret } from '../lifecycle/index.js';
import { StageName } from '../ports/index.js';
import { isManaged } from '../tags.js';
import { createKeyStage } from './createKey.js';
import type { OnEventTask } from './eventSources.js';
import type { StageDeps, TaskReport } from './types.js';

/** Starts the import stages for a key (fetch-parameters → wrap-material → import-material). */
function startImport(deps: StageDeps, keyId: string, correlationId: string): Promise<void> {
  return deps.dispatcher.dispatch(StageName.FetchParameters, { key_id: keyId, correlation_id: correlationId });
}

/**
 * A stage gave up on a key (its async invocation failed for good). A managed key left in Pending import is an
 * outage: its import starts again now; any other key is the renewal timer's (it renews or recovers on its tick).
 */
async function pickUpLostKey(task: Extract<OnEventTask, { action: 'lost' }>, deps: StageDeps, correlationId: string): Promise<TaskReport> {
  const lost = { stage: task.stage, key_id: task.keyId, condition: task.condition };
  if (task.keyId === undefined) {
    deps.logger.error('stage.lost', { ...lost, outcome: 'left-to-timer' });
    return { action: 'lost', key_id: undefined, stage: task.stage, outcome: 'left-to-timer' };
  }
  const info = await deps.keys.describeKey(task.keyId);
  const managed = isManaged(await deps.keys.showKeyTags(task.keyId));
  const recover = managed && info.keyState === KeyState.PendingImport;
  deps.logger.error('stage.lost', { ...lost, state: info.keyState, outcome: recover ? 'recovery-started' : 'left-to-timer' });
  if (recover) await startImport(deps, task.keyId, correlationId);
  return { action: 'lost', key_id: task.keyId, stage: task.stage, outcome: recover ? 'recovery-started' : 'left-to-timer' };
}

/**
 * Runs one task. A rotation imports into the new key in this invocation (it must know the import succeeded
 * before moving the alias); an import or recovery hands the key to the stages.
 *
 * @example
 * const report = await runTask({ action: 'recover', keyId, force: false }, deps, correlationId, { fromCts: false });
 */
async function runTask(task: OnEventTask, deps: StageDeps, correlationId: string, origin: { fromCts: boolean }): Promise<TaskReport> {
  switch (task.action) {
    case 'onboard': {
      const result = await createKeyStage({ ...task.input, correlation_id: correlationId }, deps);
      return { action: task.action, key_id: result.key_id, alias: result.alias, secret_version: result.secret_version };
    }
    case 'import': {
      const decision = await prepareExistingKey(deps, task.keyId, origin);
      if (decision.outcome !== 'import-needed') return { action: task.action, ...decision, outcome: decision.outcome };
      await startImport(deps, task.keyId, correlationId);
      return { action: task.action, ...decision, outcome: 'import-started' };
    }
    case 'recover': {
      const { state, forced } = await checkRecoverable(deps, task.keyId, { force: task.force });
      deps.logger.info('recover.start', { key_id: task.keyId, state, action: 'recover', forced });
      await startImport(deps, task.keyId, correlationId);
      return { action: task.action, key_id: task.keyId, state, outcome: 'recovery-started', forced };
    }
    case 'lost':
      return pickUpLostKey(task, deps, correlationId);
    case 'rotate': {
      const target = 'alias' in task ? { alias: task.alias } : { secretName: task.secretName, ...(task.version ? { version: task.version } : {}) };
      const aliases = await rotateSecret(target, deps);
      return { action: task.action, key_id: aliases[0]?.new_key_id, aliases };
    }
  }
}

export { runTask };
